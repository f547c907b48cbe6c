"""The review records which actions it decided and the findings behind them; the
action plan shows them through the reviews' panels and knows nothing of reviews."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.models import ActionStatus
from reviews.decisions import services
from reviews.decisions.selectors import carry_over_rows
from reviews.models import DecidedAction, ManagementReview
from tests.actions.factories import make_action, make_area
from tests.factories import edit_data
from tests.reviews_decisions.factories import decide
from tests.reviews_inputs.factories import FACTORIES


def _url(org, action):
    return f"/{org.code}/granskning/atgardsbeslut/{action.pk}/"


@pytest.mark.django_db
def test_carry_over_lists_earlier_reviews_actions_and_which_remain(org, other_org):
    earlier = ManagementReview.objects.create(organisation=org, year=2022)
    current = ManagementReview.objects.create(organisation=org, year=2023)
    area = make_area(org)
    decide(make_action(org, area, text="klar", status=ActionStatus.DONE), earlier)
    decide(
        make_action(org, area, text="struken", status=ActionStatus.CANCELLED), earlier
    )
    decide(
        make_action(org, area, text="pågår", status=ActionStatus.IN_PROGRESS), earlier
    )
    decide(make_action(org, area, text="nybeslutad"), current)
    make_action(org, area, text="utan beslut")
    foreign = ManagementReview.objects.create(organisation=other_org, year=2021)
    decide(make_action(other_org, text="annan"), foreign)
    rows = carry_over_rows(org, 2023)
    assert {r["text"]: r["carries_over"] for r in rows} == {
        "klar": False,
        "struken": False,
        "pågår": True,
    }
    assert {r["decided"] for r in rows} == {2022}
    assert carry_over_rows(org, 2022) == []
    # as of a day: from the history, the same rows (all written today)
    assert carry_over_rows(org, 2023, date.today()) == rows
    assert carry_over_rows(org, 2023, date(2000, 1, 1)) == []


@pytest.mark.django_db
def test_the_coordinator_records_the_decision_and_its_findings(
    as_user, coordinator, org
):
    review = ManagementReview.objects.create(organisation=org, year=2023)
    finding = FACTORIES["finding"](org, text="Saknad loggning")
    action = make_action(org, text="Inför loggning")
    client = as_user(coordinator)
    page = client.get(_url(org, action)).content.decode()
    assert "Saknad loggning" in page and "Inte beslutad i någon genomgång" in page
    response = client.post(
        _url(org, action), {"review": review.pk, "findings": [finding.pk]}
    )
    assert response.status_code == 302
    decision = DecidedAction.objects.get(action=action)
    assert decision.review == review
    assert list(decision.findings.all()) == [finding]
    row = decision.history.get()
    assert row.history_type == "+" and row.history_user == coordinator
    assert row.history_change_reason.startswith("action_decided")
    # the action's page shows it, through the reviews' panel
    detail = client.get(f"/{org.code}/atgarder/{action.pk}/").content.decode()
    assert f'href="/{org.code}/granskning/{review.pk}/"' in detail
    assert "Saknad loggning" in detail

    # decided in no review: the decision goes, its history stays
    response = client.post(
        _url(org, action), edit_data(decision, review="", findings=[])
    )
    assert response.status_code == 302
    assert not DecidedAction.objects.filter(action=action).exists()
    assert decision.history.filter(history_type="-").exists()


@pytest.mark.django_db
def test_a_change_over_a_newer_save_is_refused_and_keeps_the_input(
    as_user, coordinator, org
):
    first = ManagementReview.objects.create(organisation=org, year=2022)
    second = ManagementReview.objects.create(organisation=org, year=2023)
    action = make_action(org)
    decision = decide(action, first)
    shown = edit_data(decision, review=second.pk, findings=[])
    services.action_decision_set(
        action=action,
        review=second,
        findings=[],
        by=coordinator,
        version=services.core.version_of(decision),
    )
    response = as_user(coordinator).post(_url(org, action), shown)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Någon annan sparade" in page  # the refusal, with the input kept
    assert f'<option value="{second.pk}" selected>' in page
    assert DecidedAction.objects.get(action=action).history.count() == 2


@pytest.mark.django_db
def test_another_organisations_review_or_finding_is_refused(
    as_user, coordinator, org, other_org
):
    foreign_review = ManagementReview.objects.create(organisation=other_org, year=2023)
    foreign_finding = FACTORIES["finding"](other_org)
    action = make_action(org)
    client = as_user(coordinator)
    for data in ({"review": foreign_review.pk}, {"findings": [foreign_finding.pk]}):
        response = client.post(_url(org, action), data)
        assert response.status_code == 200
        assert "field--error" in response.content.decode()
    assert not DecidedAction.objects.exists()
    # and the service refuses them whatever the form
    with pytest.raises(ValidationError):
        services.action_decision_set(
            action=action,
            review=ManagementReview.objects.create(organisation=org, year=2024),
            findings=[foreign_finding],
            by=coordinator,
        )
    assert not DecidedAction.objects.exists()


@pytest.mark.django_db
def test_another_organisations_action_is_404(as_user, coordinator, other_org):
    action = make_action(other_org)
    client = as_user(coordinator)
    assert client.get(_url(other_org, action)).status_code == 404
    assert client.get(f"/KUL/granskning/atgardsbeslut/{action.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_plan_shows_the_carry_over_in_a_fixed_number_of_queries(
    as_user, coordinator, org, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    earlier = ManagementReview.objects.create(organisation=org, year=2022)
    ManagementReview.objects.create(organisation=org, year=2023)
    client = as_user(coordinator)
    area = make_area(org)

    def queries():
        client.get(f"/{org.code}/atgarder/")
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(f"/{org.code}/atgarder/").content.decode()
        return len(ctx.captured_queries), page

    decide(make_action(org, area, text="första"), earlier)
    few, page = queries()
    assert "första" in page and "Åtgärder beslutade i tidigare genomgångar" in page
    for n in range(20):
        decide(make_action(org, area, text=f"åtgärd {n}"), earlier)
    many, page = queries()
    assert many == few
    assert "åtgärd 19" in page


@pytest.mark.django_db
def test_changing_a_decision_takes_the_optional_reason(as_user, coordinator, org):
    first = ManagementReview.objects.create(organisation=org, year=2022)
    second = ManagementReview.objects.create(organisation=org, year=2023)
    action = make_action(org)
    decision = decide(action, first)
    client = as_user(coordinator)
    assert "Anledning" in client.get(_url(org, action)).content.decode()
    response = client.post(
        _url(org, action),
        edit_data(decision, review=second.pk, change_reason="Beslutades om"),
    )
    assert response.status_code == 302
    row = DecidedAction.objects.get(action=action).history.latest()
    assert row.history_change_reason.startswith("action_decision_changed")
    assert "Beslutades om" in row.history_change_reason
