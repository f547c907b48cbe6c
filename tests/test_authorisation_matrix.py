"""The authorisation matrix: every URL pattern × every role × GET and POST.

The expected outcome of each is declared once, in MATRIX below, and checked. A URL
pattern that is not in the table fails the test, so a new page cannot go live
without someone deciding who may reach it. A method a route does not declare must
answer 405 (or send the anonymous visitor to the login page, which comes first).
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lgsys.models import Role
from tests.factories import make_member, make_organisation, make_user
from tests.matrix import READ, ROLES, Entry, expect
from tests.urlwalk import all_routes

MATRIX: dict[str, Entry] = {
    # Outside any organisation
    "home": Entry(get=expect(302, 302, 302, 302, 302, 302, 200)),
    "login": Entry(
        get=expect(200, 302, 302, 302, 302, 302, 302),
        post=expect(200, 302, 302, 302, 302, 302, 302),
    ),
    "logout": Entry(post=expect(302, 302, 302, 302, 302, 302, 302)),
    "set_language": Entry(
        get=expect(302, 302, 302, 302, 302, 302, 302),
        post=expect(302, 302, 302, 302, 302, 302, 302),
    ),
    "healthz": Entry(get=expect(200, 200, 200, 200, 200, 200, 200)),
    "accessibility_statement": Entry(get=expect(200, 200, 200, 200, 200, 200, 200)),
    "admin_login": Entry(get=expect(302, 403, 403, 403, 403, 403, 403)),
    "switch_organisation": Entry(
        get=expect(302, 302, 302, 302, 302, 404, 404),
        kwargs=lambda org, users: {"?organisation": org.code},
    ),
    "verify": Entry(
        get=expect(302, 200, 200, 200, 200, 200, 200),
        post=expect(302, 200, 200, 200, 200, 200, 200),  # reads only: checks a hash
    ),
    # The organisation's pages
    "dashboard": Entry(get=READ),
    # A picker's search (lgsys/pickers.py): every member reads the names.
    "pick": Entry(
        get=READ,
        kwargs=lambda org, users: {"source": "asset", "?name": "asset", "?q": "a"},
    ),
    "reviews:archived_pdf": Entry(
        get=READ,
        kwargs=lambda org, users: {"pk": _archive(org, users).pk},
    ),
}


def _app_entries() -> dict[str, Entry]:
    """Each app's tests declare their routes in ``tests/<app>/matrix.py`` (MATRIX)."""
    entries = {}
    for path in sorted(Path(__file__).parent.glob("*/matrix.py")):
        module = import_module(f"tests.{path.parent.name}.matrix")
        clash = entries.keys() & module.MATRIX.keys()
        assert not clash, f"declared twice: {clash}"
        entries.update(module.MATRIX)
    return entries


MATRIX.update(_app_entries())


def _archive(org, users):
    from reviews.models import ManagementReview
    from tests.reviews_archive.factories import make_archive

    latest = ManagementReview.objects.order_by("-year").first()
    year = max(latest.year + 1 if latest else 2000, 2000)
    return make_archive(org, users["head"], year=year)


# The Django admin: only superusers (staff) get in; everyone else is sent to log in.
ADMIN_PREFIX = "admin:"


def _users(org, other):
    users = {"anonymous": None}
    for role_name, role in (
        ("coordinator", Role.COORDINATOR),
        ("head", Role.HEAD),
        ("auditor", Role.AUDITOR),
        ("owner", Role.OWNER),
    ):
        users[role_name] = make_member(org, role, make_user(f"m-{role_name}"))
    users["outsider"] = make_member(other, Role.COORDINATOR, make_user("m-outsider"))
    users["superuser"] = get_user_model().objects.create_superuser(
        "m-superuser", "su@example.se", "Sup3r-secret!"
    )
    return users


def _url(route, org, users, entry):
    extra = entry.kwargs(org, users)
    query = {k[1:]: v for k, v in extra.items() if k.startswith("?")}
    path_args = {k: v for k, v in extra.items() if not k.startswith("?")}
    url = route.url(org_code=org.code, **path_args)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_every_route_is_in_the_matrix():
    names = {r.name for r in all_routes() if not r.name.startswith(ADMIN_PREFIX)}
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert missing == [], f"declare who may reach these: {missing}"
    assert stale == [], f"no such routes any more: {stale}"


@pytest.mark.django_db
def test_the_matrix_holds(client):
    org = make_organisation("KUL", name="Kulturförvaltningen")
    other = make_organisation("IDR", name="Idrottsförvaltningen")
    users = _users(org, other)
    failures = []
    for route in all_routes():
        if route.name.startswith(ADMIN_PREFIX):
            continue
        entry = MATRIX[route.name]
        for method in ("get", "post"):
            declared = getattr(entry, method)
            for role in ROLES:
                url = _url(route, org, users, entry)  # fresh objects for each request
                client.logout()
                if users[role] is not None:
                    client.force_login(users[role])
                status = getattr(client, method)(url).status_code
                if declared is not None:
                    wanted = declared[role]
                elif role == "anonymous" and route.name not in {
                    "login",
                    "healthz",
                    "accessibility_statement",
                    "set_language",
                    "admin_login",
                }:
                    wanted = 302
                else:
                    wanted = 405
                if status != wanted:
                    failures.append(
                        f"{method.upper()} {route.name} as {role}: "
                        f"{status}, expected {wanted}"
                    )
    assert failures == []


@pytest.mark.django_db
def test_the_admin_is_for_superusers_only(client):
    org = make_organisation("KUL", name="Kulturförvaltningen")
    other = make_organisation("IDR", name="Idrottsförvaltningen")
    users = _users(org, other)
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = client.get("/admin/lgsys/organisation/")
        if role == "superuser":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, role
            assert response.url.startswith(("/admin/login/", "/logga-in/"))
