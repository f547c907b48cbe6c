from django.urls import reverse
from django.utils.translation import gettext as _

from lgsys.registry import MenuItem


def items(city_membership) -> list[MenuItem]:
    """The city level's own link: its home, with the city's organisations."""
    code = city_membership.municipality.code
    return [MenuItem(_("Organisations"), reverse("city:home", args=[code]), "city:")]
