"""Single sign-on in a real browser against real identity providers started on
this machine (issue 20, point 5): django-oauth-toolkit's OpenID Connect provider
and pysaml2's SAML IdP (tests/sso/idps.py). Logins land on the mapped
organisation and role; an unmapped person gets the help page; the head approves
after a forced new login; a tampered assertion, a wrong audience, an expired
token and a replayed assertion are refused, each with its security event."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from lgsys.models import Membership, Role, SecurityEvent
from lgsys.sso import services as sso_services
from lgsys.sso.models import Provider
from tests.factories import make_organisation, make_user
from tests.sso.idps import (  # noqa: F401  (the session fixtures)
    GROUP_IDR_AUDITOR,
    GROUP_KUL_COORDINATOR,
    GROUP_KUL_HEAD,
    PASSWORD,
    oidc_idp,
    saml_idp,
)

pytestmark = pytest.mark.django_db(transaction=True)
Kind, Reason = SecurityEvent.Kind, SecurityEvent.Reason


@pytest.fixture
def orgs(db):
    return (
        make_organisation("KUL", name="Kulturförvaltningen"),
        make_organisation("IDR", name="Idrottsförvaltningen"),
    )


@pytest.fixture
def sso(settings, oidc_idp, saml_idp, orgs):  # noqa: F811
    settings.LGSYS_SSO_OIDC = oidc_idp["settings"]
    settings.LGSYS_SSO_SAML = saml_idp["settings"]
    kul, idr = orgs
    admin = make_user("admin", is_superuser=True, is_staff=True)
    for provider, group, org, role, title in [
        (Provider.OIDC, GROUP_KUL_COORDINATOR, kul, Role.COORDINATOR, "samordnare"),
        (Provider.OIDC, GROUP_KUL_HEAD, kul, Role.HEAD, "förvaltningschef"),
        (Provider.SAML, GROUP_IDR_AUDITOR, idr, Role.AUDITOR, "revisor"),
    ]:
        sso_services.group_mapping_create(
            provider=provider,
            group=group,
            organisation=org,
            role=role,
            title=title,
            by=admin,
        )
    return kul, idr


def _idp_login(page, username):
    page.get_by_label("Konto").fill(username)
    page.get_by_label("Kod").fill(PASSWORD)
    page.get_by_role("button", name="Skicka").click()


def _events(kind, **filters):
    return list(SecurityEvent.objects.filter(kind=kind, **filters))


def test_an_oidc_login_lands_on_the_mapped_organisation_and_role(
    page, live_server, sso
):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (OpenID Connect)").click()
    _idp_login(page, "anna")
    page.wait_for_url(re.compile(r"/KUL/$"))
    expect(page.locator("body")).to_contain_text("Anna Andersson")
    user = get_user_model().objects.get(email="anna@stad.example")
    assert (user.is_staff, user.is_superuser) == (False, False)
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.code, membership.role) == ("KUL", Role.COORDINATOR)
    assert _events(Kind.SSO_LOGIN, user=user, organisation__code="KUL")
    assert _events(Kind.SSO_MEMBERSHIP, user=user, organisation__code="KUL")


def test_a_saml_login_lands_on_the_mapped_organisation_and_role(page, live_server, sso):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (SAML)").click()
    _idp_login(page, "sara")
    page.wait_for_url(re.compile(r"/IDR/$"))
    user = get_user_model().objects.get(email="sara@stad.example")
    assert (user.first_name, user.last_name) == ("Sara", "Samlsson")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.code, membership.role) == ("IDR", Role.AUDITOR)
    assert _events(Kind.SSO_LOGIN, user=user, organisation__code="IDR")
