"""The core's dashboard panel: the letterhead, for the coordinator who sets it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.models import Capability
from lgsys.registry import Panel


def panels(membership) -> list[Panel]:
    if not membership.can(Capability.EDIT):
        return []
    code = membership.organisation.code
    return [
        Panel(
            _("Letterhead"),
            "lgsys/_letterhead_panel.html",
            {
                "organisation": membership.organisation,
                "edit_url": reverse("letterhead", args=[code]),
                "logo_url": reverse("letterhead_logo", args=[code]),
            },
        )
    ]
