"""Least privilege: what a login through the identity provider creates and
changes (issue 20, point 2), and the group mappings' service."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from lgsys.models import Membership, Role, SecurityEvent
from lgsys.sso import services
from lgsys.sso.models import GroupMapping, Identity
from tests.factories import make_user

Kind = SecurityEvent.Kind


@pytest.fixture
def admin(db):
    return make_user("admin", is_superuser=True, is_staff=True)


def _claims(groups, **fields):
    return services.Claims(
        provider="oidc",
        subject="entra-sub-1",
        email=fields.get("email", "anna.andersson@stad.example"),
        first_name=fields.get("first_name", "Anna"),
        last_name=fields.get("last_name", "Andersson"),
        groups=groups,
    )


def _map(admin, org, group, role, title=""):
    return services.group_mapping_create(
        provider="oidc", group=group, organisation=org, role=role, title=title, by=admin
    )


@pytest.mark.django_db
def test_a_first_login_creates_the_user_with_nothing(org):
    user = services.identity_login(claims=_claims(["unmapped"]), request=None)
    assert (user.is_staff, user.is_superuser, user.has_usable_password()) == (
        False,
        False,
        False,
    )
    assert (user.get_full_name(), user.email) == (
        "Anna Andersson",
        "anna.andersson@stad.example",
    )
    assert not Membership.objects.filter(user=user).exists()
    assert Identity.objects.get(user=user).subject == "entra-sub-1"
    created = SecurityEvent.objects.get(kind=Kind.SSO_USER_CREATED)
    assert (created.user, created.organisation) == (user, None)


@pytest.mark.django_db
def test_memberships_follow_the_mapped_groups_at_every_login(org, other_org, admin):
    _map(admin, org, "grp-kul", Role.COORDINATOR, "informationssäkerhetssamordnare")
    _map(admin, other_org, "grp-idr", Role.AUDITOR)
    user = services.identity_login(claims=_claims(["grp-kul", "grp-idr"]), request=None)
    kul = Membership.objects.get(user=user, organisation=org)
    assert (kul.role, kul.title) == (
        Role.COORDINATOR,
        "informationssäkerhetssamordnare",
    )
    created = kul.history.get()
    assert created.history_user is None
    assert created.history_change_reason == "sso_oidc"
    # the IdP takes the IDR group away: the membership goes, by the IdP
    services.identity_login(claims=_claims(["grp-kul"]), request=None)
    assert list(
        Membership.objects.filter(user=user).values_list("organisation__code")
    ) == [("KUL",)]
    removed = Membership.history.filter(history_type="-").get()
    assert removed.organisation_id == other_org.pk
    assert (removed.history_user, removed.history_change_reason) == (None, "sso_oidc")
    event = SecurityEvent.objects.filter(
        kind=Kind.SSO_MEMBERSHIP, organisation=other_org
    ).latest("id")
    assert event.detail == "oidc: − IDR: Revisor"


@pytest.mark.django_db
def test_a_changed_mapping_changes_the_role_and_two_groups_give_the_stronger(
    org, admin
):
    _map(admin, org, "grp-owner", Role.OWNER)
    user = services.identity_login(claims=_claims(["grp-owner"]), request=None)
    _map(admin, org, "grp-head", Role.HEAD)
    services.identity_login(claims=_claims(["grp-owner", "grp-head"]), request=None)
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.HEAD
    assert membership.history.latest().history_change_reason == "sso_oidc"


@pytest.mark.django_db
def test_name_and_email_come_from_the_claims_at_every_login(org):
    user = services.identity_login(claims=_claims([]), request=None)
    services.identity_login(
        claims=_claims([], last_name="Berg", email="anna.berg@stad.example"),
        request=None,
    )
    user.refresh_from_db()
    assert (user.get_full_name(), user.email) == (
        "Anna Berg",
        "anna.berg@stad.example",
    )
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_a_local_account_with_the_same_address_is_never_taken_over(org, coordinator):
    coordinator.username = "anna.andersson@stad.example"
    coordinator.save()
    user = services.identity_login(claims=_claims([]), request=None)
    assert user != coordinator
    assert user.username.startswith("sso-oidc-")
    assert not Identity.objects.filter(user=coordinator).exists()


@pytest.mark.django_db
def test_only_an_administrator_maps_groups_and_only_once(org, coordinator, admin):
    with pytest.raises(ValidationError) as refused:
        _map(coordinator, org, "grp-1", Role.HEAD)
    assert refused.value.code == "not_admin"
    mapping = _map(admin, org, "grp-1", Role.HEAD)
    assert mapping.history.get().history_user == admin
    with pytest.raises(ValidationError) as duplicate:
        _map(admin, org, "grp-1", Role.AUDITOR)
    assert "group" in duplicate.value.error_dict
    assert GroupMapping.objects.count() == 1
