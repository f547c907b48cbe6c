"""The city overview and the compilation's data: one row per organisation of a
city, in a fixed number of queries whatever the number of organisations and the
size of their registers.

Where a row's figures come from (``OverviewRow.source``):

- ``decided``: the year's decided (approved) review: its frozen snapshot, the
  data the head approved and the archive keeps. The newest decided version
  when an approved review was replaced by a new one.
- ``submitted``: a review waiting for its decision: the snapshot taken at
  submission (what the head reads), not yet decided.
- ``live``: no snapshot (no review yet, a draft, a returned review): the
  registers as they are now, labelled "levande uppgifter" wherever shown.

The compilation (``compilation``) reads decided snapshots only."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Q
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classification.models import NormativeClassification
from lgsys.models import Organisation
from reviews.city.figures import (
    empty_figures,
    figures_from_blocks,
    live_figures,
    share,
)
from reviews.models import ArchivedReport, ManagementReview, ReviewStatus


class State:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    RETURNED = "returned"
    SUBMITTED = "submitted"
    DECIDED = "decided"


STATES = [
    (State.NOT_STARTED, _("Not started")),
    (State.DRAFT, _("Draft")),
    (State.RETURNED, _("Returned")),
    (State.SUBMITTED, _("Submitted")),
    (State.DECIDED, _("Decided")),
]
STATE_LABELS = dict(STATES)
STATE_ORDER = {key: i for i, (key, _label) in enumerate(STATES)}
FROM_STATUS = {
    ReviewStatus.DRAFT: State.DRAFT,
    ReviewStatus.RETURNED: State.RETURNED,
    ReviewStatus.SUBMITTED: State.SUBMITTED,
    ReviewStatus.APPROVED: State.DECIDED,
}
SOURCE_LABELS = {
    "decided": _("decided review"),
    "submitted": _("submitted, not yet decided"),
    "live": _("draft/live figures"),
}

# The numeric figures summed into the totals row.
SUMMED = (
    "assets",
    "classified",
    "prioritised_total",
    "prioritised_classified",
    "risks",
    "breaches",
    "imy_reported",
    "imy_in_time",
    "actions_done",
    "actions_delayed",
)


@dataclass
class OverviewRow:
    organisation: Organisation
    state: str
    review: ManagementReview | None = None  # the year's review shown
    source: str = "live"
    data_date: date | None = None
    figures: dict = field(default_factory=empty_figures)
    archive_id: int | None = None  # the decided review's archived PDF
    heatmap: dict | None = None  # decided/submitted: the snapshot's heat map
    incidents: dict | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])

    @property
    def submitted_at(self):
        return self.review.submitted_at if self.review else None

    @property
    def decided_on(self):
        if self.review and self.review.status == ReviewStatus.APPROVED:
            return self.review.decided_on
        return None

    def band(self, label: str):
        return next(
            (b["count"] for b in self.figures["bands"] if b["label"] == label), None
        )


def review_years(city) -> tuple[list[int], int]:
    """The years for the year switch (every year a review of the city's
    organisations has, and this year) and the year shown by default: the newest
    that has a review, this year when none has. One query."""
    with_review = set(
        ManagementReview.objects.filter(organisation__city=city)
        .values_list("year", flat=True)
        .distinct()
    )
    this_year = timezone.localdate().year
    default = max(with_review) if with_review else this_year
    return sorted({*with_review, this_year}, reverse=True), default


# The blocks of a snapshot the overview and the compilation read; a decided
# review's whole snapshot (every table of its report) is read by the review's
# own pages, never here: 50 organisations' snapshots are megabytes of JSON.
OVERVIEW_BLOCKS = ("coverage", "risk_heatmap", "incidents", "action_plan", "carry_over")


def _with_blocks(reviews):
    """``reviews`` without their snapshots, each with the OVERVIEW_BLOCKS of its
    snapshot (read by the database) and whether it has one."""
    return reviews.defer("blocks_snapshot").annotate(
        has_snapshot=Q(blocks_snapshot__isnull=False),
        **{
            f"block_{key}": KeyTransform(key, "blocks_snapshot")
            for key in OVERVIEW_BLOCKS
        },
    )


def _reviews_of(city, year: int, organisation=None) -> list[ManagementReview]:
    reviews = _with_blocks(
        ManagementReview.objects.filter(organisation__city=city, year=year)
    ).annotate(archive_pk=F("archive__pk"))
    if organisation is not None:
        reviews = reviews.filter(organisation=organisation)
    return list(reviews.order_by("organisation_id", "decided_on", "pk"))


def _decided_blocks(reviews: list[ManagementReview]) -> dict[int, dict]:
    """{review id: its frozen OVERVIEW_BLOCKS}: of the snapshot kept on the
    review (``reviews`` from ``_with_blocks``), or the archive's for a review
    approved before snapshots were kept on it (one query, only when there is
    such a review)."""
    blocks = {
        r.pk: {
            key: getattr(r, f"block_{key}")
            for key in OVERVIEW_BLOCKS
            if getattr(r, f"block_{key}") is not None
        }
        for r in reviews
        if r.has_snapshot
    }
    missing = [r.pk for r in reviews if not r.has_snapshot]
    if missing:
        for review_id, *found in ArchivedReport.objects.filter(
            review_id__in=missing
        ).values_list(
            "review_id",
            *(f"snapshot__blocks__{key}" for key in OVERVIEW_BLOCKS),
        ):
            blocks[review_id] = {
                key: value
                for key, value in zip(OVERVIEW_BLOCKS, found, strict=True)
                if value is not None
            }
    return blocks


def overview_rows(city, year: int, organisation=None) -> list[OverviewRow]:
    """One row per organisation of ``city`` (or only ``organisation``), by name.
    Three queries, six more when some organisation has no snapshot."""
    organisations = Organisation.objects.filter(city=city).order_by("name", "pk")
    if organisation is not None:
        organisations = organisations.filter(pk=organisation.pk)
    organisations = list(organisations)
    by_org = defaultdict(list)
    for review in _reviews_of(city, year, organisation):
        by_org[review.organisation_id].append(review)
    rows, with_snapshot = [], []
    for org in organisations:
        reviews = by_org.get(org.pk, [])
        decided = [r for r in reviews if r.status == ReviewStatus.APPROVED]
        original = next((r for r in reviews if r.replaces_id is None), None)
        if decided:
            row = OverviewRow(org, State.DECIDED, decided[-1], source="decided")
            row.archive_id = row.review.archive_pk
        elif original is not None:
            row = OverviewRow(org, FROM_STATUS[original.status], original)
            if original.status == ReviewStatus.SUBMITTED:
                row.source = "submitted"
        else:
            row = OverviewRow(org, State.NOT_STARTED)
        if row.source != "live":
            with_snapshot.append(row.review)
            row.data_date = row.review.data_date
        rows.append(row)
    blocks = _decided_blocks(with_snapshot)
    live = [row.organisation for row in rows if row.source == "live"]
    live_data = live_figures(live, year) if live else {}
    today = timezone.localdate()
    for row in rows:
        if row.source == "live":
            row.figures = live_data[row.organisation.pk]
            row.data_date = today
        else:
            snapshot = blocks.get(row.review.pk, {})
            row.figures = figures_from_blocks(snapshot)
            row.heatmap = _heatmap(snapshot)
            row.incidents = snapshot.get("incidents")
    return rows


def _heatmap(snapshot: dict) -> dict | None:
    heatmap = snapshot.get("risk_heatmap")
    return heatmap if heatmap and "rows" in heatmap else None


def band_labels(rows: list[OverviewRow]) -> list[str]:
    """Every risk band label the rows have, lowest band first."""
    lows = {}
    for row in rows:
        for band in row.figures["bands"]:
            lows.setdefault(band["label"], band["low"])
    return sorted(lows, key=lambda label: (lows[label], label))


def totals(rows: list[OverviewRow]) -> dict:
    """The city's totals of ``rows``: sums of every figure (a figure no row has
    stays ``None``), the bands by label, the share classified of the sum."""
    result = empty_figures()
    for key in SUMMED:
        values = [row.figures[key] for row in rows if row.figures[key] is not None]
        result[key] = sum(values) if values else None
    result["share_classified"] = share(result["classified"] or 0, result["assets"])
    bands = {}
    for row in rows:
        for band in row.figures["bands"]:
            entry = bands.setdefault(band["label"], {**band, "count": 0})
            entry["count"] += band["count"]
    result["bands"] = sorted(bands.values(), key=lambda b: (b["low"], b["label"]))
    result["states"] = {
        key: sum(1 for row in rows if row.state == key) for key, _label in STATES
    }
    return result


def with_band_cells(rows: list[OverviewRow], totals: dict, bands: list[str]) -> None:
    """Give each row and the totals their risk counts in the order of ``bands``
    (``band_cells``), for the table's columns."""
    for row in rows:
        row.band_cells = [row.band(label) for label in bands]
    by_label = {b["label"]: b["count"] for b in totals["bands"]}
    totals["band_cells"] = [by_label.get(label) for label in bands]


