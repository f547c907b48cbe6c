from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from actions.models import Action
from lgsys.models import Capability
from lgsys.registry import TodoItem


def todo(membership) -> list[TodoItem]:
    """For the coordinator: the actions past their period and not done, linked
    to the plan filtered to them (one query)."""
    if not membership.can(Capability.EDIT):
        return []
    org = membership.organisation
    late = (
        Action.objects.filter(organisation=org)
        .past_period(timezone.localdate().year)
        .count()
    )
    if not late:
        return []
    return [
        TodoItem(
            text=ngettext(
                "action past its period and not done",
                "actions past their period and not done",
                late,
            ),
            url=reverse("actions:plan", args=[org.code]) + "?overdue=1",
            count=late,
            order=40,
        )
    ]
