"""Extension points: the apps register themselves; the core names none of them.

An app calls ``register(self, ...)`` in its ``AppConfig.ready()`` with the dotted
names of its hook modules:

- ``menu``: modules with ``items(membership) -> list[MenuItem]``, its links in
  the navigation;
- ``dashboard``: modules with ``panels(membership) -> list[Panel]`` (figures on
  the organisation's dashboard) and/or ``todo(membership) -> list[TodoItem]``
  (what waits for this member, "Att göra");
- ``org_urls``: ``(segment, urlconf)`` pairs included under ``/<org>/``;
  ``city_urls``: the same under the city level's ``/stad/<city>/`` (views
  gated by ``lgsys.permissions.city_view``); ``root_urls``: at the site's root;
- ``city_menu``: modules with ``items(city_membership) -> list[MenuItem]``, the
  app's links in the city level's navigation;
- ``pages``: modules that add to the pages of an app below, which does not know
  them: ``panels_for(page, membership, **context) -> list[Panel]`` (the review
  that decided an action, on the action's page) and, optionally,
  ``defaults_for(page, membership) -> dict`` (the plan's default review year);
- ``pickers``: modules with ``SOURCES: list[lgsys.pickers.PickerSource]``, the
  registers a form's search-as-you-type picker can choose from;
- ``as_of``: modules with ``REGISTERS: list[lgsys.audit.asof.Register]``, the
  app's registers on the history's "the register as it was" page;
- ``demo`` (and ``demo_last``, run after the demo's history is dated): modules
  with ``load(ctx)`` for ``manage.py loaddemo``; ``seeders``: modules with
  ``seed(ctx)`` for ``manage.py seed_large``.

Every module named is imported at registration: a misspelt or broken one stops
the start with its ImportError instead of being skipped. Apps are asked in the
order they registered, which is INSTALLED_APPS order.
"""

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Extension:
    name: str  # the app's name, e.g. "classification"
    path: Path  # its folder (its locale/ catalogue lives there)
    menu: tuple[ModuleType, ...] = ()
    dashboard: tuple[ModuleType, ...] = ()
    org_urls: tuple[tuple[str, str], ...] = ()
    city_urls: tuple[tuple[str, str], ...] = ()
    city_menu: tuple[ModuleType, ...] = ()
    root_urls: tuple[tuple[str, str], ...] = ()
    demo: tuple[ModuleType, ...] = ()
    demo_last: tuple[ModuleType, ...] = ()
    seeders: tuple[ModuleType, ...] = ()
    pages: tuple[ModuleType, ...] = ()
    as_of: tuple[ModuleType, ...] = ()
    pickers: tuple[ModuleType, ...] = ()


_EXTENSIONS: dict[str, Extension] = {}


def register(
    config,
    *,
    menu=(),
    dashboard=(),
    org_urls=(),
    city_urls=(),
    city_menu=(),
    root_urls=(),
    demo=(),
    demo_last=(),
    seeders=(),
    pages=(),
    as_of=(),
    pickers=(),
) -> Extension:
    """Register the app of ``config`` (an AppConfig) with its hook modules."""

    def load(names) -> tuple[ModuleType, ...]:
        return tuple(import_module(name) for name in names)

    for _segment, urlconf in (*org_urls, *city_urls, *root_urls):
        import_module(urlconf)  # a broken URLconf fails at start, not at a request
    extension = Extension(
        name=config.name,
        path=Path(config.path),
        menu=load(menu),
        dashboard=load(dashboard),
        org_urls=tuple(org_urls),
        city_urls=tuple(city_urls),
        city_menu=load(city_menu),
        root_urls=tuple(root_urls),
        demo=load(demo),
        demo_last=load(demo_last),
        seeders=load(seeders),
        pages=load(pages),
        as_of=load(as_of),
        pickers=load(pickers),
    )
    _EXTENSIONS[config.name] = extension
    return extension


def extensions() -> list[Extension]:
    return list(_EXTENSIONS.values())


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


def menu_items(membership) -> list[MenuItem]:
    return [
        item
        for extension in extensions()
        for module in extension.menu
        for item in module.items(membership)
    ]


def city_menu_items(city_membership) -> list[MenuItem]:
    return [
        item
        for extension in extensions()
        for module in extension.city_menu
        for item in module.items(city_membership)
    ]


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
        for extension in extensions()
        for module in extension.dashboard
        for panel in getattr(module, "panels", _none)(membership)
    ]


def dashboard_todo(membership) -> list[TodoItem]:
    """What waits for ``membership`` in the apps; each app's hook runs a fixed
    number of queries, whatever the number of rows."""
    items = [
        item
        for extension in extensions()
        for module in extension.dashboard
        for item in getattr(module, "todo", _none)(membership)
    ]
    return sorted(items, key=lambda item: item.order)


def _none(membership) -> list:
    return []


def page_panels(page: str, membership, **context) -> list[Panel]:
    """The panels the apps add to ``page`` (e.g. "actions.action_detail", with
    the page's objects as ``context``), each in a fixed number of queries."""
    return [
        panel
        for extension in extensions()
        for module in extension.pages
        for panel in module.panels_for(page, membership, **context)
    ]


def page_defaults(page: str, membership) -> dict:
    """Defaults the apps give ``page`` (e.g. the plan's review year)."""
    found: dict = {}
    for extension in extensions():
        for module in extension.pages:
            if hasattr(module, "defaults_for"):
                found.update(module.defaults_for(page, membership))
    return found
