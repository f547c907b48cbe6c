"""The plan as the report prints it: areas, each with its actions grouped by period.

``group_by_period`` is pure (no queries): the plan page and the report block both
call it on rows they fetched once.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page
from django.db.models import Count

from actions.models import Action, ActionArea, period_label
from lgsys.audit.asof import records_at

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


def build_plan(
    organisation, window: list[int], actions=None, as_of: date | None = None
) -> list[AreaPlan]:
    """Every area of the organisation (numbered 1.3.1, 1.3.2 …) with its actions in
    the window grouped by period (now, or as they stood at the end of ``as_of``).
    Two queries (four as of a day)."""
    if as_of is not None:
        areas, every = state_at_end_of(organisation, as_of)
        actions = [
            a
            for a in every
            if a.start_year <= window[-1]
            and (a.end_year is None or a.end_year >= window[0])
        ]
    else:
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


# The plan page lists this many actions a page; the exports hold them all.
PLAN_PAGE_SIZE = 50


@dataclass
class AreaOnPage(AreaPlan):
    continued: bool = False  # its first actions are on an earlier page
    first: bool = False  # first and last of all the areas (for the move buttons)
    last: bool = False


def _group_key(action) -> tuple:
    return (action.area_id, action.start_year, action.end_year)


def plan_page(organisation, window: list[int], actions, page: Page) -> list:
    """The areas of one page of the plan, each with the page's actions grouped
    by period, in a fixed number of queries whatever the number of actions.

    ``actions`` are the filtered actions in the plan's order (``for_plan()``) and
    ``page`` their page. An area shows on the pages that hold its actions; an
    area without any (filtered) action shows where it falls in the order. Each
    action gets ``can_move_up``/``can_move_down``: whether it has a neighbour
    in its area and period, on this page or the next or previous one."""
    per_page = page.paginator.per_page
    bottom = (page.number - 1) * per_page
    before = 1 if bottom else 0
    rows = list(actions[bottom - before : bottom + per_page + 1])
    shown = rows[before : before + per_page]
    for i, action in enumerate(shown, start=before):
        key = _group_key(action)
        action.can_move_up = i > 0 and _group_key(rows[i - 1]) == key
        action.can_move_down = i + 1 < len(rows) and _group_key(rows[i + 1]) == key
    counts = dict(
        actions.order_by()
        .values_list("area_id")
        .annotate(n=Count("pk"))
        .values_list("area_id", "n")
    )
    plan = build_plan(organisation, window, actions=shown)
    entries, position = [], 0
    for index, entry in enumerate(plan):
        start = position
        position += counts.get(entry.area.pk, 0)
        if counts.get(entry.area.pk):
            on_page = bool(entry.groups)
        else:  # where it falls in the order, or on the last page
            on_page = min(start // per_page + 1, page.paginator.num_pages) == (
                page.number
            )
        if on_page:
            entries.append(
                AreaOnPage(
                    entry.area,
                    entry.number,
                    entry.groups,
                    continued=start < bottom,
                    first=index == 0,
                    last=index == len(plan) - 1,
                )
            )
    return entries


def actions_at(organisation, day: date) -> list[Action]:
    """The actions as they stood at the end of ``day`` (from their history)."""
    return state_at_end_of(organisation, day)[1]


def state_at_end_of(organisation, day: date) -> tuple[list, list]:
    """The areas (in their order) and actions as they stood at the end of ``day``
    (from their history), each action with its area and responsible person
    attached: three queries whatever the number."""
    from django.contrib.auth import get_user_model

    areas = sorted(
        records_at(ActionArea, organisation, day), key=lambda a: (a.order, a.pk)
    )
    by_pk = {a.pk: a for a in areas}
    actions = [a for a in records_at(Action, organisation, day) if a.area_id in by_pk]
    users = get_user_model()._default_manager.in_bulk(
        {a.responsible_user_id for a in actions} - {None}
    )
    for action in actions:
        action.area = by_pk[action.area_id]
        action.responsible_user = users.get(action.responsible_user_id)
    return areas, actions


def plan_data(organisation, review_year: int, as_of: date | None = None) -> dict:
    """The action_plan report block's data (see CONTRIBUTING.md), as of a day.
    An area with no action in the window is left out, and the printed areas are
    numbered 1.3.1, 1.3.2 … without gaps (the contents list the same)."""
    window = planning_window(review_year)
    printed = [
        entry for entry in build_plan(organisation, window, as_of=as_of) if entry.groups
    ]
    return {
        "window": window,
        "areas": [
            {
                "number": f"1.3.{number}",
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
            for number, entry in enumerate(printed, start=1)
        ],
    }
