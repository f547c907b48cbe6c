"""Every data block of the report, by key. The outline places them
(``reviews/report/outline.py``); the data comes from the apps below reviews."""

from django.utils.translation import gettext_lazy as _

from actions.plan import plan_data
from classification.figures import coverage_at, highest_band_risks
from classification.heatmap import heatmap_data
from reviews.decisions.selectors import carry_over_rows
from reviews.inputs.report_blocks import BLOCKS as INPUT_BLOCKS
from reviews.report.blocks import ReportBlock
from reviews.report.comparison import comparison


def _coverage(*, organisation, year, as_of) -> dict:
    return coverage_at(organisation, as_of)


def _heatmap(*, organisation, year, as_of) -> dict:
    return heatmap_data(organisation, as_of=as_of)


def _carry_over(*, organisation, year, as_of) -> dict:
    return {"rows": carry_over_rows(organisation, year, as_of)}


def _action_plan(*, organisation, year, as_of) -> dict:
    return plan_data(organisation, year, as_of)


def _plan_areas(data: dict) -> list[tuple[str, str]]:
    return [(area["number"], area["title"]) for area in data.get("areas", [])]


BLOCKS = [
    ReportBlock(
        "comparison",
        _("Compared with the previous review"),
        "reviews/report/_block_comparison.html",
        comparison,
        reads_blocks=True,
    ),
    *INPUT_BLOCKS,
    ReportBlock(
        "coverage",
        _("Coverage of the register"),
        "classification/_coverage.html",
        _coverage,
    ),
    ReportBlock(
        "risk_heatmap",
        _("Risk heat map"),
        "classification/_heatmap.html",
        _heatmap,
    ),
    ReportBlock(
        "risks_highest_band",
        _("Risks in the highest band"),
        "classification/_highest_risks.html",
        highest_band_risks,
    ),
    ReportBlock(
        "carry_over",
        _("Status of actions decided in earlier reviews (ISO 27001 9.3.2 a)"),
        "reviews/decisions/_report_carry_over.html",
        _carry_over,
        iso_inputs=("a",),
    ),
    ReportBlock(
        "action_plan",
        _("The action plan per area and period"),
        "actions/_report_action_plan.html",
        _action_plan,
        toc=_plan_areas,
    ),
]
