"""The grouped menu in a browser (issue 17, point 7): on a wide screen every
group with its heading; on a phone one closed "Meny" that opens by keyboard,
no JavaScript; the heat map keeps all its columns at 390 px."""

import pytest

from lgsys.models import Role
from tests.classification.factories import make_risk
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = ["Register", "Underlag", "Åtgärder", "Genomgång", "Historik"]


@pytest.fixture
def coordinator_page(login, live_server):
    org = make_organisation("KUL", name="Kulturförvaltningen")
    user = make_member(
        org,
        Role.COORDINATOR,
        make_user("jekman", first_name="Jenny", last_name="Ekman"),
        title="informationssäkerhetssamordnare",
    )
    for likelihood in (1, 2, 3, 4):
        make_risk(org, likelihood=likelihood, consequence=5 - likelihood)
    page = login(user)
    return page, f"{live_server.url}/{org.code}"


def test_on_a_wide_screen_every_group_shows_with_its_heading(coordinator_page):
    page, base = coordinator_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/register/risker/")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    headings = nav.locator(".site-nav__wide .site-nav__heading")
    assert headings.all_inner_texts() == [g.upper() for g in GROUPS]
    assert nav.get_by_role("link", name="Informationsmängder").is_visible()
    assert not nav.locator("summary").is_visible()
    screenshot(page, "navigation-risks")
    assert axe_violations(page) == []


def test_on_a_phone_the_menu_folds_and_opens_by_keyboard(coordinator_page):
    page, base = coordinator_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/register/risker/")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    summary = nav.locator("summary")
    assert summary.is_visible()
    assert "Risker" in summary.inner_text()
    # closed: the menu takes one line, not the phone's first screen
    assert nav.bounding_box()["height"] < 80
    assert not nav.get_by_role("link", name="Informationsmängder").is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    link = nav.get_by_role("link", name="Informationsmängder")
    assert link.is_visible()
    assert nav.locator(".site-nav__phone .site-nav__heading").all_inner_texts() == [
        g.upper() for g in GROUPS
    ]
    assert axe_violations(page) == []
    link.click()
    page.wait_for_url(f"{base}/register/informationsmangder/")


def test_the_heat_map_keeps_every_column_on_a_phone(coordinator_page):
    page, base = coordinator_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/register/risker/karta/")
    table = page.locator("table.heatmap")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")
    screenshot(page, "heatmap")
