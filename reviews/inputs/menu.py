from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(membership) -> list[MenuItem]:
    code = membership.organisation.code
    return [
        MenuItem(
            _("Incidents"),
            reverse("reviews:incident_list", args=[code]),
            "reviews:incident",
            group="inputs",
        ),
        MenuItem(
            _("Findings"),
            reverse("reviews:finding_list", args=[code]),
            "reviews:finding",
            group="inputs",
        ),
        MenuItem(
            _("World and city"),
            reverse("reviews:change_list", args=[code]),
            "reviews:change",
            group="inputs",
        ),
        MenuItem(
            _("Training"),
            reverse("reviews:training_list", args=[code]),
            "reviews:training",
            group="inputs",
        ),
        MenuItem(
            _("Data subject requests"),
            reverse("reviews:request_list", args=[code]),
            "reviews:request",
            group="inputs",
        ),
    ]
