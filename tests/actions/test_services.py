import pytest
from django.core.exceptions import ValidationError

from actions import services
from actions.models import Action, ActionStatus
from lgsys.services import version_of
from tests.actions.factories import make_action, make_area


@pytest.mark.django_db
def test_end_before_start_is_refused(org, coordinator):
    action = Action(
        organisation=org, area=make_area(org), text="x", start_year=2025, end_year=2024
    )
    with pytest.raises(ValidationError) as refused:
        services.action_create(action=action, by=coordinator)
    assert "end_year" in refused.value.message_dict
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_years_out_of_range_are_refused(org, coordinator):
    action = Action(organisation=org, area=make_area(org), text="x", start_year=20245)
    with pytest.raises(ValidationError) as refused:
        services.action_create(action=action, by=coordinator)
    assert "start_year" in refused.value.message_dict


@pytest.mark.django_db
def test_a_new_action_goes_last_in_its_area_with_history(org, coordinator):
    area = make_area(org)
    first = make_action(org, area, order=10)
    action = Action(
        organisation=org, area=area, text="ny", start_year=2024, end_year=2024
    )
    services.action_create(action=action, by=coordinator)
    assert action.order > first.order
    record = action.history.latest()
    assert record.history_user == coordinator
    assert record.history_change_reason == "created"


@pytest.mark.django_db
def test_status_change_needs_a_note_and_keeps_it(org, coordinator):
    action = make_action(org)
    with pytest.raises(ValidationError):
        services.action_set_status(
            action=action,
            status=ActionStatus.DONE,
            note="  ",
            by=coordinator,
            version=version_of(action),
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    services.action_set_status(
        action=action,
        status=ActionStatus.DONE,
        note="Klart i mars.",
        by=coordinator,
        version=version_of(action),
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.done_on is not None
    assert "Klart i mars." in action.follow_up
    assert (
        action.history.latest().history_change_reason == "status_changed: Klart i mars."
    )
    services.action_set_status(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        note="Återöppnad.",
        by=coordinator,
        version=version_of(action),
    )
    action.refresh_from_db()
    assert action.done_on is None
    assert action.follow_up.count("\n") == 1


@pytest.mark.django_db
def test_moving_swaps_within_area_and_period_only(org, coordinator):
    area = make_area(org)
    a = make_action(org, area, text="a", order=10)
    b = make_action(org, area, text="b", order=20)
    c = make_action(org, area, text="c", order=30)
    later = make_action(org, area, text="2025", start_year=2025, order=5)
    services.action_move(action=c, up=True, by=coordinator)
    ordered = list(Action.objects.filter(start_year=2024).order_by("order"))
    assert [x.text for x in ordered] == ["a", "c", "b"]
    services.action_move(action=a, up=True, by=coordinator)  # already first
    assert Action.objects.get(pk=a.pk).order == 10
    later.refresh_from_db()
    assert later.order == 5
    services.action_move(action=b, up=False, by=coordinator)  # already last
    assert [
        x.text for x in Action.objects.filter(start_year=2024).order_by("order")
    ] == ["a", "c", "b"]


@pytest.mark.django_db
def test_areas_move_and_an_area_with_actions_cannot_be_deleted(org, coordinator):
    first, second = make_area(org, order=10), make_area(org, order=20)
    services.area_move(area=second, up=True, by=coordinator)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order
    make_action(org, first)
    with pytest.raises(ValidationError) as refused:
        services.area_delete(area=first, by=coordinator)
    assert refused.value.code == "has_actions"
    services.area_delete(area=second, by=coordinator)
    assert not type(second).objects.filter(pk=second.pk).exists()
