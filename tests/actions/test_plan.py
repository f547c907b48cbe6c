"""Period grouping, window, ordering and carry-over."""

from types import SimpleNamespace

import pytest

from actions.models import ActionStatus, period_label
from actions.plan import (
    build_plan,
    group_by_period,
    plan_data,
    planning_window,
)
from tests.actions.factories import make_action, make_area


def _a(start, end, order=0, pk=1, text=""):
    return SimpleNamespace(
        start_year=start, end_year=end, order=order, pk=pk, text=text
    )


def test_period_labels_as_the_reference_prints_them():
    assert period_label(2024, 2024) == "2024"
    assert period_label(2025, 2026) == "2025–2026"
    assert period_label(2026, None) == "2026 –"


def test_groups_single_year_range_and_open_ended_in_chronological_order():
    groups = group_by_period(
        [
            _a(2026, None, pk=1),
            _a(2025, 2026, pk=2),
            _a(2024, 2024, pk=3),
            _a(2026, 2026, pk=4),
            _a(2025, 2025, pk=5),
        ]
    )
    assert [g.label for g in groups] == ["2024", "2025", "2025–2026", "2026", "2026 –"]


def test_overlapping_ranges_are_separate_groups():
    groups = group_by_period(
        [_a(2024, 2026, pk=1), _a(2024, 2025, pk=2), _a(2025, 2026, pk=3)]
    )
    assert [g.label for g in groups] == ["2024–2025", "2024–2026", "2025–2026"]


def test_actions_keep_their_order_within_a_group():
    groups = group_by_period(
        [
            _a(2024, 2024, order=30, pk=1, text="c"),
            _a(2024, 2024, order=10, pk=2, text="a"),
            _a(2024, 2024, order=20, pk=3, text="b"),
        ]
    )
    assert [a.text for a in groups[0].actions] == ["a", "b", "c"]


def test_planning_window_is_the_three_following_years():
    assert planning_window(2023) == [2024, 2025, 2026]


@pytest.mark.django_db
def test_the_window_takes_overlapping_actions_including_ones_spanning_beyond(org):
    area = make_area(org, title="Område")
    make_action(org, area, text="före", start_year=2020, end_year=2023)
    make_action(org, area, text="över", start_year=2023, end_year=2024)
    make_action(org, area, text="bortom", start_year=2026, end_year=2029)
    make_action(org, area, text="öppen", start_year=2022, end_year=None)
    make_action(org, area, text="efter", start_year=2027, end_year=2027)
    plan = build_plan(org, planning_window(2023))
    texts = [a.text for g in plan[0].groups for a in g.actions]
    assert texts == ["öppen", "över", "bortom"]
    assert [g.label for g in plan[0].groups] == ["2022 –", "2023–2024", "2026–2029"]
    assert plan[0].number == "1.3.1"


@pytest.mark.django_db
def test_plan_data_is_the_report_contract(org):
    area = make_area(org, title="Uppdatera", intro="Intro.")
    make_action(
        org,
        area,
        text="x",
        start_year=2024,
        end_year=None,
        responsible_title="samordnare",
        status=ActionStatus.IN_PROGRESS,
    )
    data = plan_data(org, 2023)
    assert data["window"] == [2024, 2025, 2026]
    assert data["areas"] == [
        {
            "number": "1.3.1",
            "title": "Uppdatera",
            "intro": "Intro.",
            "groups": [
                {
                    "label": "2024 –",
                    "actions": [
                        {
                            "text": "x",
                            "responsible": "samordnare",
                            "status": "pagar",
                            "status_label": "Pågår",
                        }
                    ],
                }
            ],
        }
    ]
