"""Logins, failed logins, logouts and role changes are recorded and visible to
the organisation's auditors (issue 11.5)."""

import pytest
from django.urls import reverse

from lgsys.models import Membership, Role, SecurityEvent
from tests.factories import PASSWORD


def _login(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT="Testwebbläsare/1.0",
    )


@pytest.mark.django_db
def test_logins_failures_and_logouts_are_recorded(client, org, other_org, coordinator):
    Membership.objects.create(user=coordinator, organisation=other_org, role=Role.HEAD)
    assert _login(client, "samordnare", "fel lösenord").status_code == 200
    assert _login(client, "samordnare", PASSWORD).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    assert _login(client, "finns-inte", "x").status_code == 200

    kul = list(SecurityEvent.objects.filter(organisation=org).order_by("when", "id"))
    assert [e.kind for e in kul] == ["login_failed", "login", "logout"]
    assert [(e.user, e.ip_address) for e in kul] == [(coordinator, "10.1.2.3")] * 3
    assert kul[0].user_agent == "Testwebbläsare/1.0"
    # Each organisation the user belongs to gets its own copy.
    assert SecurityEvent.objects.filter(organisation=other_org).count() == 3
    unknown = SecurityEvent.objects.get(organisation=None)
    assert unknown.kind == "login_failed" and unknown.username == "finns-inte"
    assert unknown.user is None


@pytest.mark.django_db
def test_auditors_see_the_events_and_role_changes(client, org, coordinator, auditor):
    _login(client, "samordnare", "fel lösenord")
    _login(client, "samordnare", PASSWORD)
    membership = Membership.objects.get(user=coordinator, organisation=org)
    membership.role = Role.OWNER
    membership.save()
    client.force_login(auditor)
    url = reverse("history_timeline", args=[org.code])
    events = client.get(url, {"kind": "security"}).content.decode()
    assert "Misslyckad inloggning" in events
    assert "Inloggad" in events
    assert "10.1.2.3" in events
    roles = client.get(url, {"kind": "lgsys.membership"}).content.decode()
    assert "Informationssäkerhetssamordnare" in roles and "Informationsägare" in roles
    # Another organisation's events never show.
    assert "finns-inte" not in client.get(url).content.decode()
