"""Demo: the 2023 review decided the plan of its section 1.3; the 2022 review
decided the actions whose status the 2023 review reports (ISO 27001 9.3.2 a)."""

from actions.demo import PLAN_2022, PLAN_2023
from actions.models import Action
from lgsys.demo import DemoContext, ensure
from reviews.models import DecidedAction, ManagementReview


def load(ctx: DemoContext) -> None:
    org = ctx.organisation
    by = ctx.users.get("samordnare")
    reviews = {
        review.year: review
        for review in ManagementReview.objects.filter(
            organisation=org, year__in=[2022, 2023]
        )
    }
    decided_in = {
        text: 2023 for _title, _intro, actions in PLAN_2023 for *_years, text in actions
    }
    decided_in.update({row[3]: 2022 for row in PLAN_2022})
    for action in Action.objects.filter(organisation=org, text__in=list(decided_in)):
        ensure(
            DecidedAction,
            {"organisation": org, "action": action},
            {"review": reviews[decided_in[action.text]]},
            user=by,
        )
