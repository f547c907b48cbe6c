"""The legal clocks: IMY's 72 hours and the data subject's one month."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from reviews.models import AccessRequest, Incident, add_months
from tests.reviews_inputs.factories import at


def breach(org, **fields) -> Incident:
    fields.setdefault("title", "Personuppgiftsincident")
    fields.setdefault("kind", Incident.Kind.PERSONAL_DATA)
    fields.setdefault("imy_assessment", Incident.ImyAssessment.REPORTED)
    return Incident(organisation=org, **fields)


@pytest.mark.django_db
def test_reported_exactly_72_hours_after_discovery_is_in_time(org):
    incident = breach(
        org,
        discovered_at=at(2023, 3, 1, 10, 0),
        reported_to_imy_at=at(2023, 3, 4, 10, 0),
    )
    assert incident.imy_deadline == at(2023, 3, 4, 10, 0)
    assert incident.imy_deadline_met is True
    incident.full_clean()  # no reason needed


@pytest.mark.django_db
def test_one_minute_late_needs_a_reason(org):
    incident = breach(
        org,
        discovered_at=at(2023, 3, 1, 10, 0),
        reported_to_imy_at=at(2023, 3, 4, 10, 1),
    )
    assert incident.imy_deadline_met is False
    with pytest.raises(ValidationError) as refused:
        incident.full_clean()
    assert "late_reason" in refused.value.message_dict
    incident.late_reason = "Upptäckten eskalerades inte över helgen."
    incident.full_clean()


def test_the_deadline_is_72_real_hours_across_the_spring_dst_change():
    # Clocks in Stockholm go 02:00 → 03:00 on 26 March 2023: 72 real hours after
    # Saturday 10:00 is Tuesday 11:00 local time, not 10:00.
    incident = Incident(
        kind=Incident.Kind.PERSONAL_DATA, discovered_at=at(2023, 3, 25, 10, 0)
    )
    assert incident.imy_deadline == at(2023, 3, 28, 11, 0)
    assert incident.imy_deadline - incident.discovered_at == timedelta(hours=72)


def test_the_deadline_across_the_autumn_dst_change():
    # 03:00 → 02:00 on 29 October 2023: 72 real hours after Saturday 10:00 is
    # Tuesday 09:00 local time.
    incident = Incident(
        kind=Incident.Kind.PERSONAL_DATA, discovered_at=at(2023, 10, 28, 10, 0)
    )
    assert incident.imy_deadline == at(2023, 10, 31, 9, 0)


@pytest.mark.django_db
def test_a_breach_without_discovery_time_is_refused(org):
    incident = breach(org, discovered_at=None, imy_assessment="under_bedomning")
    with pytest.raises(ValidationError) as refused:
        incident.full_clean()
    assert "discovered_at" in refused.value.message_dict


@pytest.mark.django_db
def test_reported_needs_a_date_and_only_breaches_go_to_imy(org):
    with pytest.raises(ValidationError) as refused:
        breach(org, discovered_at=at(2023, 3, 1, 10, 0)).full_clean()
    assert "reported_to_imy_at" in refused.value.message_dict
    outage = Incident(
        organisation=org,
        title="x",
        kind=Incident.Kind.IT,
        imy_assessment=Incident.ImyAssessment.REPORTED,
    )
    with pytest.raises(ValidationError) as refused:
        outage.full_clean()
    assert "imy_assessment" in refused.value.message_dict


def test_the_imy_badge_states():
    now = at(2023, 3, 2, 10, 0)
    pending = Incident(
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment="under_bedomning",
        discovered_at=at(2023, 3, 1, 10, 0),
    )
    assert pending.imy_state(now) == ("time_left", "48 tim kvar")
    assert pending.imy_state(at(2023, 3, 4, 10, 1))[0] == "missed"
    pending.reported_to_imy_at = at(2023, 3, 3, 9, 0)
    assert pending.imy_state(now)[0] == "met"
    not_reported = Incident(
        kind=Incident.Kind.PERSONAL_DATA,
        imy_assessment="ej_anmald",
        discovered_at=at(2023, 3, 1, 10, 0),
    )
    # A breach assessed as not to be reported: the answer is no, not "not
    # applicable" (issue 17).
    assert not_reported.imy_state(now) == ("not_reported", "Nej, ska inte anmälas")
    assert Incident(kind=Incident.Kind.IT).imy_state(now)[0] == "not_applicable"


def test_one_month_at_month_ends():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year
    assert add_months(date(2023, 3, 31), 1) == date(2023, 4, 30)
    assert add_months(date(2023, 12, 15), 1) == date(2024, 1, 15)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


@pytest.mark.django_db
def test_access_request_deadline_extension_and_timeliness(org):
    request = AccessRequest(organisation=org, received_on=date(2024, 1, 31))
    assert request.deadline == date(2024, 2, 29)
    request.answered_on = date(2024, 2, 29)
    assert request.answered_in_time is True
    request.answered_on = date(2024, 3, 1)
    assert request.answered_in_time is False
    request.extended = True
    with pytest.raises(ValidationError) as refused:
        request.full_clean()
    assert "extension_reason" in refused.value.message_dict
    request.extension_reason = "Omfattande begäran med många system."
    request.full_clean()
    assert request.deadline == date(2024, 4, 30)
    assert request.answered_in_time is True
