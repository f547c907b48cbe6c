from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.models import Capability
from lgsys.registry import MenuItem


def items(membership) -> list[MenuItem]:
    code = membership.organisation.code
    found = [MenuItem(_("Overview"), reverse("dashboard", args=[code]), "dashboard")]
    if membership.can(Capability.VIEW_HISTORY):
        found.append(
            MenuItem(
                _("Change history"),
                reverse("history_timeline", args=[code]),
                "history_",
                group="history",
            )
        )
    return found
