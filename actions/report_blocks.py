from django.utils.translation import gettext_lazy as _

from actions.plan import carry_over_rows, plan_data
from lgsys.registry import ReportBlock


def _carry_over(*, organisation, year, as_of) -> dict:
    return {"rows": carry_over_rows(organisation, year, as_of)}


def _action_plan(*, organisation, year, as_of) -> dict:
    return plan_data(organisation, year, as_of)


BLOCKS = [
    ReportBlock(
        key="carry_over",
        section="1.3",
        title=_("Status of actions decided in earlier reviews (ISO 27001 9.3.2 a)"),
        template_name="actions/_report_carry_over.html",
        build=_carry_over,
        order=0,
    ),
    ReportBlock(
        key="action_plan",
        section="1.3",
        title=_("The action plan per area and period"),
        template_name="actions/_report_action_plan.html",
        build=_action_plan,
        order=10,
    ),
]
