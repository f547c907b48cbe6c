"""The submission check (issue 17, point 1): what blocks a submission, what
only warns, and that the service refuses the blocking problems whatever page
the request came from."""

import re

import pytest
from django.core.exceptions import ValidationError

from lgsys.services import version_of
from reviews.approval import services
from reviews.approval.checks import REQUIRED, submission_problems
from reviews.approval.forms import SubmitForm
from reviews.models import ManagementReview, ReviewStatus
from reviews.report import services as report_services
from tests.reviews_approval.helpers import approve_directly
from tests.reviews_report.factories import fill_required, make_review

pytestmark = pytest.mark.django_db


def _keys(problems):
    return [p.key for p in problems]


def _write(review, key, text, by):
    section = review.sections.get(key=key)
    report_services.section_update(
        section=section, text=text, by=by, version=version_of(section)
    )


def test_the_outline_marks_the_sections_a_report_cannot_lack():
    assert {"intro", "1.1", "1.2.4", "1.2.9", "1.3"} == REQUIRED


def test_an_empty_review_is_blocked_by_dnr_contact_and_required_sections(org):
    review = make_review(org, year=2024)
    blocking, warnings = submission_problems(review)
    assert _keys(blocking) == [
        "dnr",
        "contact",
        "empty:intro",
        "empty:1.1",
        "empty:1.2.4",
        "empty:1.2.9",
        "empty:1.3",
    ]
    assert "empty:1.2.1" in _keys(warnings) and "empty:1.2.8" in _keys(warnings)
    assert "empty:1.2" not in _keys(warnings)  # a heading over its subsections
    # 9.3.2 (a) is the carry-over block's; the others have nothing behind them
    assert [k for k in _keys(warnings) if k.startswith("iso:")] == [
        f"iso:{letter}" for letter in "bcdefg"
    ]
    assert "data_date" in _keys(warnings)
    fix = {p.key: p.fix_url for p in blocking}
    assert fix["empty:1.2.4"] == f"/KUL/granskning/{review.pk}/avsnitt/1.2.4/"
    assert fix["dnr"] == fix["contact"] == f"/KUL/granskning/{review.pk}/uppgifter/"


def test_a_complete_review_only_warns(org, coordinator):
    review = fill_required(make_review(org, year=2024))
    blocking, warnings = submission_problems(review)
    assert blocking == []
    assert "empty:1.2.5" in _keys(warnings)
    for key in "bcdefg":
        _write(review, "1.2.1" if key in "bc" else "1.2.5", "Text.", coordinator)
    _write(review, "1.2.8", "Revisionens rekommendationer.", coordinator)
    _blocking, warnings = submission_problems(review)
    assert not [k for k in _keys(warnings) if k.startswith("iso:")]


def test_text_unchanged_since_last_years_approved_review_warns(org, coordinator):
    last_year = fill_required(make_review(org, year=2023), text="Samma som i fjol.")
    _write(last_year, "1.2.1", "Omvärlden 2023.", coordinator)
    approve_directly(last_year)
    review = make_review(org, year=2024, copy_from=last_year)
    _write(review, "1.1", "Nytt för 2024.", coordinator)
    _blocking, warnings = submission_problems(review)
    unchanged = [p for p in warnings if p.key.startswith("unchanged:")]
    assert [p.key for p in unchanged] == [
        "unchanged:intro",
        "unchanged:1.2.1",
        "unchanged:1.2.4",
        "unchanged:1.2.9",
        "unchanged:1.3",
    ]
    assert "2023" in unchanged[0].message
    # a draft is no approved text: the next year's compares with 2023's
    later = make_review(org, year=2025, copy_from=review)
    assert [
        p.key for p in submission_problems(later)[1] if p.key.startswith("unchanged:")
    ] == _keys(unchanged)


def test_the_service_refuses_a_blocked_submission(org, coordinator):
    review = make_review(org, year=2024, dnr="KUL 2024/0001")
    with pytest.raises(ValidationError) as refused:
        services.review_submit(review=review, by=coordinator)
    assert {e.code for e in refused.value.error_list} == {"incomplete"}
    assert any("kontaktperson" in m for m in refused.value.messages)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT and review.blocks_snapshot is None
    fill_required(review)
    services.review_submit(review=review, by=coordinator)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED


def test_the_check_page_of_an_empty_review_blocks_and_links_to_each_fix(
    org, coordinator, as_user
):
    review = make_review(org, year=2024)
    page = as_user(coordinator).get(f"/KUL/granskning/{review.pk}/skicka/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "kan inte skickas in ännu" in html
    for key in sorted(REQUIRED):
        assert f'href="/KUL/granskning/{review.pk}/avsnitt/{key}/"' in html
    assert f'href="/KUL/granskning/{review.pk}/uppgifter/"' in html
    assert 'type="submit"' not in html.split("<main", 1)[1]


def test_a_post_straight_to_the_submit_url_is_refused(org, coordinator, as_user):
    review = make_review(org, year=2024)
    client = as_user(coordinator)
    # even with the warnings "seen" as the form would sign them
    _blocking, warnings = submission_problems(review)
    seen = SubmitForm(warnings=[p.key for p in warnings]).fields["seen"].initial
    response = client.post(
        f"/KUL/granskning/{review.pk}/skicka/", {"seen": seen, "confirmed": "on"}
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    assert "kan inte skickas in ännu" in response.content.decode()


def test_warnings_must_be_confirmed_and_be_the_ones_shown(org, coordinator, as_user):
    review = fill_required(make_review(org, year=2024))
    client = as_user(coordinator)
    url = f"/KUL/granskning/{review.pk}/skicka/"
    html = client.get(url).content.decode()
    assert "Jag har sett varningarna" in html
    seen = re.search(r'name="seen" value="([^"]+)"', html)[1]
    # not confirmed
    response = client.post(url, {"seen": seen})
    assert "Bekräfta att du har sett varningarna." in response.content.decode()
    # a warning that appeared after the page was shown: shown first
    _write(review, "1.2.1", "Omvärlden.", coordinator)
    response = client.post(url, {"seen": seen, "confirmed": "on"})
    assert "något nytt sedan sidan öppnades" in response.content.decode()
    assert ManagementReview.objects.get(pk=review.pk).status == ReviewStatus.DRAFT
    fresh = re.search(r'name="seen" value="([^"]+)"', response.content.decode())[1]
    assert fresh != seen
    response = client.post(url, {"seen": fresh, "confirmed": "on"})
    assert response.status_code == 302
    assert ManagementReview.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED


def test_a_submitted_review_shows_no_submit_button(org, coordinator, as_user):
    review = fill_required(make_review(org, year=2024))
    services.review_submit(review=review, by=coordinator)
    html = as_user(coordinator).get(f"/KUL/granskning/{review.pk}/skicka/")
    body = html.content.decode().split("<main", 1)[1]
    assert "endast ett utkast eller en återremitterad" in body
    assert 'type="submit"' not in body


def test_the_review_page_leads_to_the_check_page(org, coordinator, as_user):
    review = make_review(org, year=2024)
    html = as_user(coordinator).get(f"/KUL/granskning/{review.pk}/").content.decode()
    assert f'href="/KUL/granskning/{review.pk}/skicka/"' in html
    assert f'action="/KUL/granskning/{review.pk}/skicka/"' not in html
