"""An object's own change history: who, when, what changed from what to what.

Reads the object's history rows in one query and pairs them in Python (not with
``prev_record``, which costs a query per row); names of related objects are
fetched in one query per related model.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lgsys import reasons
from lgsys.display import full_name, moment_or_day

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
SKIPPED_FIELDS = {"id", "organisation"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: models.Model
    when: object
    user: object
    change_type: str
    change_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def tracked_fields(model) -> list[models.Field]:
    """The concrete fields of ``model`` that its history records."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and not f.name.startswith("history_")
    ]


def display_value(field_obj: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    # A field may say how a history shows it (reviews.models.report: a
    # snapshot of the report's data, the blocks left out).
    shown_by_field = getattr(field_obj, "history_display", None)
    if shown_by_field is not None:
        return shown_by_field(value, names)
    if isinstance(field_obj, models.JSONField):
        return json_shown(value)
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(field_obj, models.ForeignKey):
        return names.get((field_obj.related_model, value), f"#{value}")
    if isinstance(field_obj, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field_obj, models.BinaryField):
        # A file (a logo) by its size, never its bytes.
        return _("a file of %(size)d bytes") % {"size": len(value)}
    # A moment in local time to the minute, never the stored UTC value.
    shown = moment_or_day(value)
    return shown if shown is not None else str(value)


def json_shown(value) -> str:
    """Data kept as JSON, in words: a list of plain values as those values, a
    larger structure (data taken at a moment) by its number of parts; never as a
    Python literal, which an auditor cannot read."""
    if value in ([], {}):
        return "–"
    if isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return ngettext(
            "data in %(count)d part", "data in %(count)d parts", len(value)
        ) % {"count": len(value)}
    return str(value)


def name_of(obj) -> str:
    """How a related object is named in a history: a person by their full name."""
    if callable(getattr(obj, "get_full_name", None)):
        return full_name(obj)
    return str(obj)


# A detail page shows this many of its record's latest changes; the whole
# history is one link away, in the change-history browser.
LATEST = 20


class RecentHistory(list):
    """The latest entries of a record's history; ``more`` says older ones exist."""

    more = False


def object_history(obj: models.Model, latest: int = LATEST) -> RecentHistory:
    """The latest ``latest`` changes, newest first, each with the field-level
    differences to the record before it. Reads ``latest + 1`` rows whatever the
    length of the history: the extra row is the one the oldest shown change is
    compared with, and tells that there are more."""
    newest_first = obj.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    records = list(newest_first[: latest + 1])
    records.reverse()
    entries = RecentHistory(history_entries(records, type(obj))[:latest])
    entries.more = len(records) > latest
    return entries


EMPTY = (None, "", [], {})


def field_changes(fields, before, after, names: dict) -> list[FieldChange]:
    """What changed from ``before`` to ``after`` (two history rows of one object;
    ``before`` is None for its first row), with choice labels and the names in
    ``names`` ({(model, pk): name}) instead of codes and ids. A deletion has none;
    a first row lists only the fields it filled."""
    if after.history_type == "-":
        return []
    changes = []
    for f in fields:
        new = getattr(after, f.attname)
        if before is None:
            if new in EMPTY:
                continue
            old = "–"
        else:
            old_value = getattr(before, f.attname)
            if old_value == new:
                continue
            old = display_value(f, old_value, names)
        changes.append(
            FieldChange(
                field=f.name,
                label=str(f.verbose_name),
                old=old,
                new=display_value(f, new, names),
            )
        )
    return changes


def history_entries(records: list, model) -> list[HistoryEntry]:
    """Entries for ``records`` (one object's history rows, oldest first)."""
    fields = tracked_fields(model)
    names = related_names(records, fields)
    entries = []
    previous = None
    for record in records:
        entries.append(
            HistoryEntry(
                record=record,
                when=record.history_date,
                user=record.history_user,
                change_type=record.history_type,
                change_label=str(
                    CHANGE_TYPES.get(record.history_type, record.history_type)
                ),
                reason=reasons.label(record.history_change_reason),
                changes=field_changes(fields, previous, record, names),
            )
        )
        previous = record
    entries.reverse()
    return entries


def related_names(records, fields) -> dict:
    """{(model, pk): str(obj)} for every foreign key value in ``records``."""
    wanted: dict = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            ids = {getattr(r, f.attname) for r in records} - {None}
            if ids:
                wanted.setdefault(f.related_model, set()).update(ids)
    names = {}
    for model, ids in wanted.items():
        for obj in model._base_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = name_of(obj)
    return names
