from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(city_membership) -> list[MenuItem]:
    return [
        MenuItem(
            _("Overview of the organisations"),
            reverse("city_reviews:overview", args=[city_membership.municipality.code]),
            "city_reviews:",
        )
    ]
