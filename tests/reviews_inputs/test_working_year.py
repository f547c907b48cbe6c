"""A new input's year or date defaults to the review being worked on, not the
calendar year; the incident list answers "no" for a breach not to be reported
(issue 17, points 5 and 8)."""

from datetime import date

import pytest
from django.utils import timezone

from reviews.inputs.forms import ContextChangeForm, FindingForm, TrainingRecordForm
from reviews.models import Incident
from reviews.report import services
from tests.reviews_inputs.factories import at, make_incident


@pytest.mark.django_db
def test_a_new_finding_and_training_default_to_the_draft_reviews_year(
    org, coordinator, as_user
):
    services.review_create(organisation=org, year=2023, by=coordinator)
    services.review_create(organisation=org, year=2024, by=coordinator)
    client = as_user(coordinator)
    page = client.get(f"/{org.code}/granskning/iakttagelser/ny/").content.decode()
    assert 'name="year" value="2024"' in page
    assert FindingForm(organisation=org).initial["year"] == 2024
    assert TrainingRecordForm(organisation=org).initial["year"] == 2024


@pytest.mark.django_db
def test_a_new_context_change_is_dated_in_the_review_year_up_to_its_data_date(
    org, coordinator
):
    review = services.review_create(
        organisation=org, year=2023, by=coordinator, data_date=date(2023, 10, 31)
    )
    day = ContextChangeForm(organisation=org).initial["date"]
    today = timezone.localdate()
    if today.year == review.year and today <= review.data_date:
        assert day == today
    else:  # the data date, so the report (as of that day) includes it
        assert day == date(2023, 10, 31)


@pytest.mark.django_db
def test_without_a_draft_the_calendar_year_and_today(org):
    assert FindingForm(organisation=org).initial["year"] == timezone.localdate().year
    assert ContextChangeForm(organisation=org).initial["date"] == timezone.localdate()


@pytest.mark.django_db
def test_editing_keeps_the_records_own_year(org, coordinator):
    from tests.reviews_inputs.factories import make_finding

    services.review_create(organisation=org, year=2024, by=coordinator)
    finding = make_finding(org, year=2021)
    form = FindingForm(instance=finding, organisation=org)
    assert form["year"].value() == 2021


@pytest.mark.django_db
def test_a_breach_not_to_be_reported_says_no_not_not_applicable(
    org, coordinator, as_user
):
    make_incident(
        org,
        title="Felskickat brev",
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment=Incident.ImyAssessment.NOT_REPORTED,
        discovered_at=at(2023, 3, 1, 10, 0),
    )
    make_incident(org, title="Driftstopp", kind=Incident.Kind.IT)
    page = as_user(coordinator).get(f"/{org.code}/granskning/incidenter/")
    html = page.content.decode()
    assert "Ej tillämpligt" not in html
    row = html.split("Felskickat brev")[1].split("</tr>")[0]
    assert "Nej, ska inte anmälas" in row
    outage = html.split("Driftstopp")[1].split("</tr>")[0]
    assert outage.rstrip().endswith("<td>–</td>")
