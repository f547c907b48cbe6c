"""The report anchored in time (issue 16, point 1): every block is built as of
the review's data date from the history; submission keeps that data; the demo's
2023 review prints the figures of 2023-10-31 whatever today is."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from actions.models import Action, ActionStatus
from classification.models import InformationAsset, Risk
from reviews.approval import services as approval
from reviews.models import ManagementReview
from reviews.report.pdf import render_review_pdf
from reviews.report.selectors import build_blocks
from tests.actions.factories import make_action, make_area
from tests.classification.factories import make_asset, make_classification, make_risk
from tests.reviews_report.factories import make_review, make_submittable_review

FEB, MAY, SEP = date(2024, 2, 1), date(2024, 5, 1), date(2024, 9, 1)
BLOCKS_QUERIES = 40  # what building the report's blocks may cost at most


def _date_last_row(obj, day: date) -> None:
    """Date the newest history row of ``obj`` at noon of ``day``."""
    row = obj.history.order_by("-history_id").first()
    when = timezone.make_aware(datetime.combine(day, time(12)))
    type(row)._base_manager.filter(history_id=row.history_id).update(history_date=when)


@pytest.fixture
def a_year(org, coordinator):
    """February: an unclassified asset, a low risk, an action not started.
    May: the asset classified, the risk raised to the top band.
    September: the action finished."""
    asset = make_asset(org, name="Låntagarregister", prioritised=True)
    risk = make_risk(org, title="Obehörig åtkomst", likelihood=1, consequence=2)
    action = make_action(
        org, make_area(org, title="Styrning"), start_year=2025, end_year=2025
    )
    for obj in (asset, risk, action, action.area):
        _date_last_row(obj, FEB)
    classification = make_classification(org, asset=asset, classified_on=MAY)
    _date_last_row(classification, MAY)
    risk.likelihood, risk.consequence = 4, 4
    risk.save()
    _date_last_row(risk, MAY)
    action.status = ActionStatus.DONE
    action.save()
    _date_last_row(action, SEP)
    return asset, risk, action


def _figures(review, day):
    review.data_date = day
    blocks = build_blocks(review)
    top = blocks["risk_heatmap"]["by_band"][-1]
    statuses = [
        a["status"]
        for area in blocks["action_plan"]["areas"]
        for group in area["groups"]
        for a in group["actions"]
    ]
    return (
        blocks["coverage"]["classified"],
        blocks["coverage"]["assets"],
        top["count"],
        statuses,
    )


@pytest.mark.django_db
def test_the_figures_at_three_data_dates(org, coordinator, a_year):
    review = make_review(org, year=2024, by=coordinator)
    assert _figures(review, date(2024, 1, 15)) == (0, 0, 0, [])
    assert _figures(review, date(2024, 3, 1)) == (
        0,
        1,
        0,
        [ActionStatus.NOT_STARTED],
    )
    assert _figures(review, date(2024, 6, 1)) == (1, 1, 1, [ActionStatus.NOT_STARTED])
    assert _figures(review, date(2024, 10, 1)) == (1, 1, 1, [ActionStatus.DONE])


@pytest.mark.django_db
def test_the_same_data_date_gives_the_same_figures_whatever_changes_later(
    org, coordinator, a_year
):
    asset, risk, action = a_year
    review = make_review(org, year=2024, by=coordinator)
    review.data_date = date(2024, 6, 1)
    before = build_blocks(review)
    # today, long after the data date: the registers move on
    InformationAsset.objects.create(organisation=org, name="Ny i dag")
    Risk.objects.filter(pk=risk.pk).delete()
    Action.objects.filter(pk=action.pk).update(text="Omskriven")
    assert build_blocks(review) == before


@pytest.mark.django_db
def test_submission_keeps_the_data_and_a_return_takes_it_anew(
    org, coordinator, head, a_year
):
    review = make_submittable_review(org, year=2024, by=coordinator)
    approval.review_submit(review=review, by=coordinator)
    review.refresh_from_db()
    assert review.data_date == timezone.localdate()
    kept = review.blocks_snapshot
    assert kept["coverage"]["assets"] == 1
    InformationAsset.objects.create(organisation=org, name="Efter inskickandet")
    html = render_review_pdf(review)  # what the head reads: the kept data
    assert html.startswith(b"%PDF-")
    review.refresh_from_db()
    assert review.blocks_snapshot == kept
    approval.review_return(review=review, by=head, comment="Ta med nya tillgången.")
    review.refresh_from_db()
    assert review.blocks_snapshot is None
    approval.review_submit(review=review, by=coordinator)
    review.refresh_from_db()
    assert review.blocks_snapshot["coverage"]["assets"] == 2


@pytest.mark.django_db
def test_blocks_keep_a_fixed_number_of_queries(
    org, coordinator, django_assert_max_num_queries, django_assert_num_queries
):
    review = make_review(org, year=2024, by=coordinator)
    review.data_date = timezone.localdate()
    for _ in range(3):
        make_classification(org, asset=make_asset(org))
        make_risk(org)
        make_action(org, start_year=2025, end_year=2025)
    # what the blocks may cost at most, and then exactly the same with more rows
    with django_assert_max_num_queries(BLOCKS_QUERIES) as few:
        build_blocks(review)
    for _ in range(30):
        make_classification(org, asset=make_asset(org))
        make_risk(org)
        make_action(org, start_year=2025, end_year=2025)
    with django_assert_num_queries(len(few)):
        build_blocks(review)


@pytest.mark.django_db
def test_the_editor_says_when_the_data_date_precedes_the_first_entry(
    org, coordinator, as_user, a_year
):
    review = make_review(org, year=2023, by=coordinator)
    ManagementReview.objects.filter(pk=review.pk).update(data_date=date(2023, 6, 30))
    page = as_user(coordinator).get(review.get_absolute_url()).content.decode()
    assert "2023-06-30" in page and "2024-02-01" in page
    assert "tomma" in page or "tomt" in page


@pytest.fixture
def demo(db):
    call_command("loaddemo", stdout=io.StringIO())
    return ManagementReview.objects.get(organisation__code="KUL", year=2023)


@pytest.mark.django_db
def test_the_demos_2023_review_prints_the_figures_of_its_data_date(demo, monkeypatch):
    """The reference's 2023 review, data date 2023-10-31: 6 of 7 assets
    classified then, 1 of 7 with its review overdue (not the 85.7 % a render in
    2026 gave when it counted overdue reviews as of today)."""
    assert demo.data_date == date(2023, 10, 31)
    coverage = demo.blocks_snapshot["coverage"]
    assert (coverage["assets"], coverage["classified"], coverage["overdue"]) == (
        7,
        6,
        1,
    )
    # the history was dated in the years it describes, and the day the report is
    # rendered does not matter: the same figures in 2026 and in 2031
    assert build_blocks(demo) == demo.blocks_snapshot
    later = timezone.now() + timedelta(days=5 * 365)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert build_blocks(demo) == demo.blocks_snapshot
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(render_review_pdf(demo))).pages
    )
    assert "Uppgifter per 2023-10-31" in text
    assert "Försenad översyn 14,3 %" in " ".join(text.split()) or (
        "14.3 %" in text or "14,3 %" in text
    )


@pytest.mark.django_db
def test_the_comparison_with_the_last_approved_review(org, coordinator, head):
    """This year's key figures beside the last approved review's frozen ones."""
    from tests.factories import PASSWORD

    make_classification(org, asset=make_asset(org, name="Äldre register"))
    last = make_submittable_review(org, year=2023, by=coordinator)
    approval.review_submit(review=last, by=coordinator)
    approval.review_approve(
        review=last,
        by=head,
        password=PASSWORD,
        decided_on=timezone.localdate() - timedelta(days=1),
    )
    # a year later: two more assets, one classified, and a high risk
    make_classification(org, asset=make_asset(org))
    make_asset(org)
    make_risk(org, likelihood=4, consequence=4)
    review = make_review(org, year=2024, by=coordinator)
    rows = {r["key"]: r for r in build_blocks(review)["comparison"]["rows"]}
    assert (rows["assets"]["current"], rows["assets"]["previous"]) == (3, 1)
    assert rows["assets"]["change"] == 2
    assert (
        rows["share_classified"]["current"],
        rows["share_classified"]["previous"],
    ) == (
        66.7,
        100.0,
    )
    assert rows["share_classified"]["change"] == -33.3
    assert rows["risks:Hög"]["change"] == 1
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(render_review_pdf(review))).pages
    )
    assert "Jämfört med föregående genomgång" in text
    assert "Informationsmängder 3 1 +2" in text
    assert "Andel klassade (%) 66,7 100,0 -33,3" in text


@pytest.mark.django_db
def test_without_an_approved_review_the_comparison_says_so(org, coordinator):
    review = make_review(org, year=2024, by=coordinator)
    assert build_blocks(review)["comparison"] == {"previous": None, "rows": []}
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(render_review_pdf(review))).pages
    )
    assert "ingen tidigare beslutad genomgång" in " ".join(text.split())


def test_key_figures_count_done_and_cancelled_actions_as_finished():
    from reviews.report.comparison import key_figures

    rows = [
        {"text": "a", "status": "genomford", "carries_over": False},
        {"text": "b", "status": "struken", "carries_over": False},
        {"text": "c", "status": "pagar", "carries_over": True},
    ]
    plan = {"areas": [{"groups": [{"actions": [{"text": "c"}, {"text": "ny"}]}]}]}
    figures = key_figures({"carry_over": {"rows": rows}, "action_plan": plan})
    assert figures["actions_finished"] == 2
    assert figures["actions_carried_over"] == 1
    assert figures["actions_new"] == 1
