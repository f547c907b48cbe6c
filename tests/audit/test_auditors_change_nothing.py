"""Auditors read; they change nothing anywhere. Walks every URL pattern (so a new
page is covered without anyone listing it) and sends each a POST, PUT, PATCH and
DELETE as the organisation's auditor, with the real objects the authorisation
matrix builds. Every organisation page refuses (403, or 405 where the page takes
no such method), and no table of the database changes."""

import pytest
from django.apps import apps

from lgsys.models import SecurityEvent
from tests.factories import make_organisation
from tests.test_authorisation_matrix import ADMIN_PREFIX, MATRIX, _url, _users
from tests.urlwalk import all_routes

# Outside the organisations: these take a POST from anyone logged in, and none of
# them changes the organisation's data (checked below all the same).
PERSONAL = {
    "login",  # a logged-in user is sent on
    "logout",  # ends one's own session
    "set_language",  # one's own language, in the session
    "verify",  # computes a checksum, stores nothing
    "profile",  # one's own reminders (this POST lacks the form's version)
    "sso:saml_acs",  # the identity provider's answer (404 while SSO is off)
}


def _row_counts() -> dict:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model is not SecurityEvent
        and model._meta.app_label in {"lgsys", "classification", "reviews", "actions"}
    }


@pytest.mark.django_db
def test_an_auditor_is_refused_every_change(client):
    org = make_organisation("KUL", name="Kulturförvaltningen")
    other = make_organisation("IDR", name="Idrottsförvaltningen")
    users = _users(org, other)
    walked = 0
    for route in all_routes():
        if route.name.startswith(ADMIN_PREFIX):
            continue
        entry = MATRIX[route.name]
        url = _url(route, org, users, entry)  # builds the objects first
        before = _row_counts()
        client.force_login(users["auditor"])
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(
                url, {"name": "Ändrad av revisorn", "text": "x", "status": "godkand"}
            )
            if route.name in PERSONAL:
                continue
            # A city page is not the organisation's: its auditor is no member (404).
            refused = (403, 405, 404) if "city_code" in route.params else (403, 405)
            assert response.status_code in refused, (route.name, method, response)
        assert _row_counts() == before, route.name
        walked += 1
    assert walked > 40  # the walk did reach the organisation's pages
