"""The submission check and the head's “Underlag för beslut” in a real browser
(issue 17, points 1, 2 and 9): an empty review is blocked on the check page; the
head reads what changed since last year's approved review, word by word, and
approves at the foot of the page; axe finds nothing on either page, and both
work by keyboard alone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lgsys.models import Role
from lgsys.services import version_of
from reviews.approval import services
from reviews.models import ReviewStatus
from reviews.report import services as report_services
from reviews.report.services import review_create
from tests.e2e.conftest import axe_violations, screenshot
from tests.e2e.test_journeys import _by_id, _by_text, _press, _tab_to
from tests.factories import PASSWORD, make_member, make_organisation, make_user
from tests.reviews_approval.helpers import approve_directly
from tests.reviews_report.factories import fill_required

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = timezone.localdate().year  # the head approves with today's date
SECTION = "1.1 Ledningssystem för informationssäkerhet"
LAST_YEAR = "Förvaltningen har klassat 12 informationsmängder under våren."
THIS_YEAR = "Förvaltningen har klassat 40 informationsmängder under våren och hösten."


@pytest.fixture
def kul(db):
    return make_organisation("KUL", name="Kulturförvaltningen")


@pytest.fixture
def coordinator(kul):
    user = make_user("samordnare", first_name="Sara", last_name="Samordnare")
    return make_member(kul, Role.COORDINATOR, user)


@pytest.fixture
def head(kul):
    return make_member(
        kul, Role.HEAD, make_user("chef", first_name="Carl", last_name="Chef")
    )


def _write(review, key, text, by):
    section = review.sections.get(key=key)
    report_services.section_update(
        section=section, text=text, by=by, version=version_of(section)
    )


@pytest.fixture
def submitted(kul, coordinator, head):
    """This year's review, submitted, with 1.1 rewritten since last year's
    approved review."""
    last = review_create(organisation=kul, year=YEAR - 1, by=coordinator)
    fill_required(last, by=coordinator, text="Som i fjol.")
    _write(last, "1.1", LAST_YEAR, coordinator)
    approve_directly(last, blocks={"coverage": {"assets": 10}})
    review = review_create(organisation=kul, year=YEAR, by=coordinator, copy_from=last)
    fill_required(review, by=coordinator)
    _write(review, "1.1", THIS_YEAR, coordinator)
    services.review_submit(review=review, by=coordinator)
    return review


def _no_violations(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_an_empty_submission_is_blocked_on_the_check_page(
    page, login, live_server, kul, coordinator
):
    review = review_create(organisation=kul, year=YEAR, by=coordinator)
    login(coordinator)
    page.goto(f"{live_server.url}/KUL/granskning/{review.pk}/")
    page.get_by_role("link", name="Skicka in för beslut").click()
    page.wait_for_url(re.compile(r"/skicka/$"))
    main = page.locator("main")
    expect(main).to_contain_text("kan inte skickas in ännu: 7 saker att åtgärda")
    expect(main).to_contain_text("saknar Dnr.")
    expect(main).to_contain_text(f"{SECTION} saknar text; rapporten kräver den.")
    expect(page.get_by_role("button", name="Skicka in för beslut")).to_have_count(0)
    _no_violations(page)
    screenshot(page, "submission-check-blocked")
    page.get_by_role("link", name=f"Ändra texten: {SECTION}").click()
    page.wait_for_url(re.compile(r"/avsnitt/1\.1/$"))
    # straight to the submit URL, the warnings "confirmed": refused just the same
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"{live_server.url}/KUL/granskning/{review.pk}/skicka/",
        form={"csrfmiddlewaretoken": token, "confirmed": "on"},
    )
    assert response.status == 200
    assert "kan inte skickas in ännu" in response.text()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT


def test_the_head_sees_the_difference_and_approves(
    page, login, live_server, submitted, head
):
    login(head)
    page.goto(f"{live_server.url}/KUL/granskning/{submitted.pk}/")
    page.get_by_role("link", name="Underlag för beslut").click()
    page.wait_for_url(re.compile(r"/underlag/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Underlag för beslut")
    changed = page.locator("#basis-1\\.1")
    expect(changed).to_contain_text("Ändrat")
    expect(changed.locator("del").first).to_contain_text("12")
    expect(changed.locator("ins").first).to_contain_text("40")
    expect(changed.locator("ins").last).to_contain_text("och hösten.")
    expect(changed.locator("del .visually-hidden").first).to_have_text("Borttaget: ")
    expect(page.locator("#basis-1\\.2\\.4")).to_contain_text("Oförändrat")
    expect(page.locator("table.basis-figures")).to_contain_text("Informationsmängder")
    _no_violations(page)
    screenshot(page, "decision-basis")

    page.get_by_label("Ditt lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Besluta").click()
    page.wait_for_url(re.compile(rf"/granskning/{submitted.pk}/$"))
    expect(page.locator("main")).to_contain_text("Beslutad")
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED

    page.goto(f"{live_server.url}/KUL/granskning/{submitted.pk}/underlag/")
    archive = submitted.archive
    expect(page.get_by_role("link", name="Den beslutade PDF-filen")).to_have_count(1)
    expect(page.locator("main")).to_contain_text(archive.sha256)
    expect(page.get_by_role("link", name="Verifiera en rapport")).to_have_attribute(
        "href", "/verifiera/"
    )
    expect(page.get_by_label("Ditt lösenord")).to_have_count(0)
    _no_violations(page)


def test_the_check_page_by_keyboard_alone(page, login, live_server, kul, coordinator):
    review = fill_required(
        review_create(organisation=kul, year=YEAR, by=coordinator), by=coordinator
    )
    login(coordinator)
    page.goto(f"{live_server.url}/KUL/granskning/{review.pk}/")
    _press(page, _by_text(r"^Skicka in för beslut$"), r"/skicka/$")
    expect(page.locator("main")).to_contain_text("varningar")
    _no_violations(page)  # the warnings and the confirmation
    screenshot(page, "submission-check-warnings")
    # not confirmed: refused, with the error beside the box
    _press(page, _by_text(r"^Skicka in för beslut$"), r"/skicka/$")
    expect(page.locator("main")).to_contain_text(
        "Bekräfta att du har sett varningarna."
    )
    _tab_to(page, _by_id("id_confirmed"))
    page.keyboard.press("Space")
    _press(page, _by_text(r"^Skicka in för beslut$"), rf"/granskning/{review.pk}/$")
    expect(page.locator("main")).to_contain_text("Inskickad för beslut")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_the_decision_page_by_keyboard_alone(page, login, live_server, submitted, head):
    login(head)
    page.goto(f"{live_server.url}/KUL/granskning/{submitted.pk}/")
    _press(page, _by_text(r"^Underlag för beslut$"), r"/underlag/$")
    # a changed section's whole text opens from the keyboard
    _tab_to(page, _by_text(r"^Hela texten som den skickades in"))
    page.keyboard.press("Enter")
    expect(page.locator("#basis-1\\.1 details .narrative")).to_be_visible()
    _tab_to(page, _by_id("id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/granskning/{submitted.pk}/$"))
    expect(page.locator("main")).to_contain_text("Beslutad")
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.APPROVED
