from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(membership) -> list[MenuItem]:
    return [
        MenuItem(
            _("Action plan"),
            reverse("actions:plan", args=[membership.organisation.code]),
            "actions:",
            group="actions",
        )
    ]
