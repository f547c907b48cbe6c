"""The permission gate: membership, roles, and another organisation's pages."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lgsys.models import Capability, Membership, Role
from lgsys.permissions import get_object_for_org, organisation_view
from tests.factories import make_member, make_user
from tests.urlwalk import all_routes

# Pages that are not about one organisation; everything else must be gated.
UNGATED = {
    "home",
    "login",
    "logout",
    "set_language",
    "healthz",
    "accessibility_statement",
    "switch_organisation",
    "admin_login",
    "verify",
    "profile",  # the user's own reminder settings: login required, no organisation
    # Login through the city's identity provider (lgsys/sso), no organisation yet
    "sso:oidc_login",
    "sso:oidc_callback",
    "sso:saml_login",
    "sso:saml_acs",
    "sso:saml_done",
    "sso:saml_metadata",
    "sso:stepup",  # the new login before a decision; login required
    "accept_invitation",  # an invitation's one-time link, before any account
}


def org_routes():
    return [r for r in all_routes() if "org_code" in r.params and not is_city_route(r)]


def is_city_route(route) -> bool:
    """A page of the city level (/stad/<city>/...), behind the city gate."""
    return "city_code" in route.params


def test_every_organisation_page_goes_through_the_gate():
    routes = org_routes()
    assert any(r.name == "dashboard" for r in routes)
    ungated = [r.name for r in routes if not hasattr(r.callback, "lgsys_gate")]
    assert ungated == []


def test_every_page_outside_an_organisation_is_known():
    others = {
        r.name
        for r in all_routes()
        if "org_code" not in r.params and not r.is_admin and not is_city_route(r)
    }
    assert others == UNGATED


def test_every_city_page_goes_through_the_city_gate():
    routes = [r for r in all_routes() if is_city_route(r)]
    assert any(r.name == "city_reviews:overview" for r in routes)
    assert any(r.name == "city:home" for r in routes)
    ungated = [r.name for r in routes if not hasattr(r.callback, "lgsys_city_gate")]
    assert ungated == []


@pytest.mark.django_db
def test_member_of_a_gets_404_on_every_page_of_b(as_user, coordinator, other_org):
    client = as_user(coordinator)
    checked = 0
    for route in org_routes():
        url = route.url(org_code=other_org.code)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert response.status_code == 404, (route.name, url, response.status_code)
        checked += 1
    assert checked >= 1


@pytest.mark.django_db
def test_dashboard_of_own_organisation(as_user, coordinator, org):
    response = as_user(coordinator).get(f"/{org.code}/")
    assert response.status_code == 200
    assert response.context["current_organisation"] == org


def _gated(capability):
    @organisation_view(capability)
    def view(request):
        return HttpResponse(f"{request.organisation.code}:{request.membership.role}")

    return view


def _call(view, user, org, method="get"):
    request = getattr(RequestFactory(), method)("/x/")
    request.user = user
    request.session = {}
    return view(request, org_code=org.code)


@pytest.mark.parametrize(
    ("capability", "allowed"),
    [
        (Capability.VIEW, {Role.COORDINATOR, Role.HEAD, Role.AUDITOR, Role.OWNER}),
        (Capability.EDIT, {Role.COORDINATOR}),
        (Capability.VIEW_HISTORY, {Role.COORDINATOR, Role.AUDITOR}),
        (Capability.SUBMIT_REVIEW, {Role.COORDINATOR}),
        (Capability.DECIDE_REVIEW, {Role.HEAD}),
        (Capability.EDIT_OWN_ASSETS, {Role.OWNER}),
    ],
)
def test_role_capabilities(role_users, org, capability, allowed):
    from django.core.exceptions import PermissionDenied

    view = _gated(capability)
    for role, user in role_users.items():
        if role in allowed:
            assert _call(view, user, org).content.decode() == f"{org.code}:{role}"
        else:
            with pytest.raises(PermissionDenied):
                _call(view, user, org)


def test_auditor_can_change_nothing_even_where_a_view_would_allow_it(auditor, org):
    from django.core.exceptions import PermissionDenied

    view = _gated(Capability.VIEW)
    assert _call(view, auditor, org).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        with pytest.raises(PermissionDenied):
            _call(view, auditor, org, method)


def test_non_member_gets_404_from_the_gate(outsider, org):
    from django.http import Http404

    with pytest.raises(Http404):
        _call(_gated(Capability.VIEW), outsider, org)


def test_inactive_user_loses_access(coordinator, org):
    from django.http import Http404

    coordinator.is_active = False
    coordinator.save()
    with pytest.raises(Http404):
        _call(_gated(Capability.VIEW), coordinator, org)


def test_get_object_for_org_hides_other_organisations_objects(
    coordinator, org, other_org
):
    from django.http import Http404

    member_b = make_member(other_org, Role.AUDITOR)
    b_membership = Membership.objects.get(user=member_b)
    request = RequestFactory().get("/")
    request.organisation = org
    with pytest.raises(Http404):
        get_object_for_org(Membership, request, pk=b_membership.pk)
    own = Membership.objects.get(user=coordinator)
    assert get_object_for_org(Membership, request, pk=own.pk) == own


def test_switch_between_organisations(as_user, org, other_org):
    user = make_user("tvafaldig")
    make_member(org, Role.COORDINATOR, user)
    make_member(other_org, Role.AUDITOR, user)
    client = as_user(user)

    page = client.get(f"/{org.code}/")
    assert b'id="org-switch"' in page.content  # the switcher shows for two orgs

    response = client.get("/byt-organisation/", {"organisation": other_org.code})
    assert response.status_code == 302
    assert response.url == f"/{other_org.code}/"
    client.get(response.url)
    # home remembers the organisation last worked in
    assert client.get("/").url == f"/{other_org.code}/"

    assert client.get("/byt-organisation/", {"organisation": "ZZZ"}).status_code == 404


def test_user_without_membership_sees_an_explanation(as_user, db):
    response = as_user(make_user("ensam")).get("/")
    assert response.status_code == 200
    assert "organisation" in response.content.decode().lower()
