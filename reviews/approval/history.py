"""The review's own history: the review, its sections and its comments, newest
first, for the head (who decides on it) as well as for those who browse the
whole change history. A fixed number of queries, whatever the number of rows;
only the rows of the page shown are read whole."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.db.models import F, Value, Window
from django.db.models.functions import Lag
from django.utils.translation import gettext as _

from lgsys import reasons
from lgsys.history import (
    CHANGE_TYPES,
    HistoryEntry,
    field_changes,
    name_of,
    related_names,
    tracked_fields,
)
from reviews.models import ManagementReview, ReviewComment, ReviewSection
from reviews.report.textdiff import Piece, word_diff


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


@dataclass
class PendingRow:
    """A row of the review's history, made into a ``ReviewHistoryEntry`` (its
    field changes compared) only when it is shown."""

    when: object
    history_id: int
    build: Callable[[], ReviewHistoryEntry]


def review_history_rows(review: ManagementReview) -> "ReviewHistoryRows":
    """The rows of the review's history, newest first, not yet compared: a page
    of them is built with ``[row.build() for row in page]``."""
    return ReviewHistoryRows(review)


# The three histories read as one, by a number for each in the union below.
REVIEW, SECTION, COMMENT = 0, 1, 2
MODELS = {REVIEW: ManagementReview, SECTION: ReviewSection, COMMENT: ReviewComment}


class ReviewHistoryRows:
    """The review's, its sections' and its comments' history rows as one
    sequence, newest first, for a paginator: its length is one query, and a
    slice (a page) reads the keys of just that page from the database (the
    union of the three histories, each row with the history id of the row
    before it of the same object), then the whole rows of the page and the rows
    they are compared with. A year's drafting is thousands of section versions:
    none of them is made into an object unless it is on the page."""

    def __init__(self, review: ManagementReview):
        self.review = review

    def _keys(self):
        def keyed(kind, history):
            return (
                history.order_by()
                .annotate(
                    kind=Value(kind),
                    before=Window(
                        Lag("history_id"),
                        partition_by=[F("id")],
                        order_by=[F("history_date").asc(), F("history_id").asc()],
                    ),
                )
                .values_list("history_date", "history_id", "kind", "before")
            )

        pk = self.review.pk
        return keyed(REVIEW, ManagementReview.history.filter(id=pk)).union(
            keyed(SECTION, ReviewSection.history.filter(review_id=pk)),
            keyed(COMMENT, ReviewComment.history.filter(review_id=pk)),
            all=True,
        )

    def count(self) -> int:
        return self._keys().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = list(
            self._keys().order_by("-history_date", "-history_id", "-kind")[index]
        )
        return self._rows(keys)

    def _rows(self, keys) -> list[PendingRow]:
        wanted: dict[int, set[int]] = {kind: set() for kind in MODELS}
        for _when, history_id, kind, before in keys:
            wanted[kind].update({history_id, before} - {None})
        records = {
            kind: model.history.filter(history_id__in=ids)
            .select_related("history_user")
            .in_bulk()
            if ids
            else {}
            for kind, model in MODELS.items()
            for ids in (wanted[kind],)
        }
        make = self._makers(records)
        return [
            PendingRow(
                when,
                history_id,
                partial(
                    make[kind],
                    records[kind][history_id],
                    records[kind].get(before),
                ),
            )
            for when, history_id, kind, before in keys
        ]

    def _makers(self, records) -> dict:
        review = self.review
        comments = records[COMMENT].values()
        authors = get_user_model()._default_manager.in_bulk(
            {c.author_id for c in comments} - {None}
        )
        names = {(ManagementReview, review.pk): str(review)} | {
            (get_user_model(), pk): name_of(user) for pk, user in authors.items()
        }
        review_fields = tracked_fields(ManagementReview)
        review_names = names | related_names(records[REVIEW].values(), review_fields)
        section_fields = tracked_fields(ReviewSection)
        comment_fields = tracked_fields(ReviewComment)
        # every section by its current title (a comment's section may not be
        # on the page)
        titles = {
            section.key: section_label(section)
            for section in ReviewSection.objects.filter(review_id=review.pk).only(
                "key", "title"
            )
        }

        def review_row(record, before) -> ReviewHistoryEntry:
            # the data taken at submission is named, not shown (SnapshotField)
            entry = _entry(record, before, review_fields, review_names)
            return ReviewHistoryEntry(_("The review"), entry)

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
                _("Comment on %(section)s") % {"section": titles.get(key, key)}
                if key
                else _("Comment on the whole review")
            )
            return ReviewHistoryEntry(
                subject, _entry(record, before, comment_fields, names)
            )

        return {REVIEW: review_row, SECTION: section_row, COMMENT: comment_row}
