"""The report's own blocks: the comparison with the previous approved review."""

from reviews.report.comparison import BLOCKS

__all__ = ["BLOCKS"]
