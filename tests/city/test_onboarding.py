"""Onboarding a new organisation without the Django admin: the city creates it
and invites its coordinator, who accepts and invites the others."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from classification.models import ScaleLevel
from lgsys.city import services
from lgsys.models import Invitation, Membership, Organisation, Role
from tests.city.factories import make_invitation

STRONG = "Vinter-Sol-2026-lgsys"


def _link(message) -> str:
    return re.search(r"https?://\S+/inbjudan/(\S+)/", message.body).group(1)


def _create(client, city, **data):
    return client.post(
        f"/stad/{city.code}/ny-organisation/",
        {"name": "Idrottsförvaltningen", "code": "IDR", "kind": "forvaltning", **data},
    )


@pytest.mark.django_db
def test_the_city_creates_an_organisation_with_its_scales_and_letterhead(
    client, city, ciso
):
    client.force_login(ciso)
    response = _create(client, city, plan_deadline="2026-11-30")
    assert response.status_code == 302
    idr = Organisation.objects.get(code="IDR")
    assert response.url == f"/stad/{city.code}/organisationer/IDR/"
    assert idr.city == city and idr.municipality == "Stockholms stad"
    assert str(idr.plan_deadline) == "2026-11-30"
    # the default scales, as any new organisation gets them
    levels = ScaleLevel.objects.filter(
        organisation=idr, kind=ScaleLevel.Kind.CLASSIFICATION
    )
    assert sorted(levels.values_list("value", flat=True)) == [0, 1, 2, 3, 4]
    record = idr.history.get()
    assert record.history_user == ciso
    assert record.history_change_reason == "onboarded"
    page = client.get(f"/stad/{city.code}/").content.decode()
    assert "Idrottsförvaltningen" in page
    # its history, on the city's page of it
    page = client.get(response.url).content.decode()
    history = page.split("Ändringshistorik")[1]
    assert "ansluten av staden" in history and "Annika Bergström" in history


@pytest.mark.django_db
def test_bad_input_is_shown_next_to_the_field_and_kept(client, city, ciso, org):
    client.force_login(ciso)
    response = _create(client, city, code=org.code, name="Dubbel")
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert 'value="Dubbel"' in response.content.decode()
    response = _create(client, city, code="idr")  # lower case is upper-cased
    assert response.status_code == 302
    response = _create(client, city, code="1X")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_city_auditor_and_another_city_create_nothing(
    city, other_city, city_auditor, other_ciso, coordinator
):
    for user in (city_auditor, other_ciso, coordinator):
        with pytest.raises(PermissionDenied):
            services.organisation_create(
                city=city, by=user, name="X", code="XX", kind="forvaltning"
            )
    assert not Organisation.objects.filter(code="XX").exists()


@pytest.mark.django_db
def test_an_invitation_is_mailed_and_only_its_hash_is_stored(
    client, city, city_org, ciso, django_capture_on_commit_callbacks
):
    client.force_login(ciso)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/stad/{city.code}/organisationer/{city_org.code}/",
            {"email": "Jenny.Ekman@Kultur.example.se", "title": "samordnare"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Jenny.Ekman@kultur.example.se"]
    assert city_org.name in message.subject
    token = _link(message)
    invitation = Invitation.objects.get()
    assert invitation.role == Role.COORDINATOR
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get())
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    record = invitation.history.get()
    assert record.history_user == ciso and record.history_change_reason == "invited"
    assert not hasattr(record, "token_hash")


@pytest.mark.django_db
def test_who_may_invite_whom(city, city_org, other_org, ciso, coordinator, head):
    def invite(by, organisation, role):
        return services.invitation_create(
            organisation=organisation, email="x@example.se", role=role, by=by
        )

    # the city invites coordinators of its own organisations only
    with pytest.raises(PermissionDenied):
        invite(ciso, city_org, Role.HEAD)
    with pytest.raises(PermissionDenied):
        invite(ciso, other_org, Role.COORDINATOR)
    # a coordinator invites head, auditors, owners, in their organisation only
    with pytest.raises(PermissionDenied):
        invite(coordinator, city_org, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        invite(coordinator, other_org, Role.HEAD)
    with pytest.raises(PermissionDenied):
        invite(coordinator, city_org, "stad_ansvarig")
    with pytest.raises(PermissionDenied):
        invite(head, city_org, Role.AUDITOR)
    invitation, _token = invite(coordinator, city_org, Role.AUDITOR)
    assert invitation.invited_by == coordinator
    with pytest.raises(ValidationError):  # one waiting invitation per address
        invite(coordinator, city_org, Role.OWNER)


def _accept(client, token, **data):
    fields = {
        "first_name": "Sara",
        "last_name": "Lund",
        "username": "sara",
        "password1": STRONG,
        "password2": STRONG,
    }
    return client.post(f"/inbjudan/{token}/", {**fields, **data})


@pytest.mark.django_db
def test_an_invitation_link_works_once(client, city_org):
    invitation, token = make_invitation(city_org, Role.HEAD, email="sara@example.se")
    page = client.get(f"/inbjudan/{token}/")
    assert page.status_code == 200
    assert "Inbjudan till" in page.content.decode()
    response = _accept(client, token)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="sara")
    assert user.email == "sara@example.se"
    assert not user.is_staff and not user.is_superuser
    assert user.check_password(STRONG)
    membership = Membership.objects.get(user=user)
    assert membership.organisation == city_org and membership.role == Role.HEAD
    assert membership.history.get().history_change_reason == "invitation_accepted"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # logged in, on the organisation's dashboard
    assert client.get(response.url).status_code == 200
    client.logout()
    again = client.get(f"/inbjudan/{token}/")
    assert again.status_code == 410
    assert "redan använts" in again.content.decode()
    assert _accept(client, token, username="sara2").status_code == 410
    assert get_user_model().objects.filter(username="sara2").count() == 0


@pytest.mark.django_db
def test_an_invitation_link_expires(client, city_org):
    _invitation, token = make_invitation(
        city_org, Role.OWNER, expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(f"/inbjudan/{token}/")
    assert response.status_code == 410
    assert "har gått ut" in response.content.decode()
    assert _accept(client, token).status_code == 410
    assert not get_user_model().objects.filter(username="sara").exists()


@pytest.mark.django_db
def test_an_unknown_or_absurd_token_is_404(client, city_org):
    make_invitation(city_org)
    assert client.get("/inbjudan/nope/").status_code == 404
    assert client.get("/inbjudan/" + "a" * 5000 + "/").status_code == 404
    assert "Inbjudan finns inte" in client.get("/inbjudan/nope/").content.decode()


@pytest.mark.django_db
def test_the_posted_form_cannot_make_a_superuser(client, city_org):
    _invitation, token = make_invitation(city_org, Role.HEAD)
    _accept(client, token, is_staff="on", is_superuser="on", email="evil@example.se")
    user = get_user_model().objects.get(username="sara")
    assert not user.is_staff and not user.is_superuser
    assert user.email != "evil@example.se"


@pytest.mark.django_db
def test_a_weak_password_or_taken_name_is_refused_and_typed_input_kept(
    client, city_org, coordinator
):
    _invitation, token = make_invitation(city_org, Role.HEAD)
    response = _accept(client, token, password1="123", password2="123")
    assert response.status_code == 200
    page = response.content.decode()
    assert "field--error" in page and 'value="Sara"' in page
    response = _accept(client, token, username=coordinator.username)
    assert response.status_code == 200
    assert "upptaget" in response.content.decode()
    assert not get_user_model().objects.filter(first_name="Sara").exists()


@pytest.mark.django_db
def test_a_logged_in_user_with_the_address_accepts_into_their_account(
    client, city_org, other_org
):
    from tests.factories import make_member, make_user

    user = make_member(other_org, Role.COORDINATOR, make_user(email="k@example.se"))
    _invitation, token = make_invitation(city_org, Role.AUDITOR, email="K@example.se")
    client.force_login(user)
    assert "Gå med i" in client.get(f"/inbjudan/{token}/").content.decode()
    response = client.post(f"/inbjudan/{token}/")
    assert response.status_code == 302
    assert Membership.objects.get(user=user, organisation=city_org).role == (
        Role.AUDITOR
    )


@pytest.mark.django_db
def test_another_account_cannot_take_the_invitation(client, city_org, outsider):
    invitation, token = make_invitation(city_org, Role.HEAD, email="h@example.se")
    client.force_login(outsider)
    assert client.post(f"/inbjudan/{token}/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_the_coordinator_invites_and_revokes_on_the_members_page(
    client, city_org, coordinator, head
):
    client.force_login(coordinator)
    response = client.post(
        f"/{city_org.code}/medlemmar/",
        {"email": "agare@example.se", "role": Role.OWNER, "title": "ägare"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="agare@example.se")
    page = client.get(f"/{city_org.code}/medlemmar/").content.decode()
    assert "agare@example.se" in page and head.get_full_name() in page
    # a coordinator role cannot be picked: a field error, nothing sent
    response = client.post(
        f"/{city_org.code}/medlemmar/",
        {"email": "c@example.se", "role": Role.COORDINATOR},
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="c@example.se").exists()
    response = client.post(
        f"/{city_org.code}/medlemmar/inbjudningar/{invitation.pk}/aterkalla/"
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.expires_at <= timezone.now()
    assert invitation.history.first().history_change_reason == "invitation_revoked"
    page = client.get(f"/{city_org.code}/medlemmar/").content.decode()
    assert "<td>agare@example.se</td>" not in page
    assert "Ingen inbjudan väntar." in page


@pytest.mark.django_db
def test_another_organisations_invitation_is_404(
    client, city_org, other_org, coordinator
):
    invitation, _token = make_invitation(other_org, Role.HEAD)
    client.force_login(coordinator)
    response = client.post(
        f"/{city_org.code}/medlemmar/inbjudningar/{invitation.pk}/aterkalla/"
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_onboarding_end_to_end_until_the_first_review(
    client, city, ciso, django_capture_on_commit_callbacks
):
    """A new förvaltning, from the city's form to its coordinator's first asset
    and review, without the Django admin."""
    client.force_login(ciso)
    assert _create(client, city).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/stad/{city.code}/organisationer/IDR/",
            {"email": "samordnare@idrott.example.se", "title": "samordnare"},
        )
    token = _link(mail.outbox[-1])
    client.logout()
    assert _accept(client, token, username="idrsam").status_code == 302
    idr = Organisation.objects.get(code="IDR")
    assert Membership.objects.get(organisation=idr).role == Role.COORDINATOR
    # the coordinator invites the head
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/IDR/medlemmar/",
            {"email": "chef@idrott.example.se", "role": Role.HEAD, "title": "chef"},
        )
    head_token = _link(mail.outbox[-1])
    # and creates an asset and the first review
    response = client.post(
        "/IDR/register/informationsmangder/ny/",
        {"name": "Föreningsregister", "status": "inventerad"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/IDR/granskning/ny/", {"year": "2026", "start": "outline"})
    assert response.status_code == 302, response.content.decode()[:3000]
    from reviews.models import ManagementReview

    assert ManagementReview.objects.filter(organisation=idr, year=2026).exists()
    client.logout()
    assert _accept(client, head_token, username="idrchef").status_code == 302
    assert Membership.objects.get(user__username="idrchef").role == Role.HEAD


@pytest.mark.django_db
def test_guessing_links_is_bounded(client, city_org):
    _invitation, token = make_invitation(city_org, Role.HEAD)
    for n in range(20):
        assert client.get(f"/inbjudan/guess{n}/").status_code == 404
    assert client.get("/inbjudan/guess-more/").status_code == 429
    # the real link too, from that address, until the window has passed
    response = client.get(f"/inbjudan/{token}/")
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()
