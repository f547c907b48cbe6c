"""The login page, the local passwords, the approval's step-up for a session from
the identity provider, the auditors' timeline and the group mappings' admin
(issue 20, points 1, 3, 4), without a browser."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lgsys.models import Membership, Role, SecurityEvent
from lgsys.sso import services
from lgsys.sso.models import GroupMapping
from reviews.approval import services as approval
from reviews.models import ReviewStatus
from reviews.report.services import review_create
from tests.factories import PASSWORD, make_organisation, make_user
from tests.reviews_report.factories import fill_required

Kind, Reason = SecurityEvent.Kind, SecurityEvent.Reason
OIDC = {
    "discovery_url": "https://login.example/v2.0/.well-known/openid-configuration",
    "client_id": "x",
    "client_secret": "y",
    "groups_claim": "groups",
    "scope": "openid",
}


@pytest.mark.django_db
def test_the_login_page_offers_the_citys_account_when_configured(client, settings):
    assert "stadens konto" not in client.get("/logga-in/").content.decode()
    settings.LGSYS_SSO_OIDC = OIDC
    page = client.get("/logga-in/?next=/KUL/?a=1%26b=2").content.decode()
    assert "Logga in med stadens konto" in page
    assert 'href="/sso/oidc/logga-in/?next=%2FKUL%2F%3Fa%3D1%26b%3D2"' in page
    assert "Eller logga in med lösenord" in page


@pytest.mark.django_db
def test_local_passwords_can_be_kept_for_superusers_only(client, settings, coordinator):
    settings.LGSYS_LOCAL_LOGIN = "superusers"
    refused = client.post(
        "/logga-in/", {"username": "samordnare", "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert "lösenord är bara till för administratörer" in refused.content.decode()
    make_user("nodkonto", is_superuser=True, is_staff=True)
    allowed = client.post("/logga-in/", {"username": "nodkonto", "password": PASSWORD})
    assert allowed.status_code == 302


@pytest.fixture
def submitted(org, coordinator, head):
    review = review_create(
        organisation=org, year=timezone.localdate().year, by=coordinator
    )
    fill_required(review, by=coordinator)
    approval.review_submit(review=review, by=coordinator)
    return review


def _sso_session(client, user, confirmed_at=None):
    client.force_login(user)
    session = client.session
    session["sso_provider"] = "oidc"
    if confirmed_at is not None:
        session["sso_stepup"] = {"user": user.pk, "at": confirmed_at.isoformat()}
    session.save()


def _approve(client, org, review):
    return client.post(
        reverse("reviews:review_approve", args=[org.code, review.pk]),
        {"decided_on": timezone.localdate().isoformat()},
    )


@pytest.mark.django_db
def test_a_session_from_the_idp_approves_only_after_a_new_login_there(
    client, org, head, submitted
):
    _sso_session(client, head)
    page = client.get(reverse("reviews:review_approve", args=[org.code, submitted.pk]))
    html = page.content.decode()
    assert 'name="password"' not in html
    assert "/sso/bekrafta/?next=" in html
    refused = _approve(client, org, submitted)
    assert "Bekräfta beslutet med stadens konto först" in refused.content.decode()
    # a login at the IdP six minutes ago is too old
    _sso_session(client, head, timezone.now() - timedelta(minutes=6))
    _approve(client, org, submitted)
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED
    assert [
        e.reason for e in SecurityEvent.objects.filter(kind=Kind.SSO_STEP_UP_FAILED)
    ] == [Reason.STALE_AUTH] * 2
    moment = timezone.now() - timedelta(minutes=1)
    _sso_session(client, head, moment)
    assert _approve(client, org, submitted).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED
    assert submitted.decided_authenticated_at == moment
    # used once: the session holds no confirmation any more
    assert "sso_stepup" not in client.session


@pytest.mark.django_db
def test_a_local_session_still_approves_with_the_password(client, org, head, submitted):
    client.force_login(head)
    response = client.post(
        reverse("reviews:review_approve", args=[org.code, submitted.pk]),
        {"decided_on": timezone.localdate().isoformat(), "password": PASSWORD},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED
    assert submitted.decided_authenticated_at is None


@pytest.mark.django_db
def test_the_auditors_see_sso_events_with_their_reason_in_swedish(client, org, auditor):
    admin = make_user("admin", is_superuser=True)
    services.group_mapping_create(
        provider="saml", group="g", organisation=org, role=Role.OWNER, by=admin
    )
    user = services.identity_login(
        claims=services.Claims(provider="saml", subject="s", groups=["g"]),
        request=None,
    )
    services.login_refused(
        request=None, provider="saml", reason=Reason.REPLAY, user=user, detail="a-1"
    )
    client.force_login(auditor)
    page = client.get(
        reverse("history_timeline", args=[org.code]), {"kind": "security"}
    ).content.decode()
    assert "Inloggning via stadens IdP nekad" in page
    assert "återanvänd (replay)" in page
    assert "Roll ändrad av stadens IdP" in page
    assert "saml: + KUL: Informationsägare" in page
    roles = client.get(
        reverse("history_timeline", args=[org.code]), {"kind": "lgsys.membership"}
    ).content.decode()
    assert "av stadens IdP (SAML)" in roles


@pytest.mark.django_db
def test_group_mappings_are_kept_by_superusers_in_the_admin(client, org):
    staff = make_user("personal", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/sso/groupmapping/").status_code == 403
    admin = make_user("admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        "/admin/sso/groupmapping/add/",
        {
            "provider": "oidc",
            "group": "0f3c9a52",
            "organisation": org.pk,
            "role": Role.COORDINATOR,
            "title": "informationssäkerhetssamordnare",
        },
    )
    assert response.status_code == 302
    mapping = GroupMapping.objects.get()
    assert mapping.history.get().history_user == admin

    def changelist_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/sso/groupmapping/").status_code == 200
        return len(captured)

    for n in range(2):
        services.group_mapping_create(
            provider="saml", group=f"g{n}", organisation=org, role=Role.OWNER, by=admin
        )
    few = changelist_queries()
    other = make_organisation("IDR")
    for n in range(47):
        services.group_mapping_create(
            provider="saml",
            group=f"h{n}",
            organisation=other,
            role=Role.OWNER,
            by=admin,
        )
    assert changelist_queries() == few
    assert not Membership.objects.exists()
