"""The dashboard's "Att göra" in a real browser (issue 17, points 3 and 9): the
head sees the review waiting for their decision and follows its link; the
coordinator sees the returned review; axe finds nothing on the dashboards and the
profile page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lgsys.models import Role
from reviews.approval import services as approval
from reviews.models import Incident, ManagementReview, ReviewStatus
from tests.classification.factories import make_asset, make_classification
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import make_member, make_organisation, make_user
from tests.reviews_inputs.factories import make_incident
from tests.reviews_report.factories import make_review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kul(db):
    return make_organisation("KUL", name="Kulturförvaltningen")


@pytest.fixture
def people(kul):
    return {
        "coordinator": make_member(
            kul,
            Role.COORDINATOR,
            make_user("samordnare", first_name="Sara", last_name="Samordnare"),
        ),
        "head": make_member(
            kul, Role.HEAD, make_user("chef", first_name="Carl", last_name="Chef")
        ),
        "auditor": make_member(
            kul,
            Role.AUDITOR,
            make_user("revisor", first_name="Rut", last_name="Revisor"),
        ),
        "owner": make_member(
            kul, Role.OWNER, make_user("agare", first_name="Åsa", last_name="Ägare")
        ),
    }


def _submit(review, by):
    # Straight to "submitted": this test is about the dashboard, not the
    # submission check.
    ManagementReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )
    review.refresh_from_db()
    return review


@pytest.fixture
def work(kul, people):
    """Something waiting for each role."""
    year = timezone.localdate().year
    waiting = _submit(make_review(kul, year=year), people["coordinator"])
    returned = _submit(make_review(kul, year=year - 1), people["coordinator"])
    approval.review_return(
        review=returned, by=people["head"], comment="Komplettera avsnitt 1.2.4."
    )
    make_incident(
        kul,
        title="Felskickat mejl med elevuppgifter",
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment=Incident.ImyAssessment.PENDING,
        discovered_at=timezone.now() - timedelta(hours=30),
    )
    asset = make_asset(kul, name="Elevregister", owner_user=people["owner"])
    make_classification(
        kul, asset=asset, next_review=timezone.localdate() - timedelta(days=3)
    )
    return {"waiting": waiting, "returned": returned}


def _todo(page):
    return page.locator("section.todo")


def test_the_head_follows_the_pending_decision(login, live_server, kul, people, work):
    page = login(people["head"])
    expect(page).to_have_url(re.compile(r"/KUL/$"))
    todo = _todo(page)
    expect(todo.get_by_role("heading", name="Att göra")).to_be_visible()
    expect(todo).to_contain_text("1 genomgång väntar på ditt beslut")
    screenshot(page, "todo-head")
    assert axe_violations(page) == []
    review = work["waiting"]
    todo.get_by_role("link", name=f"{review}: underlaget för ditt beslut").click()
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/underlag/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(review.year))


def test_the_coordinator_sees_the_returned_review(
    login, live_server, kul, people, work
):
    page = login(people["coordinator"])
    todo = _todo(page)
    returned = work["returned"]
    link = todo.get_by_role("link", name=f"{returned} återremitterades till dig")
    expect(link).to_be_visible()
    expect(todo).to_contain_text("1 kommentar")
    expect(todo).to_contain_text("Felskickat mejl med elevuppgifter")
    expect(todo).to_contain_text("tim kvar")
    screenshot(page, "todo-coordinator")
    assert axe_violations(page) == []
    link.click()
    page.wait_for_url(re.compile(rf"/granskning/{returned.pk}/$"))
    expect(page.locator("main")).to_contain_text("Komplettera avsnitt 1.2.4.")


def test_the_coordinator_sets_the_deadline_by_keyboard(
    login, live_server, kul, people, work
):
    page = login(people["coordinator"])
    day = timezone.localdate() + timedelta(days=45)
    field = page.get_by_label("Sista dag för verksamhetsplanen")
    field.fill(day.isoformat())
    field.press("Enter")  # submits the form
    page.wait_for_url(re.compile(r"/KUL/$"))
    expect(page.locator(".messages")).to_contain_text("Datumet sparades.")
    expect(_todo(page)).to_contain_text(
        f"ska vara beslutad senast {day.isoformat()}, om 45 dagar"
    )


@pytest.mark.parametrize("role", ["owner", "auditor"])
def test_the_other_dashboards_have_no_violations(
    login, live_server, kul, people, work, role
):
    page = login(people[role])
    expect(_todo(page)).to_be_visible()
    screenshot(page, f"todo-{role}")
    assert axe_violations(page) == []


def test_the_profile_page(login, live_server, kul, people):
    page = login(people["owner"])
    page.get_by_role("link", name=re.compile("Din profil")).click()
    page.wait_for_url(re.compile(r"/profil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Din profil")
    assert axe_violations(page) == []
    screenshot(page, "profile")
    box = page.get_by_label("En klassning eller risk som ska ses över")
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r"/profil/$"))
    expect(page.locator(".messages")).to_contain_text("Dina påminnelser sparades.")
    expect(
        page.get_by_label("En klassning eller risk som ska ses över")
    ).not_to_be_checked()
    assert axe_violations(page) == []
