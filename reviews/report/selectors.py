"""Everything the report prints, gathered in a fixed number of queries."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.utils import timezone, translation

from lgsys import services as core
from lgsys.audit.latest import latest_change
from reviews.models import ManagementReview
from reviews.report import blocks as catalogue
from reviews.report import markup
from reviews.report.blocks import ReportBlock
from reviews.report.decision import decision_line
from reviews.report.outline import ISO_INPUTS, OUTLINE

LEVELS = {s.key: s.level for s in OUTLINE}
INPUTS = {s.key: s.iso_inputs for s in OUTLINE}


def enabled_blocks(review: ManagementReview) -> list[ReportBlock]:
    disabled = set(review.disabled_blocks or [])
    return [b for b in catalogue.report_blocks() if b.key not in disabled]


def data_date(review: ManagementReview) -> date:
    """The day the review's figures describe: its data date, or today while a
    draft has none."""
    return review.data_date or timezone.localdate()


def build_blocks(review: ManagementReview) -> dict[str, dict]:
    """key -> data of every block enabled for the review, as of its data date.
    The approval stores exactly this as the review's frozen snapshot. Built in
    Swedish, the report's language, whatever the submitter's: the labels in the
    data are printed as they are."""
    key = _blocks_key(review)
    cached = cache.get(key)
    if cached is not None:
        return cached
    with translation.override("sv"):
        data = _build_blocks(review)
    cache.set(key, data, BLOCKS_CACHE_SECONDS)
    return data


# A draft's blocks are rebuilt from the history (seconds at a large register) only
# when something they may read changed: the key holds the review's own version
# (its data date and the blocks switched off) and the moment the organisation's
# data last changed (any history row of any of its tables, its reviews' and
# scales' included). Each app server keeps its own copies.
BLOCKS_CACHE_SECONDS = 3600


def _blocks_key(review: ManagementReview) -> str:
    version = hashlib.sha256(
        repr(sorted(core.version_of(review).items())).encode()
    ).hexdigest()[:16]
    changed = latest_change(review.organisation)
    return (
        f"lgsys:blocks:{review.pk}:{version}:{data_date(review).isoformat()}:"
        f"{changed.isoformat() if changed else '-'}"
    )


def _build_blocks(review: ManagementReview) -> dict[str, dict]:
    as_of = data_date(review)
    enabled = enabled_blocks(review)
    data = {
        block.key: block.build(
            organisation=review.organisation, year=review.year, as_of=as_of
        )
        for block in enabled
        if not block.reads_blocks
    }
    for block in enabled:
        if block.reads_blocks:
            data[block.key] = block.build(
                organisation=review.organisation,
                year=review.year,
                as_of=as_of,
                blocks=dict(data),
            )
    return data


@dataclass
class PrintedSection:
    key: str
    title: str
    level: int
    html: str
    anchor: str
    blocks: list = field(default_factory=list)  # [(template_name, data)]

    @property
    def number(self) -> str:
        return "" if self.key == "intro" else self.key


@dataclass
class TocEntry:
    number: str
    title: str
    level: int
    anchor: str


def anchor(key: str) -> str:
    return f"section-{key}"


def report_context(
    review: ManagementReview,
    blocks: dict | None = None,
    decided_on=None,
    decided_by=None,
) -> dict:
    """The document: header, table of contents and sections with their blocks.
    ``blocks`` given (a snapshot) is printed instead of the live registers;
    ``decided_on`` (and ``decided_by``) given, the review is printed as decided
    on that day (by that person). Until it is decided, it is a draft."""
    review = (
        ManagementReview.objects.select_related("organisation", "decided_by")
        .prefetch_related("sections")
        .get(pk=review.pk)
    )
    if blocks is None:
        # Submitted: what was taken at submission; a draft: as of its data date.
        blocks = review.blocks_snapshot
    data = build_blocks(review) if blocks is None else blocks
    in_order = catalogue.report_blocks()
    placed = catalogue.section_of()
    sections, toc = [], []
    for section in review.sections.all():
        printed = PrintedSection(
            key=section.key,
            title=section.title,
            level=LEVELS.get(section.key, 2),
            html=markup.render(section.text),
            anchor=anchor(section.key),
            blocks=[
                (block.template_name, data[block.key])
                for block in in_order
                if block.key in data and placed.get(block.key) == section.key
            ],
        )
        sections.append(printed)
        if section.key != "intro":
            toc.append(
                TocEntry(section.key, section.title, printed.level, printed.anchor)
            )
            for block in in_order:
                if block.toc and block.key in data and placed[block.key] == section.key:
                    toc.extend(
                        TocEntry(number, title, printed.level + 1, anchor(number))
                        for number, title in block.toc(data[block.key])
                    )
    organisation = review.organisation
    decided_on = decided_on or review.decided_on
    decided_by = decided_by or review.decided_by
    return {
        "review": review,
        "organisation": organisation,
        "title": f"Ledningens genomgång {review.year} {organisation.name}",
        "decided": decision_line(organisation, decided_on, decided_by),
        "draft": not decided_on,
        "sections": sections,
        "toc": toc,
        "snapshot": blocks is not None,
        "data_date": data_date(review),
    }


def missing_inputs(review: ManagementReview) -> list[tuple[str, str]]:
    """ISO 27001 9.3.2 inputs (a–g) that no section's text or block covers."""
    covered: set[str] = set()
    texts = dict(review.sections.values_list("key", "text"))
    for key, text in texts.items():
        if text.strip():
            covered.update(INPUTS.get(key, ()))
    for block in enabled_blocks(review):
        covered.update(block.iso_inputs)
    return [
        (letter, ISO_INPUTS[letter])
        for letter in sorted(ISO_INPUTS)
        if letter not in covered
    ]