# Sorting ---------------------------------------------------------------------


def _figure(key):
    return lambda row: row.figures[key]


SORT_KEYS = {
    "name": lambda row: row.organisation.name.lower(),
    "state": lambda row: STATE_ORDER[row.state],
    "data_date": lambda row: row.data_date,
    "assets": _figure("assets"),
    "share": _figure("share_classified"),
    "prioritised": _figure("prioritised_classified"),
    "risks": _figure("risks"),
    "breaches": _figure("breaches"),
    "in_time": _figure("imy_in_time"),
    "done": _figure("actions_done"),
    "delayed": _figure("actions_delayed"),
}


def sort_rows(rows: list[OverviewRow], wanted: str) -> tuple[list[OverviewRow], str]:
    """Rows by ``?sort=key`` or ``-key`` (unknown: by name); rows without the
    figure last either way, then by name."""
    key = wanted.lstrip("-") if wanted else "name"
    if key not in SORT_KEYS:
        wanted, key = "name", "name"
    descending = wanted.startswith("-")
    value = SORT_KEYS[key]
    present = [r for r in rows if value(r) is not None]
    absent = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: r.organisation.name.lower())
    present.sort(key=value, reverse=descending)
    absent.sort(key=lambda r: r.organisation.name.lower())
    return present + absent, wanted


