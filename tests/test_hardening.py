"""Hardening: CSP, login throttling, session expiry after inactivity, the
accessibility statement."""

import time

import pytest
from django.urls import reverse

from lgsys.middleware import LAST_SEEN_KEY
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_scripts(client, coordinator, org):
    client.force_login(coordinator)
    response = client.get(f"/{org.code}/")
    policy = response["Content-Security-Policy"]
    directives = {
        part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
    }
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures_with_a_clear_message(
    client, coordinator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "samordnare", "fel-lösenord")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    locked = _login(client, "samordnare", "fel-lösenord")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "För många misslyckade inloggningar" in text
    assert "15 minuter" in text
    # While locked out, even the right password is refused.
    again = _login(client, "samordnare", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_successful_login_resets_the_failures(client, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "samordnare", "fel")
    assert _login(client, "samordnare", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "samordnare", "fel").status_code == 200


@pytest.mark.django_db
def test_other_users_are_not_locked_out_by_someone_elses_failures(
    client, coordinator, head, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "samordnare", "fel")
    assert _login(client, "chef", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_idle_session_is_logged_out_with_a_message(client, coordinator, org):
    assert _login(client, "samordnare", PASSWORD).status_code == 302
    assert client.get(f"/{org.code}/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 61 * 60
    session.save()
    response = client.get(f"/{org.code}/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "utan aktivitet" in response.content.decode()


@pytest.mark.django_db
def test_an_active_session_stays(client, coordinator, org):
    assert _login(client, "samordnare", PASSWORD).status_code == 302
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 59 * 60
    session.save()
    assert client.get(f"/{org.code}/").status_code == 200
    # The request counts as activity.
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5


@pytest.mark.django_db
def test_the_accessibility_statement_is_public_and_linked_from_every_page(
    client, coordinator, org
):
    url = reverse("accessibility_statement")
    assert url == "/tillganglighet/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Tillgänglighetsredogörelse" in page.content.decode()
    assert "Digg" in page.content.decode()
    client.force_login(coordinator)
    assert f'href="{url}"' in client.get(f"/{org.code}/").content.decode()
    client.logout()
    assert f'href="{url}"' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_an_overlong_user_name_is_a_field_error_not_a_crash(client):
    """Django sets the login field's max_length too late for its validator: a huge
    user name used to reach the backends and the throttling table (500 on
    PostgreSQL, where the column is varchar(255))."""
    from axes.models import AccessAttempt

    response = client.post("/logga-in/", {"username": "x" * 100_000, "password": "y"})
    assert response.status_code == 200
    assert "som mest 150 tecken" in response.content.decode()
    assert not AccessAttempt.objects.exists()
