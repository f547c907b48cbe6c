"""Extension points the apps fill in without touching the core.

Each installed lgsys app may provide:

- ``<app>/menu.py`` with ``items(membership) -> list[MenuItem]``: its links in
  the navigation;
- ``<app>/dashboard.py`` with ``panels(membership) -> list[Panel]``: its
  figures on the organisation's dashboard, and/or ``todo(membership) ->
  list[TodoItem]``: what waits for this member, at the top of the dashboard
  ("Att göra"), each figure linked to the filtered list that shows its rows;
- ``<app>/report_blocks.py`` with ``BLOCKS: list[ReportBlock]``: the data blocks
  it contributes to the management-review report (see ReportBlock).

Apps are asked in INSTALLED_APPS order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.utils.translation import gettext_lazy as _

LGSYS_APPS = ("lgsys", "classification", "reviews", "actions")


# The navigation's groups, in the order of the year's work; a MenuItem names
# its group by key ("" for the few links before the groups, e.g. the overview).
MENU_GROUPS = (
    ("register", _("Register")),
    ("inputs", _("Inputs")),
    ("actions", _("Actions")),
    ("review", _("Review")),
    ("history", _("History")),
)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    # The URL-name prefix that marks this item as the current page,
    # e.g. "classification:asset".
    active_prefix: str = ""
    group: str = ""  # a key of MENU_GROUPS


@dataclass
class Panel:
    title: str
    template_name: str
    context: dict = field(default_factory=dict)


def optional_module(dotted: str):
    """The module ``dotted`` if it exists (also when its parent package does not)."""
    try:
        found = find_spec(dotted) is not None
    except ModuleNotFoundError:
        return None
    return import_module(dotted) if found else None


def _hooks(module_name: str):
    for config in apps.get_app_configs():
        if config.name not in LGSYS_APPS:
            continue
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)


def menu_items(membership) -> list[MenuItem]:
    return [item for module in _hooks("menu") for item in module.items(membership)]


@dataclass(frozen=True)
class TodoLink:
    text: str
    url: str
    note: str = ""  # beside the link, e.g. "31 h left"
    tone: str = ""  # the note's badge: "danger", "warn", "ok" or "" (neutral)


@dataclass(frozen=True)
class TodoItem(TodoLink):
    """A line of the dashboard's "Att göra". ``count`` is the figure (None: the
    line states something, e.g. a review's status); ``url`` leads to the
    filtered list that shows exactly the rows counted. ``details`` are a few of
    those rows, each with its own link. Lines are shown by ``order``, the most
    pressing first (a running IMY clock 5, a review's way to its decision 10-20,
    registers due for review 30, the action plan 40)."""

    count: int | str | None = None
    details: tuple[TodoLink, ...] = ()
    order: int = 50


def dashboard_panels(membership) -> list[Panel]:
    return [
        panel
        for module in _hooks("dashboard")
        for panel in getattr(module, "panels", _none)(membership)
    ]


def dashboard_todo(membership) -> list[TodoItem]:
    """What waits for ``membership`` in the apps; each app's hook runs a fixed
    number of queries, whatever the number of rows."""
    items = [
        item
        for module in _hooks("dashboard")
        for item in getattr(module, "todo", _none)(membership)
    ]
    return sorted(items, key=lambda item: item.order)


def _none(membership) -> list:
    return []


@dataclass(frozen=True)
class ReportBlock:
    """A data block of the report, generated from the registers.

    ``build(organisation=..., year=..., as_of=...)`` returns the block's data as
    of the day ``as_of`` (the review's data date: registers as their history says
    they stood at the end of that day, dated records up to it) as plain JSON
    types only (str, int, float, bool, None, list, dict; dates as ISO strings),
    because a submitted review keeps exactly that and an approved one freezes
    it. It must use a fixed number of queries whatever the number of rows.
    ``template_name`` is a partial rendered under the narrative of ``section``
    (e.g. "1.2.9") in both the web preview and the PDF; it receives ``data``.
    """

    key: str  # stable identifier, e.g. "incidents_by_type"
    section: str  # the report section it prints under, e.g. "1.2.9"
    title: str  # shown in the review editor's on/off list
    template_name: str
    build: Callable[..., dict]
    order: int = 0  # among the blocks of one section
    # Built after the others, with their data as ``blocks=`` (e.g. a comparison
    # of the review's key figures with the previous review's).
    reads_blocks: bool = False


def report_blocks() -> list[ReportBlock]:
    blocks = [b for module in _hooks("report_blocks") for b in module.BLOCKS]
    return sorted(blocks, key=lambda b: (b.section, b.order, b.key))
