from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(membership) -> list[MenuItem]:
    return [
        MenuItem(
            _("Management review"),
            reverse("reviews:review_list", args=[membership.organisation.code]),
            "reviews:review",
            group="review",
        )
    ]
