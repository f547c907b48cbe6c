"""Onboarding with single sign-on on (issues 20 and 21): the city's officer
gives a group at the city's identity provider the coordinator role of one of the
city's organisations instead of inviting by e-mail; the group's members are its
coordinators at their next login."""

import pytest

from lgsys.models import Membership, Role
from lgsys.sso import services
from lgsys.sso.models import GroupMapping
from tests.sso.test_pages import OIDC

URL = "/stad/STH/organisationer/{code}/idp-grupp/"


@pytest.mark.django_db
def test_the_city_gives_a_group_the_coordinator_role(as_user, ciso, city_org, settings):
    client = as_user(ciso)
    page = f"/stad/STH/organisationer/{city_org.code}/"
    # Single sign-on off: no group form, and a post is refused.
    assert "idp-groups" not in client.get(page).content.decode()
    assert client.post(URL.format(code=city_org.code), {}).status_code == 403
    settings.LGSYS_SSO_OIDC = OIDC
    assert "idp-groups" in client.get(page).content.decode()
    # A group's value is required, next to the field, in Swedish.
    empty = client.post(URL.format(code=city_org.code), {"idp-provider": "oidc"})
    assert empty.status_code == 200
    assert "Detta fält måste fyllas i." in empty.content.decode()
    response = client.post(
        URL.format(code=city_org.code),
        {"idp-provider": "oidc", "idp-group": "grp-kul-isa", "idp-title": "samordnare"},
    )
    assert response.status_code == 302
    mapping = GroupMapping.objects.get(organisation=city_org)
    assert (mapping.provider, mapping.group, mapping.role) == (
        "oidc",
        "grp-kul-isa",
        Role.COORDINATOR,
    )
    assert mapping.history.get().history_user == ciso
    assert "grp-kul-isa" in client.get(page).content.decode()
    # The group's member logs in: the organisation's coordinator, nothing more.
    user = services.identity_login(
        claims=services.Claims(
            provider="oidc",
            subject="sub-ny",
            first_name="Nora",
            last_name="Nyström",
            groups=["grp-kul-isa"],
        ),
        request=None,
    )
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (city_org, Role.COORDINATOR)
    assert not (user.is_staff or user.is_superuser)


@pytest.mark.django_db
def test_only_the_citys_officer_and_only_the_coordinator_role(
    as_user, ciso, city_auditor, other_ciso, city_org, other_org, coordinator, settings
):
    settings.LGSYS_SSO_OIDC = OIDC
    data = {"idp-provider": "oidc", "idp-group": "grp-x"}
    assert (
        as_user(city_auditor).post(URL.format(code=city_org.code), data).status_code
        == 403
    )
    # Another city's officer: not their city; an organisation outside the city.
    assert (
        as_user(other_ciso).post(URL.format(code=city_org.code), data).status_code
        == 404
    )
    assert as_user(ciso).post(URL.format(code=other_org.code), data).status_code == 404
    # The organisation's coordinator is no city officer.
    assert (
        as_user(coordinator).post(URL.format(code=city_org.code), data).status_code
        == 404
    )
    assert not GroupMapping.objects.exists()
    # The service itself: a city officer never maps a group to another role.
    with pytest.raises(Exception, match="administrat"):
        services.group_mapping_create(
            provider="oidc", group="g", organisation=city_org, role=Role.HEAD, by=ciso
        )
