"""The likelihood × consequence grid: counts per cell with the band in text."""

from datetime import date

from django.urls import reverse

from classification.models import RiskBand, ScaleLevel
from classification.scales import band_for


def heatmap_data(
    organisation, *, link: bool = False, as_of: date | None = None
) -> dict:
    """Rows from the highest likelihood down, columns by consequence; three queries.
    ``as_of``: the risks as they stood at the end of that day (from their history),
    else as they are now.

    Plain JSON types only: the report stores this as its snapshot.
    """
    from classification.figures import risks_at
    from classification.models import Risk

    levels = list(
        ScaleLevel.objects.filter(
            organisation=organisation,
            kind__in=[ScaleLevel.Kind.LIKELIHOOD, ScaleLevel.Kind.CONSEQUENCE],
        )
    )
    likelihoods = [lv for lv in levels if lv.kind == ScaleLevel.Kind.LIKELIHOOD]
    consequences = [lv for lv in levels if lv.kind == ScaleLevel.Kind.CONSEQUENCE]
    bands = list(RiskBand.objects.filter(organisation=organisation))
    if as_of is None:
        counts = Risk.objects.filter(organisation=organisation).heatmap_counts()
    else:
        counts = {}
        for risk in risks_at(organisation, as_of):
            cell = (risk.likelihood, risk.consequence)
            counts[cell] = counts.get(cell, 0) + 1
    base = reverse("classification:risk_list", args=[organisation.code]) if link else ""
    rows = []
    for lk in sorted(likelihoods, key=lambda lv: -lv.value):
        cells = []
        for c in sorted(consequences, key=lambda lv: lv.value):
            band = band_for(lk.value * c.value, bands)
            cells.append(
                {
                    "likelihood": lk.value,
                    "consequence": c.value,
                    "count": counts.get((lk.value, c.value), 0),
                    "band": band.label if band else "",
                    "style": band.style if band else "",
                    "url": f"{base}?likelihood={lk.value}&consequence={c.value}"
                    if link
                    else "",
                }
            )
        rows.append({"likelihood": lk.value, "label": lk.label, "cells": cells})
    by_band = {b.label: 0 for b in bands}
    for (lk, c), n in counts.items():
        band = band_for(lk * c, bands)
        if band:
            by_band[band.label] += n
    return {
        "rows": rows,
        "consequences": [
            {"value": c.value, "label": c.label}
            for c in sorted(consequences, key=lambda lv: lv.value)
        ],
        "total": sum(counts.values()),
        "by_band": [
            {
                "label": b.label,
                "style": b.style,
                "low": b.low,
                "high": b.high,
                "count": by_band[b.label],
            }
            for b in bands
        ],
    }
