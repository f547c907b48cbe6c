"""One organisation's figures for the city overview, as plain data.

From a review's frozen blocks (``figures_from_blocks``: the snapshot taken at
submission, which the approval freezes and the archive keeps), or live from the
registers for the organisations without one (``live_figures``: the whole city in
a fixed number of queries, whatever the number of organisations or rows).

The figures, both ways:

- register: information assets, classified ones and their share, prioritised
  assets and the classified among them (the ``coverage`` block);
- risks by band (the ``risk_heatmap`` block's ``by_band``, or the risk register
  counted per likelihood × consequence with the organisation's bands);
- personal data breaches of the year, reported to IMY, within 72 hours (the
  ``incidents`` block's ``imy``);
- actions finished (genomförd) and delayed (försenad): the actions of the plan
  the review decides (the ``action_plan`` block: the three years after the
  review year) and those decided at earlier reviews (the ``carry_over`` block),
  each counted once. Live: the actions in that window and those decided at an
  earlier review.

A block left out of a review gives ``None`` ("–"), never a made-up zero."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q

from actions.models import Action, ActionStatus
from classification.models import Classification, InformationAsset, Risk, RiskBand
from classification.scales import band_for
from reviews.models import Incident


def empty_figures() -> dict:
    return {
        "assets": None,
        "classified": None,
        "share_classified": None,
        "prioritised_total": None,
        "prioritised_classified": None,
        "bands": [],  # [{label, style, low, high, count}]
        "risks": None,
        "breaches": None,
        "imy_reported": None,
        "imy_in_time": None,
        "actions_done": None,
        "actions_delayed": None,
    }


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def figures_from_blocks(blocks: dict) -> dict:
    """The overview's figures of one review's snapshot (no queries)."""
    figures = empty_figures()
    coverage = blocks.get("coverage")
    if coverage and "assets" in coverage:
        figures.update(
            assets=coverage["assets"],
            classified=coverage["classified"],
            share_classified=share(coverage["classified"], coverage["assets"]),
            prioritised_total=coverage["prioritised_total"],
            prioritised_classified=coverage["prioritised_classified"],
        )
    heatmap = blocks.get("risk_heatmap")
    if heatmap and "by_band" in heatmap:
        figures["bands"] = [
            {k: band[k] for k in ("label", "style", "low", "high", "count")}
            for band in heatmap["by_band"]
        ]
        figures["risks"] = heatmap["total"]
    incidents = blocks.get("incidents")
    if incidents and "imy" in incidents:
        imy = incidents["imy"]
        figures.update(
            breaches=imy["breaches"],
            imy_reported=imy["reported"],
            imy_in_time=imy["in_time"],
        )
    if "action_plan" in blocks or "carry_over" in blocks:
        statuses = {}  # (area, period, text) -> status: each action once
        for row in blocks.get("carry_over", {}).get("rows", []):
            statuses[(row["area"], row["period"], row["text"])] = row["status"]
        for area in blocks.get("action_plan", {}).get("areas", []):
            for group in area["groups"]:
                for action in group["actions"]:
                    key = (area["title"], group["label"], action["text"])
                    statuses[key] = action["status"]
        figures["actions_done"] = sum(
            1 for s in statuses.values() if s == ActionStatus.DONE
        )
        figures["actions_delayed"] = sum(
            1 for s in statuses.values() if s == ActionStatus.DELAYED
        )
    return figures


def heatmap_of(blocks: dict) -> dict | None:
    return blocks.get("risk_heatmap")


def live_figures(organisations: list, year: int) -> dict[int, dict]:
    """{organisation id: its figures from the registers as they are now}, for
    every organisation given, in six queries whatever their number."""
    ids = [o.pk for o in organisations]
    result = {pk: empty_figures() for pk in ids}
    classified = Exists(Classification.objects.filter(asset=OuterRef("pk")))
    coverage = (
        InformationAsset.objects.filter(organisation_id__in=ids)
        .annotate(is_classified=classified)
        .values("organisation_id")
        .annotate(
            assets=Count("pk"),
            classified=Count("pk", filter=Q(is_classified=True)),
            prioritised_total=Count("pk", filter=Q(prioritised=True)),
            prioritised_classified=Count(
                "pk", filter=Q(prioritised=True, is_classified=True)
            ),
        )
        .order_by()
    )
    for pk in ids:  # an organisation without assets has them all at nought
        result[pk].update(
            assets=0,
            classified=0,
            prioritised_total=0,
            prioritised_classified=0,
            risks=0,
            breaches=0,
            imy_reported=0,
            imy_in_time=0,
            actions_done=0,
            actions_delayed=0,
        )
    for row in coverage:
        figures = result[row.pop("organisation_id")]
        figures.update(row)
    for figures in result.values():
        figures["share_classified"] = share(figures["classified"], figures["assets"])

    bands = defaultdict(list)
    for band in RiskBand.objects.filter(organisation_id__in=ids).order_by("low"):
        bands[band.organisation_id].append(band)
    counts = defaultdict(dict)
    for org_id, value, n in _risk_values(ids):
        band = band_for(value, bands[org_id])
        if band is not None:
            counts[org_id][band.label] = counts[org_id].get(band.label, 0) + n
        result[org_id]["risks"] += n
    for pk in ids:
        result[pk]["bands"] = [
            {
                "label": b.label,
                "style": b.style,
                "low": b.low,
                "high": b.high,
                "count": counts[pk].get(b.label, 0),
            }
            for b in bands[pk]
        ]

    breaches = Incident.objects.filter(
        organisation_id__in=ids,
        kind=Incident.Kind.PERSONAL_DATA,
        discovered_at__year=year,
    ).only("organisation_id", "discovered_at", "reported_to_imy_at", "kind")
    for breach in breaches:
        figures = result[breach.organisation_id]
        figures["breaches"] += 1
        if breach.reported_to_imy_at is not None:
            figures["imy_reported"] += 1
            figures["imy_in_time"] += 1 if breach.imy_deadline_met else 0

    in_plan = Q(start_year__lte=year + 3) & (
        Q(end_year__isnull=True) | Q(end_year__gte=year + 1)
    )
    decided_earlier = Q(decision__review__year__lt=year)
    actions = (
        Action.objects.filter(organisation_id__in=ids)
        .filter(in_plan | decided_earlier)
        .filter(status__in=[ActionStatus.DONE, ActionStatus.DELAYED])
        .values_list("organisation_id", "status")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for org_id, status, n in actions:
        key = "actions_done" if status == ActionStatus.DONE else "actions_delayed"
        result[org_id][key] += n
    return result


def _risk_values(ids: list[int]):
    """(organisation id, likelihood × consequence, count) of every risk; one
    query."""
    rows = (
        Risk.objects.filter(organisation_id__in=ids)
        .values_list("organisation_id", "likelihood", "consequence")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(org_id, lk * c, n) for org_id, lk, c, n in rows]
