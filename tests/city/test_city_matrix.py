"""The city roles in the authorisation matrix: a city role opens the city's pages
(the officer writes, the auditor reads), never an organisation's; another city's
users get 404 on every city page."""

import pytest

from tests.city.matrix import MATRIX as CITY_ROUTE_ARGS
from tests.urlwalk import all_routes

# (GET, POST) per city role; None: the route has no such method (405).
CITY_MATRIX = {
    "city:home": ((200, None), (200, None)),
    "city:organisation_create": ((200, 200), (403, 403)),
    "city:organisation": ((200, 200), (200, 403)),
    "city:invitation_revoke": ((None, 302), (None, 403)),
    # Single sign-on off (the matrix's settings): refused to both; with it on,
    # tests/city/test_sso_onboarding.py.
    "city:group_mapping_create": ((None, 403), (None, 403)),
    "normative:list": ((200, None), (200, None)),
    "normative:create": ((200, 200), (403, 403)),
    "normative:detail": ((200, None), (200, None)),
    "normative:revise": ((200, 200), (403, 403)),
    "normative:retire": ((200, 200), (403, 403)),
}


def _city_routes():
    return [r for r in all_routes() if "city_code" in r.params]


def _url(route, org, city_code="STH"):
    kwargs = (
        CITY_ROUTE_ARGS[route.name].kwargs(org, {})
        if (route.name in CITY_ROUTE_ARGS)
        else {}
    )
    kwargs["city_code"] = city_code
    return route.url(**kwargs)


@pytest.mark.django_db
def test_the_city_roles_on_the_city_pages(client, city_org, ciso, city_auditor):
    failures = []
    for route in _city_routes():
        if route.name not in CITY_MATRIX:
            continue  # another app's city page (part B): the invariants below
        for user, expected in zip(
            (ciso, city_auditor), CITY_MATRIX[route.name], strict=True
        ):
            client.force_login(user)
            for method, wanted in zip(("get", "post"), expected, strict=True):
                status = getattr(client, method)(_url(route, city_org)).status_code
                if status != (wanted or 405):
                    failures.append(f"{method} {route.name} {user}: {status}")
    assert failures == []


@pytest.mark.django_db
def test_every_city_page_is_404_to_another_city_and_403_to_a_post_of_its_auditor(
    client, city_org, city_auditor, other_ciso
):
    failures = []
    for route in _city_routes():
        url = _url(route, city_org)
        client.force_login(other_ciso)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status not in (404, 405):
                failures.append(f"other city {method} {route.name}: {status}")
        client.force_login(city_auditor)
        status = client.post(_url(route, city_org)).status_code
        if status not in (403, 405):
            failures.append(f"city auditor POST {route.name}: {status}")
    assert failures == []


@pytest.mark.django_db
def test_a_city_role_opens_no_organisation_page_and_posts_nothing(
    client, city_org, ciso, city_auditor
):
    """The officer sees the organisation on the city's pages, but its registers
    and reviews stay behind the organisation's gate: 404, GET or POST."""
    routes = [r for r in all_routes() if "org_code" in r.params]
    assert len(routes) > 50
    failures = []
    for user in (ciso, city_auditor):
        client.force_login(user)
        for route in routes:
            url = route.url(org_code=city_org.code)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (404, 405):
                    failures.append(f"{user} {method} {route.name}: {status}")
    assert failures == []


@pytest.mark.django_db
def test_organisation_users_get_404_on_the_city_pages(
    client, city_org, coordinator, head, auditor, owner
):
    for user in (coordinator, head, auditor, owner):
        client.force_login(user)
        for route in _city_routes():
            for method in ("get", "post"):
                status = getattr(client, method)(_url(route, city_org)).status_code
                assert status in (404, 405), (user, method, route.name, status)
