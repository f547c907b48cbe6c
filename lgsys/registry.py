"""Extension points the apps fill in without touching the core.

Each installed lgsys app may provide:

- ``<app>/menu.py`` with ``items(membership) -> list[MenuItem]``: its links in
  the navigation;
- ``<app>/dashboard.py`` with ``panels(membership) -> list[Panel]``: its
  figures on the organisation's dashboard.

Apps are asked in INSTALLED_APPS order.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

LGSYS_APPS = ("lgsys", "classification", "reviews", "actions")


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    # The URL-name prefix that marks this item as the current page,
    # e.g. "classification:asset".
    active_prefix: str = ""


@dataclass
class Panel:
    title: str
    template_name: str
    context: dict = field(default_factory=dict)


def _hooks(module_name: str):
    for config in apps.get_app_configs():
        if config.name not in LGSYS_APPS:
            continue
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)


def menu_items(membership) -> list[MenuItem]:
    return [item for module in _hooks("menu") for item in module.items(membership)]


def dashboard_panels(membership) -> list[Panel]:
    return [
        panel for module in _hooks("dashboard") for panel in module.panels(membership)
    ]
