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
from reviews.models import ReviewStatus
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_organisation, make_user
from tests.sso.idps import (  # noqa: F401  (the session fixtures)
    GROUP_IDR_AUDITOR,
    GROUP_IDR_HEAD,
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
        (Provider.SAML, GROUP_IDR_HEAD, idr, Role.HEAD, "förvaltningschef"),
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


def _accessible(page, name):
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, name)


def _events(kind, **filters):
    return list(SecurityEvent.objects.filter(kind=kind, **filters))


def test_an_oidc_login_lands_on_the_mapped_organisation_and_role(
    page,
    live_server,
    sso,
    oidc_idp,  # noqa: F811
):
    page.goto(f"{live_server.url}/logga-in/")
    _accessible(page, "sso-login")
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
    # logging out ends lgsys's session and offers the provider's own logout
    page.get_by_role("button", name="Logga ut").click()
    expect(page.locator("h1")).to_have_text("Du är utloggad från lgsys")
    _accessible(page, "sso-logged-out")
    idp_logout = page.get_by_role("link", name="Logga ut från stadens konto också")
    assert idp_logout.get_attribute("href").startswith(
        f"{oidc_idp['base']}/o/logout/?id_token_hint="
    )
    page.goto(f"{live_server.url}/KUL/")
    assert "/logga-in/" in page.url


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
    # logging out offers the IdP's single logout with a LogoutRequest for her
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("link", name="Logga ut från stadens konto också").click()
    expect(page.locator("h1")).to_have_text("Utloggad: saml-sara")


def test_a_person_in_no_mapped_group_gets_the_help_page(page, live_server, sso):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (OpenID Connect)").click()
    _idp_login(page, "olle")
    expect(page.locator("h1")).to_have_text("Ingen roll i lgsys ännu")
    expect(page.locator("main")).to_contain_text("Olle Ogrupperad")
    expect(page.locator("main")).to_contain_text("informationssäkerhetssamordnare")
    _accessible(page, "sso-no-role")
    user = get_user_model().objects.get(email="olle@stad.example")
    assert not Membership.objects.filter(user=user).exists()
    [event] = _events(Kind.SSO_FAILED, user=user)
    assert (event.reason, event.organisation) == (Reason.UNMAPPED, None)
    # not logged in: the organisation pages send to the login page
    page.goto(f"{live_server.url}/")
    assert "/logga-in/" in page.url


def _submitted(org):
    from django.utils import timezone

    from reviews.approval import services as approval
    from reviews.report.services import review_create
    from tests.factories import make_member
    from tests.reviews_report.factories import fill_required

    coordinator = make_member(
        org, Role.COORDINATOR, make_user(f"lokal-samordnare-{org.code}")
    )
    review = review_create(
        organisation=org, year=timezone.localdate().year, by=coordinator
    )
    fill_required(review, by=coordinator)
    approval.review_submit(review=review, by=coordinator)
    return review


@pytest.fixture
def submitted_review(sso):
    return _submitted(sso[0])


def test_the_head_approves_after_a_forced_new_login(
    page, live_server, submitted_review
):
    from django.utils import timezone

    review = submitted_review
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (OpenID Connect)").click()
    _idp_login(page, "karin")
    page.wait_for_url(re.compile(r"/KUL/$"))
    page.goto(f"{live_server.url}/KUL/granskning/{review.pk}/besluta/")
    # no password field for a session from the IdP: the IdP is asked again
    expect(page.locator("#id_password")).to_have_count(0)
    _accessible(page, "sso-approve-confirm")
    page.get_by_role("link", name="Bekräfta med stadens konto").click()
    # the provider asks for the password again (prompt=login, max_age=0)
    expect(page.locator("h1")).to_have_text("Test-IdP: logga in")
    _idp_login(page, "karin")
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/besluta/$"))
    expect(page.locator("main")).to_contain_text("Du loggade in på nytt")
    _accessible(page, "sso-approve-confirmed")
    page.get_by_role("button", name="Besluta", exact=True).click()
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/$"))
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    head = get_user_model().objects.get(email="karin@stad.example")
    assert review.decided_by == head
    age = timezone.now() - review.decided_authenticated_at
    assert 0 <= age.total_seconds() < 120
    assert _events(Kind.SSO_STEP_UP_OK, user=head, organisation=review.organisation)


