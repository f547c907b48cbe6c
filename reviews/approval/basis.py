"""“Underlag för beslut”: what the head needs beside the report to decide.

This year's key figures beside the last approved review's; each section new,
changed or unchanged against that review's text, with a word-level difference;
after a return, what the coordinator changed since; the actions that are new,
finished, delayed and carried over; the comments. Read in a fixed number of
queries, from the data taken at submission (a draft's as of its data date).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actions.models import FINISHED, ActionStatus
from lgsys import reasons
from lgsys.history import field_changes, tracked_fields
from reviews.approval.checks import previous_approved
from reviews.models import ArchivedReport, ManagementReview, ReviewSection
from reviews.report import markup
from reviews.report.comparison import comparison
from reviews.report.selectors import build_blocks, data_date
from reviews.report.textdiff import Piece, word_diff

NEW, CHANGED, UNCHANGED, EMPTY = "new", "changed", "unchanged", "empty"
STATE_LABELS = {  # of a section (Swedish: "avsnittet är nytt")
    NEW: pgettext_lazy("section", "New"),
    CHANGED: pgettext_lazy("section", "Changed"),
    UNCHANGED: pgettext_lazy("section", "Unchanged"),
    EMPTY: pgettext_lazy("section", "No text"),
}
# The header fields a coordinator edits; the rest change with the workflow.
HEADER_FIELDS = ("dnr", "data_date", "contact_name", "contact_title", "disabled_blocks")


@dataclass
class SectionBasis:
    key: str
    label: str
    state: str
    html: str
    diff: list[Piece] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class SectionChange:
    """A section the coordinator changed after the head's return."""

    label: str
    who: list
    when: object
    diff: list[Piece]


@dataclass
class SinceReturn:
    returned_at: object
    returned_by: object
    reason: str
    sections: list[SectionChange]
    header: list  # lgsys.history.FieldChange


def _label(section) -> str:
    return section.title if section.key == "intro" else f"{section.key} {section.title}"


def blocks_of(review: ManagementReview) -> dict:
    """The data the head decides on: taken at submission (kept by the archive
    once approved); a draft's as of its data date."""
    if review.blocks_snapshot is not None:
        return review.blocks_snapshot
    archive = getattr(review, "archive", None) if review.is_frozen else None
    if archive is not None:
        return archive.snapshot.get("blocks", {})
    return build_blocks(review)


def section_states(review: ManagementReview, sections, previous) -> list[SectionBasis]:
    before = dict(previous.sections.values_list("key", "text")) if previous else {}
    result = []
    for section in sections:
        now, earlier = section.text.strip(), (before.get(section.key) or "").strip()
        if not now:
            state, diff = EMPTY, []
        elif not earlier:
            state, diff = NEW, []
        elif now == earlier:
            state, diff = UNCHANGED, []
        else:
            state, diff = CHANGED, word_diff(earlier, now)
        result.append(
            SectionBasis(
                section.key, _label(section), state, markup.render(section.text), diff
            )
        )
    return result


def since_return(review: ManagementReview, sections) -> SinceReturn | None:
    """What changed after the head last returned the review: each section's
    text at the return against its text now, and the header's fields. None when
    the review was never returned."""
    records = list(review.history.select_related("history_user"))  # newest first
    returned = next(
        (
            r
            for r in records
            if (r.history_change_reason or "").partition(reasons.SEPARATOR)[0]
            == "returned"
        ),
        None,
    )
    if returned is None:
        return None
    moment = returned.history_date
    history = ReviewSection.history.filter(review_id=review.pk).select_related(
        "history_user"
    )
    at_return: dict[int, str] = {}
    after: dict[int, list] = {}
    for row in history.order_by("history_date", "history_id"):
        if row.history_date <= moment:
            at_return[row.id] = row.text
        else:
            after.setdefault(row.id, []).append(row)
    changes = []
    for section in sections:
        rows = after.get(section.pk)
        if not rows:
            continue
        diff = word_diff(at_return.get(section.pk, ""), section.text)
        if not any(p.kind in ("delete", "insert") for p in diff):
            continue  # saved again without a change
        who = []
        for row in rows:
            if row.history_user is not None and row.history_user not in who:
                who.append(row.history_user)
        changes.append(SectionChange(_label(section), who, rows[-1].history_date, diff))
    fields = [f for f in tracked_fields(ManagementReview) if f.name in HEADER_FIELDS]
    return SinceReturn(
        returned_at=moment,
        returned_by=returned.history_user,
        reason=reasons.label(returned.history_change_reason),
        sections=changes,
        header=field_changes(fields, returned, records[0], {}),
    )


def _action(row: dict, **extra) -> dict:
    return {
        "text": row["text"],
        "status": row.get("status", ""),
        "status_label": row.get("status_label", ""),
        "area": row.get("area", ""),
        "period": row.get("period", ""),
        **extra,
    }


def _planned(blocks: dict) -> list[dict]:
    return [
        _action(action, area=area["title"], period=group["label"])
        for area in (blocks.get("action_plan") or {}).get("areas", [])
        for group in area.get("groups", [])
        for action in group.get("actions", [])
    ]


def actions_summary(blocks: dict, earlier: dict | None = None) -> dict[str, list]:
    """The actions new in the plan, finished, delayed and carried over, from the
    carry_over and action_plan blocks' data. New: neither decided in an earlier
    review nor in the plan of the last approved review (its blocks ``earlier``)."""
    carried = (blocks.get("carry_over") or {}).get("rows", [])
    earlier_texts = {row["text"] for row in carried}
    earlier_texts |= {row["text"] for row in _planned(earlier or {})}
    planned = _planned(blocks)
    delayed, seen = [], set()
    for row in [*map(_action, carried), *planned]:
        if row["status"] == ActionStatus.DELAYED and row["text"] not in seen:
            seen.add(row["text"])
            delayed.append(row)
    return {
        "new": [row for row in planned if row["text"] not in earlier_texts],
        "finished": [_action(r) for r in carried if r["status"] in FINISHED],
        "delayed": delayed,
        "carried_over": [_action(r) for r in carried if r["carries_over"]],
    }


def _archived_blocks(review: ManagementReview | None) -> dict:
    """The data an approved review printed (its archive's snapshot)."""
    if review is None:
        return {}
    snapshot = (
        ArchivedReport.objects.filter(review=review)
        .values_list("snapshot", flat=True)
        .first()
    )
    return (snapshot or {}).get("blocks", {})


def decision_basis(review: ManagementReview) -> dict:
    """Everything the page shows (the review loaded with its organisation)."""
    blocks = blocks_of(review)
    sections = list(review.sections.all())
    previous = previous_approved(review)
    return {
        "previous": previous,
        "figures": comparison(
            organisation=review.organisation,
            year=review.year,
            as_of=data_date(review),
            blocks=blocks,
        ),
        "sections": section_states(review, sections, previous),
        "since_return": since_return(review, sections),
        "actions": actions_summary(blocks, _archived_blocks(previous)),
        "comments": comments_by_section(review, sections),
    }


def comments_by_section(review: ManagementReview, sections) -> list[tuple[str, list]]:
    """(where, comments): the whole review's first, then each section's in the
    outline's order."""
    by_key: dict[str, list] = {}
    for note in review.comments.select_related("author"):
        by_key.setdefault(note.section_key, []).append(note)
    groups = [(str(_("The whole review")), by_key.pop("", []))]
    groups += [(_label(s), by_key.pop(s.key, [])) for s in sections]
    groups += list(by_key.items())  # a section no longer in the outline
    return [(where, notes) for where, notes in groups if notes]
