"""The city overview and an organisation's figures in chromium: the city's
officer sorts the table and opens the figures; WCAG 2.1 A and AA with axe."""

import pytest
from playwright.sync_api import expect

from lgsys.models import CityMembership, CityRole, Municipality
from tests.city_overview.conftest import decided_review, fill_registers
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_organisation, make_user
from tests.reviews_report.factories import make_review

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_city_overview_sorts_and_opens_the_figures(login, live_server, page):
    city = Municipality.objects.create(name="Stockholms stad", code="STH")
    kul = make_organisation("KUL", name="Kulturförvaltningen", city=city)
    idr = make_organisation("IDR", name="Idrottsförvaltningen", city=city)
    fill_registers(kul, assets=4)
    fill_registers(idr, assets=2)
    decided_review(kul)
    make_review(idr)
    user = make_user("stad-ansvarig")
    CityMembership.objects.create(user=user, municipality=city, role=CityRole.CISO)
    login(user)
    page.goto(f"{live_server.url}/stad/STH/oversikt/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("sida vid sida")
    screenshot(page, "city-overview")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Informationsmängder").click()
    rows = page.locator("table.city-overview tbody th")
    expect(rows.first).to_have_text("Idrottsförvaltningen")
    page.get_by_role("link", name="Informationsmängder").click()
    expect(rows.first).to_have_text("Kulturförvaltningen")
    page.get_by_role("link", name="Kulturförvaltningen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kulturförvaltningen")
    expect(page.locator("table.heatmap")).to_be_visible()
    screenshot(page, "city-organisation")
    assert axe_violations(page) == []