# The compilation ---------------------------------------------------------------


@dataclass
class Compilation:
    city: object
    year: int
    rows: list  # OverviewRow of decided organisations, and the others (undecided)
    decided: list
    undecided: list
    totals: dict
    bands: list
    heatmap: dict | None
    trend: list
    normative: list
    as_of: date


def compilation(city, year: int) -> Compilation:
    """ "Stadens sammanställning <år>": from the decided reviews' snapshots only.
    Five queries (six when a decided review keeps its snapshot only in the
    archive), whatever the number of organisations."""
    organisations = list(Organisation.objects.filter(city=city).order_by("name", "pk"))
    decided_reviews = {}
    for review in (
        _with_blocks(
            ManagementReview.objects.filter(
                organisation__city=city, year=year, status=ReviewStatus.APPROVED
            )
        )
        .annotate(archive_pk=F("archive__pk"))
        .order_by("organisation_id", "decided_on", "pk")
    ):
        decided_reviews[review.organisation_id] = review  # the newest decision wins
    blocks = _decided_blocks(list(decided_reviews.values()))
    decided, undecided = [], []
    for org in organisations:
        review = decided_reviews.get(org.pk)
        if review is None:
            undecided.append(OverviewRow(org, State.NOT_STARTED, source="none"))
            continue
        snapshot = blocks.get(review.pk, {})
        row = OverviewRow(
            org,
            State.DECIDED,
            review,
            source="decided",
            data_date=review.data_date,
            figures=figures_from_blocks(snapshot),
            archive_id=review.archive_pk,
            heatmap=_heatmap(snapshot),
            incidents=snapshot.get("incidents"),
        )
        decided.append(row)
    as_of = max(
        (r.review.decided_on for r in decided if r.review.decided_on),
        default=None,
    )
    return Compilation(
        city=city,
        year=year,
        rows=decided + undecided,
        decided=decided,
        undecided=undecided,
        totals=totals(decided),
        bands=band_labels(decided),
        heatmap=aggregate_heatmap([r.heatmap for r in decided if r.heatmap]),
        trend=incident_trend(city, year),
        normative=list(
            NormativeClassification.objects.filter(
                municipality=city, retired_on__isnull=True
            ).order_by("name")
        ),
        as_of=as_of,
    )


