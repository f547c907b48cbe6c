"""Collects the menu hooks of the reviews app's modules (see lgsys/registry.py)."""

from lgsys.registry import optional_module
from reviews.urls import MODULES


def _modules():
    for name in MODULES:
        module = optional_module(f"reviews.{name}.menu")
        if module is not None:
            yield module


def items(membership) -> list:
    return [item for module in _modules() for item in module.items(membership)]
