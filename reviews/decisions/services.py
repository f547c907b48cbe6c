"""Recording which review decided an action, and the findings behind it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import Action
from lgsys import reasons
from lgsys import services as core
from lgsys.models import Capability
from reviews.models import DecidedAction

reasons.define(
    action_decided=gettext_lazy("action decided in the review"),
    action_decision_changed=gettext_lazy("decision changed"),
    action_decision_removed=gettext_lazy("decision removed"),
)


@transaction.atomic
def action_decision_set(
    *, action, review, findings, by, version: dict | None = None, reason: str = ""
) -> DecidedAction | None:
    """Record that ``review`` decided ``action``, motivated by ``findings``; no
    review: the action was decided in none (a recorded decision is removed).
    ``version`` is the decision's version the form showed (None for a new one)."""
    core.member(by, action.organisation, Capability.EDIT)
    # One decision per action: two saves of the same action wait for each other.
    Action.objects.select_for_update().filter(pk=action.pk).first()
    findings = list(findings)
    if any(f.organisation_id != action.organisation_id for f in findings):
        raise ValidationError(
            {"findings": _("Choose one of the organisation's own.")},
            code="other_organisation",
        )
    current = DecidedAction.objects.filter(action=action).first()
    if review is None:
        if current is not None:
            core.lock_current(current, version)
            core.delete(
                current,
                by=by,
                reason=reasons.reason("action_decision_removed", reason),
            )
        return None
    if current is None:
        decision = DecidedAction(
            organisation=action.organisation, action=action, review=review
        )
        return core.save_new(
            decision,
            by=by,
            reason=reasons.reason("action_decided", reason),
            m2m={"findings": findings},
        )
    current.review = review
    return core.save_change(
        current,
        by=by,
        version=version,
        reason=reasons.reason("action_decision_changed", reason),
        m2m={"findings": findings},
    )
