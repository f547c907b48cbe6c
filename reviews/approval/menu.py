from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.models import Capability
from lgsys.registry import MenuItem


def items(membership) -> list[MenuItem]:
    if not membership.can(Capability.DECIDE_REVIEW):
        return []
    return [
        MenuItem(
            _("Decisions"),
            reverse("reviews:decisions", args=[membership.organisation.code]),
            "reviews:decisions",
            group="review",
        )
    ]
