"""The verksamhetsplan deadline: the coordinator sets it on the dashboard, through
a service that records why; the dashboard counts down to it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lgsys.services import StaleEdit, version_of
from lgsys.todo.services import organisation_plan_deadline_set
from tests.factories import edit_data

URL = "/{code}/verksamhetsplan/"


@pytest.mark.django_db
def test_the_coordinator_sets_the_deadline_from_the_dashboard(
    org, coordinator, as_user
):
    client = as_user(coordinator)
    page = client.get(f"/{org.code}/").content.decode()
    assert f'action="{URL.format(code=org.code)}"' in page
    assert 'name="plan_deadline"' in page
    day = timezone.localdate() + timedelta(days=40)
    response = client.post(
        URL.format(code=org.code), edit_data(org, plan_deadline=day.isoformat())
    )
    assert response.status_code == 302 and response["Location"] == f"/{org.code}/"
    org.refresh_from_db()
    assert org.plan_deadline == day
    record = org.history.latest()
    assert record.history_user == coordinator
    assert record.history_change_reason == "plan_deadline_set"
    page = client.get(f"/{org.code}/").content.decode()
    assert f"ska vara beslutad senast {day.isoformat()}, om 40 dagar" in page


@pytest.mark.django_db
def test_a_stale_deadline_is_refused_naming_who_saved(org, coordinator, as_user):
    loaded = edit_data(org)
    organisation_plan_deadline_set(
        organisation=org,
        by=coordinator,
        plan_deadline=date(2026, 11, 30),
        version=version_of(org),
    )
    response = as_user(coordinator).post(
        URL.format(code=org.code), {**loaded, "plan_deadline": "2026-10-01"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Samordnare Testsson" in page and "2026-10-01" in page  # input kept
    org.refresh_from_db()
    assert org.plan_deadline == date(2026, 11, 30)


@pytest.mark.django_db
def test_only_the_coordinator_sets_it_and_within_sane_years(org, head, coordinator):
    with pytest.raises(PermissionDenied):
        organisation_plan_deadline_set(
            organisation=org,
            by=head,
            plan_deadline=date(2026, 11, 30),
            version=version_of(org),
        )
    with pytest.raises(ValidationError) as refused:
        organisation_plan_deadline_set(
            organisation=org,
            by=coordinator,
            plan_deadline=date(9999, 12, 31),
            version=version_of(org),
        )
    assert "plan_deadline" in refused.value.message_dict
    with pytest.raises(StaleEdit):
        organisation_plan_deadline_set(
            organisation=org, by=coordinator, plan_deadline=None, version=None
        )
    org.refresh_from_db()
    assert org.plan_deadline is None


@pytest.mark.django_db
def test_the_others_see_no_deadline_form(org, role_users, coordinator, as_user):
    for user in role_users.values():
        page = as_user(user).get(f"/{org.code}/").content.decode()
        assert ('name="plan_deadline"' in page) == (user == coordinator)
