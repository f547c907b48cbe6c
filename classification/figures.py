"""The register's figures as they stood at the end of a day, from the history
tables alone (lgsys.audit.asof), for the report's blocks: a review states what
was true on its data date, whatever changed in the registers since."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F

from classification.models import (
    AssetStatus,
    Classification,
    InformationAsset,
    Risk,
    RiskBand,
)
from lgsys.audit.asof import end_of_day, records_at, state_at


def classifications_in_force(organisation, day: date) -> dict[int, Classification]:
    """{asset id: its classification in force at the end of ``day``} (the latest
    revision dated up to that day). One query."""
    rows = state_at(
        Classification._meta.label_lower, organisation, end_of_day(day)
    ).filter(classified_on__lte=day)
    current: dict[int, Classification] = {}
    for row in rows.order_by("asset_id", "classified_on", "id"):
        current[row.asset_id] = row.instance  # the latest revision wins
    return current


def coverage_at(organisation, day: date) -> dict:
    """The register's coverage at the end of ``day``; the same figures as
    ``InformationAssetQuerySet.coverage()`` gives for today. Two queries."""
    assets = records_at(InformationAsset, organisation, day)
    current = classifications_in_force(organisation, day)
    total = len(assets)

    def count(test) -> int:
        return sum(1 for asset in assets if test(asset, current.get(asset.pk)))

    figures = {
        "assets": total,
        "with_owner": count(lambda a, c: bool(a.owner_user_id or a.owner_title)),
        "classified": count(lambda a, c: c is not None),
        "overdue": count(
            lambda a, c: c is not None and c.next_review and c.next_review < day
        ),
        "with_plan": count(
            lambda a, c: a.status in (AssetStatus.PLAN, AssetStatus.DONE)
        ),
        "prioritised_total": count(lambda a, c: a.prioritised),
        "prioritised_classified": count(lambda a, c: a.prioritised and c is not None),
    }

    def share(n):
        return round(100 * n / total, 1) if total else None

    return {
        **figures,
        "share_with_owner": share(figures["with_owner"]),
        "share_classified": share(figures["classified"]),
        "share_overdue": share(figures["overdue"]),
        "share_with_plan": share(figures["with_plan"]),
    }


def risks_at(organisation, day: date) -> list[Risk]:
    """The organisation's risks as they stood at the end of ``day``."""
    return records_at(Risk, organisation, day)


# The report lists the highest risks of the band, not a register: beyond this many
# it says how many more the risk register holds.
HIGHEST_BAND_SHOWN = 25


def highest_band_risks(*, organisation, year, as_of) -> dict:
    """The risks whose value (likelihood × consequence) falls in the highest band
    (the one with the highest ``low``), as they stood at the end of ``as_of``
    (from the risks' history): title, value, owner, treatment and status of the
    ``HIGHEST_BAND_SHOWN`` highest, and how many there are in all. Four queries:
    the bands, the count, the risks shown, their owners."""
    band = RiskBand.objects.filter(organisation=organisation).order_by("-low").first()
    if band is None:
        return {"year": year, "band": None, "risks": []}
    in_band = (
        state_at("classification.risk", organisation, end_of_day(as_of))
        .annotate(value=F("likelihood") * F("consequence"))
        .filter(value__gte=band.low, value__lte=band.high)
    )
    total = in_band.count()
    rows = list(in_band.order_by("-value", "title", "id")[:HIGHEST_BAND_SHOWN])
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
        "total": total,
        "more": total - len(rows),
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
