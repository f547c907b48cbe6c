"""The review's own history: the review, its sections and its comments, newest
first, for the head (who decides on it) as well as for those who browse the
whole change history. A fixed number of queries, whatever the number of rows."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from lgsys import reasons
from lgsys.history import (
    CHANGE_TYPES,
    HistoryEntry,
    field_changes,
    history_entries,
    name_of,
    tracked_fields,
)
from reviews.models import ManagementReview, ReviewComment, ReviewSection
from reviews.report.textdiff import Piece, word_diff

ORDER = ("history_date", "history_id")


@dataclass
class ReviewHistoryEntry:
    subject: str
    entry: HistoryEntry
    # a section's changed text (before, after): compared word by word only for
    # the rows shown (``with_diffs``), since that is the page's costly part
    texts: tuple[str, str] | None = None
    text_diff: list[Piece] | None = None


def with_diffs(rows) -> list[ReviewHistoryEntry]:
    """``rows`` (e.g. one page of them) with their sections' texts compared."""
    rows = list(rows)
    for row in rows:
        if row.texts is not None and row.text_diff is None:
            row.text_diff = word_diff(*row.texts)
    return rows


def section_label(record) -> str:
    return record.title if record.key == "intro" else f"{record.key} {record.title}"


def _entry(record, before, fields, names) -> HistoryEntry:
    return HistoryEntry(
        record=record,
        when=record.history_date,
        user=record.history_user,
        change_type=record.history_type,
        change_label=str(CHANGE_TYPES.get(record.history_type, "")),
        reason=reasons.label(record.history_change_reason),
        changes=field_changes(fields, before, record, names),
    )


def _pairs(records) -> list[tuple[object, object]]:
    """(row, the row before it of the same object) for rows of several objects,
    oldest first."""
    last: dict[int, object] = {}
    result = []
    for record in records:
        result.append((record, last.get(record.id)))
        last[record.id] = record
    return result


@dataclass
class PendingRow:
    """A row of the review's history, made into a ``ReviewHistoryEntry`` (its
    field changes compared) only when it is shown."""

    when: object
    history_id: int
    build: Callable[[], ReviewHistoryEntry]


def _taken(shown: str) -> str:
    return shown if shown == "–" else _("taken as of the data date")


def review_history(review: ManagementReview) -> list[ReviewHistoryEntry]:
    """Every row of the review's history, newest first, with its changes."""
    return with_diffs(row.build() for row in review_history_rows(review))


def review_history_rows(review: ManagementReview) -> list[PendingRow]:
    """The rows of the review's history, newest first, not yet compared: a page
    of them is built with ``[row.build() for row in page]``. Four queries."""
    own = review.history.select_related("history_user").order_by(*ORDER)
    rows = []
    for entry in history_entries(list(own), ManagementReview):
        for change in entry.changes:
            if change.field == "blocks_snapshot":  # the data, not pages of JSON
                change.old, change.new = _taken(change.old), _taken(change.new)
        row = ReviewHistoryEntry(_("The review"), entry)
        rows.append(
            PendingRow(entry.when, entry.record.history_id, lambda row=row: row)
        )
    sections = list(
        ReviewSection.history.filter(review_id=review.pk)
        .select_related("history_user")
        .order_by(*ORDER)
    )
    comments = list(
        ReviewComment.history.filter(review_id=review.pk)
        .select_related("history_user")
        .order_by(*ORDER)
    )
    authors = get_user_model()._default_manager.in_bulk({c.author_id for c in comments})
    names = {(ManagementReview, review.pk): str(review)} | {
        (get_user_model(), pk): name_of(user) for pk, user in authors.items()
    }
    labels = {record.key: section_label(record) for record in sections}
    section_fields = tracked_fields(ReviewSection)
    comment_fields = tracked_fields(ReviewComment)

    def section_row(record, before) -> ReviewHistoryEntry:
        entry, texts = _entry(record, before, section_fields, names), None
        if before is not None and record.text != before.text:
            texts = (before.text, record.text)
            entry.changes = [c for c in entry.changes if c.field != "text"]
        subject = _("Section %(section)s") % {"section": section_label(record)}
        return ReviewHistoryEntry(subject, entry, texts)

    def comment_row(record, before) -> ReviewHistoryEntry:
        key = record.section_key
        subject = (
            _("Comment on %(section)s") % {"section": labels.get(key, key)}
            if key
            else _("Comment on the whole review")
        )
        return ReviewHistoryEntry(
            subject, _entry(record, before, comment_fields, names)
        )

    for make, records in ((section_row, sections), (comment_row, comments)):
        rows.extend(
            PendingRow(
                record.history_date,
                record.history_id,
                partial(make, record, before),
            )
            for record, before in _pairs(records)
        )
    rows.sort(key=lambda r: (r.when, r.history_id), reverse=True)
    return rows
