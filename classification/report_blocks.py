from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from classification.figures import coverage_at
from classification.heatmap import heatmap_data
from classification.models import Risk, RiskBand
from lgsys.audit.asof import end_of_day, state_at
from lgsys.registry import ReportBlock


def _coverage(*, organisation, year, as_of) -> dict:
    return coverage_at(organisation, as_of)


def _heatmap(*, organisation, year, as_of) -> dict:
    return heatmap_data(organisation, as_of=as_of)


def highest_band_risks(*, organisation, year, as_of) -> dict:
    """The risks whose value (likelihood × consequence) falls in the highest band
    (the one with the highest ``low``), as they stood at the end of ``as_of``
    (from the risks' history): title, value, owner, treatment and status. Three
    queries: the bands, the risks, their owners."""
    band = RiskBand.objects.filter(organisation=organisation).order_by("-low").first()
    if band is None:
        return {"year": year, "band": None, "risks": []}
    rows = list(
        state_at("classification.risk", organisation, end_of_day(as_of))
        .annotate(value=F("likelihood") * F("consequence"))
        .filter(value__gte=band.low, value__lte=band.high)
        .order_by("-value", "title", "id")
    )
    owners = get_user_model().objects.in_bulk(
        {r.owner_user_id for r in rows if r.owner_user_id}
    )
    treatments, statuses = dict(Risk.Treatment.choices), dict(Risk.Status.choices)

    def owner(row) -> str:
        user = owners.get(row.owner_user_id)
        return (user.get_full_name() or user.username) if user else "–"

    return {
        "year": year,
        "band": {
            "label": band.label,
            "low": band.low,
            "high": band.high,
            "style": band.style,
        },
        "risks": [
            {
                "title": r.title,
                "value": r.value,
                "likelihood": r.likelihood,
                "consequence": r.consequence,
                "owner": owner(r),
                "treatment": r.treatment,
                "treatment_label": str(treatments.get(r.treatment, "")),
                "status": r.status,
                "status_label": str(statuses.get(r.status, r.status)),
            }
            for r in rows
        ],
    }


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
    ReportBlock(
        "risks_highest_band",
        "1.2.4",
        _("Risks in the highest band"),
        "classification/_highest_risks.html",
        highest_band_risks,
        order=20,
    ),
]
