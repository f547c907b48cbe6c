"""“Jämfört med föregående genomgång”: this review's key figures beside the last
approved review's, read from that review's frozen snapshot (what it printed),
with the change in each."""

from actions.models import FINISHED


def key_figures(blocks: dict) -> dict[str, int | float | None]:
    """The key figures of a review, from its blocks' data (a snapshot or a fresh
    build); None where the block was left out."""
    figures: dict[str, int | float | None] = {}
    coverage = blocks.get("coverage")
    if coverage:
        figures["assets"] = coverage.get("assets")
        figures["share_classified"] = coverage.get("share_classified")
        figures["prioritised_classified"] = coverage.get("prioritised_classified")
        figures["prioritised_total"] = coverage.get("prioritised_total")
    heatmap = blocks.get("risk_heatmap")
    if heatmap:
        for band in heatmap.get("by_band", []):
            figures[f"risks:{band['label']}"] = band["count"]
    incidents = blocks.get("incidents")
    if incidents:
        for row in incidents.get("rows", []):
            figures[f"incidents:{row['label']}"] = row["counts"][-1]
        imy = incidents.get("imy") or {}
        figures["breaches"] = imy.get("breaches")
        figures["breaches_reported"] = imy.get("reported")
        figures["breaches_in_time"] = imy.get("in_time")
    carry = blocks.get("carry_over")
    carried_texts = set()
    if carry:
        rows = carry.get("rows", [])
        figures["actions_finished"] = sum(1 for r in rows if r["status"] in FINISHED)
        figures["actions_carried_over"] = sum(1 for r in rows if r["carries_over"])
        carried_texts = {r["text"] for r in rows}
    plan = blocks.get("action_plan")
    if plan:
        figures["actions_new"] = sum(
            1
            for area in plan.get("areas", [])
            for group in area.get("groups", [])
            for action in group.get("actions", [])
            if action["text"] not in carried_texts
        )
    return figures


LABELS = {
    "assets": "Informationsmängder",
    "share_classified": "Andel klassade (%)",
    "prioritised_classified": "Prioriterade informationsmängder klassade",
    "breaches": "Personuppgiftsincidenter",
    "breaches_reported": "– anmälda till IMY",
    "breaches_in_time": "– anmälda inom 72 timmar",
    "actions_finished": "Åtgärder från tidigare genomgångar slutförda",
    "actions_carried_over": "Åtgärder som förs vidare",
    "actions_new": "Nya åtgärder i handlingsplanen",
}


def _label(key: str) -> str:
    if key.startswith("risks:"):
        return f"Risker, {key.split(':', 1)[1].lower()}"
    if key.startswith("incidents:"):
        return f"Incidenter: {key.split(':', 1)[1]}"
    return LABELS.get(key, key)


def _change(now, before):
    if isinstance(now, int | float) and isinstance(before, int | float):
        return round(now - before, 1)
    return None


def _previous(organisation, year):
    """The last approved review before ``year``, with its archive (one query)."""
    from reviews.models import ArchivedReport

    return (
        ArchivedReport.objects.without_pdf()
        .filter(organisation=organisation, review__year__lt=year)
        .order_by("-review__year", "-decided_on", "-pk")
        .first()
    )


def comparison(*, organisation, year, as_of, blocks) -> dict:
    archive = _previous(organisation, year)
    now = key_figures(blocks)
    if archive is None:
        return {"previous": None, "rows": []}
    before = key_figures(archive.snapshot.get("blocks", {}))
    order = list(now) + [k for k in before if k not in now]
    rows = []
    for key in order:
        current, earlier = now.get(key), before.get(key)
        if key == "prioritised_total":
            continue
        if key == "prioritised_classified":
            current = _fraction(now)
            earlier = _fraction(before)
            change = _change(now.get(key), before.get(key))
        else:
            change = _change(current, earlier)
        rows.append(
            {
                "key": key,
                "label": _label(key),
                "current": current,
                "previous": earlier,
                "change": change,
            }
        )
    return {
        "year": year,
        "previous": {
            "year": archive.review.year,
            "decided_on": archive.decided_on.isoformat(),
        },
        "rows": rows,
    }


def _fraction(figures) -> str | None:
    done, total = (
        figures.get("prioritised_classified"),
        figures.get("prioritised_total"),
    )
    if done is None or total is None:
        return None
    return f"{done} / {total}"