@pytest.mark.parametrize(
    ("username", "reason"),
    [("forfalskad", Reason.BAD_SIGNATURE), ("felmottagare", Reason.WRONG_AUDIENCE)],
)
def test_a_bad_saml_assertion_is_refused_with_a_security_event(
    page, live_server, sso, username, reason
):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (SAML)").click()
    _idp_login(page, username)
    expect(page.locator("h1")).to_have_text("Inloggningen nekades")
    expect(page.locator("main")).to_contain_text(str(Reason(reason).label))
    _accessible(page, f"sso-refused-{reason}")
    [event] = _events(Kind.SSO_FAILED)
    assert event.reason == reason
    assert event.organisation is None and event.user is None
    assert not get_user_model().objects.filter(email__startswith=username).exists()


def test_an_expired_oidc_token_is_refused(page, live_server, sso):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (OpenID Connect)").click()
    _idp_login(page, "utgangen")
    expect(page.locator("h1")).to_have_text("Inloggningen nekades")
    expect(page.locator("main")).to_contain_text("utgången")
    [event] = _events(Kind.SSO_FAILED)
    assert event.reason == Reason.EXPIRED
    assert not get_user_model().objects.filter(email="utgangen@stad.example").exists()


def test_an_expired_saml_assertion_is_refused(page, live_server, sso):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (SAML)").click()
    _idp_login(page, "gammal")
    expect(page.locator("h1")).to_have_text("Inloggningen nekades")
    [event] = _events(Kind.SSO_FAILED)
    assert event.reason == Reason.EXPIRED
    assert "too old" in event.detail


def test_a_replayed_saml_assertion_is_refused(page, live_server, sso):
    posted = []
    page.on(
        "request",
        lambda r: (
            posted.append(r.post_data) if r.url.endswith("/sso/saml/acs/") else None
        ),
    )
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (SAML)").click()
    _idp_login(page, "sara")
    page.wait_for_url(re.compile(r"/IDR/$"))
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-(in|ut)/"))
    assert len(posted) == 1
    # the same signed answer posted again, as an attacker who caught it would
    page.evaluate(
        """([action, body]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            for (const [name, value] of new URLSearchParams(body)) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        [f"{live_server.url}/sso/saml/acs/", posted[0]],
    )
    expect(page.locator("h1")).to_have_text("Inloggningen nekades")
    [event] = _events(Kind.SSO_FAILED)
    assert event.reason == Reason.REPLAY
    # the person is known: the event is in their organisation, for its auditors
    assert event.organisation.code == "IDR"


def test_the_head_approves_after_a_forced_saml_login(page, live_server, sso):
    from django.utils import timezone

    review = _submitted(sso[1])
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Logga in med stadens konto (SAML)").click()
    _idp_login(page, "hanna")
    page.wait_for_url(re.compile(r"/IDR/$"))
    page.goto(f"{live_server.url}/IDR/granskning/{review.pk}/besluta/")
    page.get_by_role("link", name="Bekräfta med stadens konto").click()
    # the IdP has a session, yet asks again: lgsys sent ForceAuthn
    expect(page.locator("body")).to_contain_text("Inloggning krävs igen (ForceAuthn)")
    _idp_login(page, "hanna")
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/besluta/$"))
    page.get_by_role("button", name="Besluta", exact=True).click()
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/$"))
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    age = timezone.now() - review.decided_authenticated_at
    assert 0 <= age.total_seconds() < 120
