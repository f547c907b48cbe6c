from django.utils.translation import gettext_lazy as _

from classification.heatmap import heatmap_data
from classification.models import InformationAsset
from lgsys.registry import ReportBlock


def _coverage(*, organisation, year, as_of) -> dict:
    return InformationAsset.objects.filter(organisation=organisation).coverage()


def _heatmap(*, organisation, year, as_of) -> dict:
    return heatmap_data(organisation)


BLOCKS = [
    ReportBlock(
        "coverage",
        "1.2.4",
        _("Coverage of the register"),
        "classification/_coverage.html",
        _coverage,
        order=0,
    ),
    ReportBlock(
        "risk_heatmap",
        "1.2.4",
        _("Risk heat map"),
        "classification/_heatmap.html",
        _heatmap,
        order=10,
    ),
]
