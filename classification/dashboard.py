from django.utils.translation import gettext as _

from classification.heatmap import heatmap_data
from classification.models import InformationAsset
from lgsys.registry import Panel


def panels(membership) -> list[Panel]:
    org = membership.organisation
    return [
        Panel(
            _("Register coverage"),
            "classification/_panel_coverage.html",
            {
                "coverage": InformationAsset.objects.filter(
                    organisation=org
                ).coverage(),
                "risks": heatmap_data(org)["by_band"],
            },
        )
    ]
