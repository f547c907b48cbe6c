"""What the reviews add to the action plan's pages: on an action's page, the
review that decided it and the findings behind it; on the plan, the actions
decided in earlier reviews and their status (ISO 27001 9.3.2 a)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.models import Capability
from lgsys.registry import Panel
from reviews.decisions.selectors import carry_over_rows
from reviews.models import DecidedAction, ManagementReview


def defaults_for(page: str, membership) -> dict:
    if page != "actions.plan":
        return {}
    latest = (
        ManagementReview.objects.filter(organisation=membership.organisation)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return {"review_year": latest} if latest else {}


def panels_for(page: str, membership, **context) -> list[Panel]:
    if page == "actions.action_detail":
        return [_decision_panel(membership, context["action"])]
    if page == "actions.plan":
        return [_carry_over_panel(membership, context["review_year"])]
    return []


def _decision_panel(membership, action) -> Panel:
    decision = (
        DecidedAction.objects.filter(action=action)
        .select_related("review")
        .prefetch_related("findings")
        .first()
    )
    code = membership.organisation.code
    return Panel(
        _("Decision"),
        "reviews/decisions/_action_panel.html",
        {
            "decision": decision,
            "findings": list(decision.findings.all()) if decision else [],
            "review_url": reverse(
                "reviews:review_detail", args=[code, decision.review_id]
            )
            if decision
            else "",
            "edit_url": reverse("reviews:action_decision", args=[code, action.pk])
            if membership.can(Capability.EDIT)
            else "",
        },
    )


def _carry_over_panel(membership, review_year: int) -> Panel:
    return Panel(
        _("Actions decided in earlier reviews"),
        "reviews/decisions/_carry_over_panel.html",
        {
            "rows": carry_over_rows(membership.organisation, review_year),
            "review_year": review_year,
        },
    )