def aggregate_heatmap(heatmaps: list[dict]) -> dict | None:
    """The sum of the organisations' heat maps, cell by cell (likelihood ×
    consequence), in the report block's shape; a cell's band is the first
    organisation's that has the cell (the city's scales are the default ones
    unless an organisation changed its own)."""
    if not heatmaps:
        return None
    cells, likelihoods, consequences = {}, {}, {}
    for heatmap in heatmaps:
        for c in heatmap["consequences"]:
            consequences.setdefault(c["value"], c["label"])
        for row in heatmap["rows"]:
            likelihoods.setdefault(row["likelihood"], row["label"])
            for cell in row["cells"]:
                key = (cell["likelihood"], cell["consequence"])
                entry = cells.setdefault(key, {**cell, "count": 0, "url": ""})
                entry["count"] += cell["count"]
    bands = {}
    for heatmap in heatmaps:
        for band in heatmap["by_band"]:
            entry = bands.setdefault(band["label"], {**band, "count": 0})
            entry["count"] += band["count"]
    return {
        "rows": [
            {
                "likelihood": lk,
                "label": likelihoods[lk],
                "cells": [
                    cells.get(
                        (lk, c),
                        {
                            "likelihood": lk,
                            "consequence": c,
                            "count": 0,
                            "band": "",
                            "style": "",
                            "url": "",
                        },
                    )
                    for c in sorted(consequences)
                ],
            }
            for lk in sorted(likelihoods, reverse=True)
        ],
        "consequences": [
            {"value": c, "label": consequences[c]} for c in sorted(consequences)
        ],
        "total": sum(h["total"] for h in heatmaps),
        "by_band": sorted(bands.values(), key=lambda b: (b["low"], b["label"])),
    }


def incident_trend(city, year: int) -> list[dict]:
    """Per year up to ``year``: the decided reviews (the newest decision of each
    organisation and year), the incidents of the year and the personal data
    breaches with their IMY reports, summed from the snapshots' incident
    blocks. One query, reading only that block of each snapshot."""
    latest = {}
    for org_id, review_year, incidents in (
        ManagementReview.objects.filter(
            organisation__city=city, year__lte=year, status=ReviewStatus.APPROVED
        )
        .annotate(incidents=KeyTransform("incidents", "blocks_snapshot"))
        .order_by("organisation_id", "year", "decided_on", "pk")
        .values_list("organisation_id", "year", "incidents")
    ):
        latest[(org_id, review_year)] = incidents
    by_year = {}
    for (_org_id, review_year), incidents in latest.items():
        entry = by_year.setdefault(
            review_year,
            {
                "year": review_year,
                "organisations": 0,
                "incidents": 0,
                "breaches": 0,
                "imy_reported": 0,
                "imy_in_time": 0,
            },
        )
        entry["organisations"] += 1
        if not incidents or "imy" not in incidents:
            continue
        this_year = [y for y in incidents["years"] if y["year"] == review_year]
        entry["incidents"] += this_year[0]["total"] if this_year else 0
        entry["breaches"] += incidents["imy"]["breaches"]
        entry["imy_reported"] += incidents["imy"]["reported"]
        entry["imy_in_time"] += incidents["imy"]["in_time"]
    return [by_year[y] for y in sorted(by_year)]
