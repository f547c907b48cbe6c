"""Collects the dashboard hooks of the reviews app's modules (see lgsys/registry.py)."""

from lgsys.registry import optional_module
from reviews.urls import MODULES


def _modules():
    for name in MODULES:
        module = optional_module(f"reviews.{name}.dashboard")
        if module is not None:
            yield module


def panels(membership) -> list:
    return [
        panel
        for module in _modules()
        if hasattr(module, "panels")
        for panel in module.panels(membership)
    ]


def todo(membership) -> list:
    return [
        item
        for module in _modules()
        if hasattr(module, "todo")
        for item in module.todo(membership)
    ]
