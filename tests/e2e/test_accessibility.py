"""WCAG 2.1 A and AA on every main page, checked with axe-core in chromium."""

import pytest
from playwright.sync_api import expect

from lgsys.models import Role
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# (name, path template, who) — {org} is the organisation's code.
MAIN_PAGES = [
    ("dashboard", "/{org}/", Role.COORDINATOR),
    ("dashboard-auditor", "/{org}/", Role.AUDITOR),
]


@pytest.fixture
def kul(db):
    return make_organisation("KUL", name="Kulturförvaltningen")


def test_login_page_has_no_violations(page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    screenshot(page, "login")
    assert axe_violations(page) == []


def test_login_error_has_no_violations(page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("ingen")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_be_visible()  # waits for the answer
    assert axe_violations(page) == []


@pytest.mark.parametrize(("name", "path", "role"), MAIN_PAGES)
def test_main_page_has_no_violations(login, live_server, kul, name, path, role):
    user = make_member(kul, role, make_user(f"u-{name}"))
    page = login(user)
    page.goto(live_server.url + path.format(org=kul.code))
    assert page.locator("h1").count() == 1
    screenshot(page, name)
    assert axe_violations(page) == []


def test_keyboard_focus_is_visible(login, live_server, kul):
    user = make_member(kul, Role.COORDINATOR, make_user("tangent"))
    page = login(user)
    page.goto(f"{live_server.url}/{kul.code}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"  # the skip link comes first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_another_organisation_is_not_reachable(login, live_server, kul):
    other = make_organisation("IDR", name="Idrottsförvaltningen")
    stranger = make_member(other, Role.COORDINATOR, make_user("idrott"))
    page = login(stranger)
    assert page.url.endswith("/IDR/")
    response = page.goto(f"{live_server.url}/{kul.code}/")
    assert response.status == 404
    assert "Kulturförvaltningen" not in page.content()


def test_the_checker_finds_a_real_violation(page, live_server):
    """Guard against a checker that always says zero."""
    page.goto(f"{live_server.url}/logga-in/")
    page.evaluate(
        "document.querySelector('label[for=id_username]').remove();"
        "const i = document.createElement('img'); i.src = '/x.png';"
        "document.querySelector('main').append(i);"
    )
    ids = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= ids
