from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(city_membership) -> list[MenuItem]:
    code = city_membership.municipality.code
    return [
        MenuItem(
            _("Normative classifications"),
            reverse("normative:list", args=[code]),
            "normative:",
        )
    ]
