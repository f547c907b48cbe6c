from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(membership) -> list[MenuItem]:
    code = membership.organisation.code
    return [
        MenuItem(
            _("Information assets"),
            reverse("classification:asset_list", args=[code]),
            "classification:asset",
            group="register",
        ),
        MenuItem(
            _("Classifications"),
            reverse("classification:classification_list", args=[code]),
            "classification:classification",
            group="register",
        ),
        MenuItem(
            _("Risks"),
            reverse("classification:risk_list", args=[code]),
            "classification:risk",
            group="register",
        ),
        MenuItem(
            _("Heat map"),
            reverse("classification:heatmap", args=[code]),
            "classification:heatmap",
            group="register",
        ),
        MenuItem(
            _("Systems"),
            reverse("classification:system_list", args=[code]),
            "classification:system",
            group="register",
        ),
        MenuItem(
            _("Threshold analyses"),
            reverse("classification:threshold_list", args=[code]),
            "classification:threshold",
            group="register",
        ),
    ]
