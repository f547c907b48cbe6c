"""Collects ``BLOCKS`` from the modules' ``reviews/<module>/report_blocks.py``."""

from lgsys.registry import optional_module
from reviews.urls import MODULES

BLOCKS: list = []
for _name in MODULES:
    _module = optional_module(f"reviews.{_name}.report_blocks")
    if _module is not None:
        BLOCKS += _module.BLOCKS
