"""The review's own history: the review, its sections and its comments, newest
first, for the head (who decides on it) as well as for those who browse the
whole change history. A fixed number of queries, whatever the number of rows."""

from dataclasses import dataclass

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


def _entries(records, model, names: dict) -> list[tuple[HistoryEntry, object]]:
    """(entry, the row before it) for the rows of several objects of ``model``,
    each paired with the row before it of the same object."""
    fields = tracked_fields(model)
    last: dict[int, object] = {}
    result = []
    for record in records:  # oldest first
        before = last.get(record.id)
        entry = HistoryEntry(
            record=record,
            when=record.history_date,
            user=record.history_user,
            change_type=record.history_type,
            change_label=str(CHANGE_TYPES.get(record.history_type, "")),
            reason=reasons.label(record.history_change_reason),
            changes=field_changes(fields, before, record, names),
        )
        result.append((entry, before))
        last[record.id] = record
    return result


def _taken(shown: str) -> str:
    return shown if shown == "–" else _("taken as of the data date")


def review_history(review: ManagementReview) -> list[ReviewHistoryEntry]:
    own = review.history.select_related("history_user").order_by(*ORDER)
    rows = []
    for entry in history_entries(list(own), ManagementReview):
        for change in entry.changes:
            if change.field == "blocks_snapshot":  # the data, not pages of JSON
                change.old, change.new = _taken(change.old), _taken(change.new)
        rows.append(ReviewHistoryEntry(_("The review"), entry))
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
    for entry, before in _entries(sections, ReviewSection, names):
        record, texts = entry.record, None
        if before is not None and record.text != before.text:
            texts = (before.text, record.text)
            entry.changes = [c for c in entry.changes if c.field != "text"]
        subject = _("Section %(section)s") % {"section": section_label(record)}
        rows.append(ReviewHistoryEntry(subject, entry, texts))
    for entry, _before in _entries(comments, ReviewComment, names):
        key = entry.record.section_key
        subject = (
            _("Comment on %(section)s") % {"section": labels.get(key, key)}
            if key
            else _("Comment on the whole review")
        )
        rows.append(ReviewHistoryEntry(subject, entry))
    rows.sort(key=lambda r: (r.entry.when, r.entry.record.history_id), reverse=True)
    return rows
