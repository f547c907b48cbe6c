"""loaddemo: the demo organisation and users, and running it twice changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from lgsys.models import Membership, Organisation, Role

VOLATILE = {"sessions.session", "admin.logentry"}


def snapshot() -> dict:
    """Every row of every table, history tables included."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in VOLATILE:
            continue
        rows[model._meta.label_lower] = list(
            model._base_manager.order_by("pk").values()
        )
    return rows


@pytest.mark.django_db
def test_loaddemo_creates_the_organisation_and_one_user_per_role(capsys):
    call_command("loaddemo")
    out = capsys.readouterr().out
    kul = Organisation.objects.get(code="KUL")
    assert kul.name == "Kulturförvaltningen"
    assert kul.municipality == "Stockholms stad"
    assert kul.kind == Organisation.Kind.FORVALTNING
    roles = dict(
        Membership.objects.filter(organisation=kul).values_list(
            "user__username", "role"
        )
    )
    assert roles == {
        "samordnare": Role.COORDINATOR,
        "chef": Role.HEAD,
        "revisor": Role.AUDITOR,
        "agare": Role.OWNER,
    }
    for username in roles:
        request = RequestFactory().post("/logga-in/")
        assert (
            authenticate(request, username=username, password="lgsys-demo") is not None
        )
        assert username in out
    assert "lgsys-demo" in out
    assert kul.history.count() == 1


@pytest.mark.django_db
def test_loaddemo_twice_changes_nothing():
    call_command("loaddemo")
    first = snapshot()
    assert sum(len(v) for v in first.values()) > 10
    call_command("loaddemo")
    assert snapshot() == first


@pytest.mark.django_db
def test_loaddemo_repairs_a_changed_row_and_records_it():
    call_command("loaddemo")
    membership = Membership.objects.get(user__username="chef")
    membership.role = Role.AUDITOR
    membership.save()
    call_command("loaddemo")
    membership.refresh_from_db()
    assert membership.role == Role.HEAD
    assert membership.history.first().history_change_reason == "demodata"
