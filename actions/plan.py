"""The plan as the report prints it: areas, each with its actions grouped by period.

``group_by_period`` is pure (no queries): the plan page and the report block both
call it on rows they fetched once.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from actions.models import FINISHED, Action, ActionArea, period_label

OPEN_END = 10_000  # sorts an open-ended period after every closed one starting then


def planning_window(review_year: int) -> list[int]:
    """The three years after a review year."""
    return [review_year + 1, review_year + 2, review_year + 3]


@dataclass
class PeriodGroup:
    label: str
    start: int
    end: int | None
    actions: list = field(default_factory=list)


def group_by_period(actions: Iterable[Action]) -> list[PeriodGroup]:
    """One group per distinct period label, groups in chronological order (start
    year, then end year, open-ended last), actions in their order within a group."""
    groups: dict[tuple, PeriodGroup] = {}
    for action in actions:
        key = (action.start_year, action.end_year)
        if key not in groups:
            groups[key] = PeriodGroup(
                period_label(action.start_year, action.end_year),
                action.start_year,
                action.end_year,
            )
        groups[key].actions.append(action)
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.start, OPEN_END if g.end is None else g.end),
    )
    for group in ordered:
        group.actions.sort(key=lambda a: (a.order, a.pk or 0))
    return ordered


@dataclass
class AreaPlan:
    area: ActionArea
    number: str
    groups: list[PeriodGroup]


def build_plan(organisation, window: list[int], actions=None) -> list[AreaPlan]:
    """Every area of the organisation (numbered 1.3.1, 1.3.2 …) with its actions in
    the window grouped by period. Two queries."""
    areas = list(ActionArea.objects.filter(organisation=organisation))
    if actions is None:
        actions = Action.objects.filter(organisation=organisation).for_plan()
        actions = actions.in_window(window[0], window[-1])
    by_area: dict[int, list] = {}
    for action in actions:
        by_area.setdefault(action.area_id, []).append(action)
    return [
        AreaPlan(area, f"1.3.{i}", group_by_period(by_area.get(area.pk, [])))
        for i, area in enumerate(areas, start=1)
    ]


@dataclass
class CarryOver:
    action: Action
    carries_over: bool


def carry_over(organisation, review_year: int) -> list[CarryOver]:
    """ISO 27001 9.3.2 (a): the actions decided in earlier reviews, with their
    current status; the unfinished ones carry over. One query."""
    actions = (
        Action.objects.filter(
            organisation=organisation, decided_in__year__lt=review_year
        )
        .for_plan()
        .order_by("decided_in__year", "area__order", "start_year", "order", "pk")
    )
    return [CarryOver(a, a.status not in FINISHED) for a in actions]


def carry_over_rows(organisation, review_year: int) -> list[dict]:
    """carry_over() as plain data, for the plan page and the report's snapshot."""
    return [
        {
            "decided": row.action.decided_in.year,
            "text": row.action.text,
            "period": row.action.period_label,
            "area": row.action.area.title,
            "status": row.action.status,
            "status_label": str(row.action.get_status_display()),
            "carries_over": row.carries_over,
        }
        for row in carry_over(organisation, review_year)
    ]


def plan_data(organisation, review_year: int) -> dict:
    """The action_plan report block's data (see CONTRIBUTING.md)."""
    window = planning_window(review_year)
    return {
        "window": window,
        "areas": [
            {
                "number": entry.number,
                "title": entry.area.title,
                "intro": entry.area.intro,
                "groups": [
                    {
                        "label": group.label,
                        "actions": [
                            {
                                "text": a.text,
                                "responsible": a.responsible,
                                "status": a.status,
                                "status_label": str(a.get_status_display()),
                            }
                            for a in group.actions
                        ],
                    }
                    for group in entry.groups
                ],
            }
            for entry in build_plan(organisation, window)
        ],
    }
