"""One timeline over every history table of an organisation, newest first.

Each table is read with keyset pagination: the page after a cursor (date, table,
history id) asks every table for the rows just before the cursor, ordered by the
(organisation, history_date, history_id) index and limited to one page, and merges
them. No OFFSET, so page 20,000 costs what page 1 costs. The field-level
difference of each row needs its predecessor (the same object's previous row);
those are fetched in one query per table, and related objects' names in one
query per related model. The number of queries therefore depends on the number of
tables, never on the number of rows (whether a record still exists is asked in
the same query that reads its rows); every query runs whether or not it finds
anything, so the count is the same on every page.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lgsys.audit.sources import SECURITY, Source, source_by_key, sources
from lgsys.history import CHANGE_TYPES, FieldChange, display_value, name_of
from lgsys.models import Organisation, SecurityEvent

PAGE_SIZE = 50
SECURITY_INDEX = -1  # security events sort before every table at the same instant


@dataclass(frozen=True)
class Cursor:
    when: datetime
    index: int
    pk: int

    def encode(self) -> str:
        return f"{self.when.isoformat()}_{self.index}_{self.pk}"

    @classmethod
    def decode(cls, text: str) -> "Cursor | None":
        try:
            when, index, pk = (text or "").rsplit("_", 2)
            moment = parse_datetime(when)
            index, pk = int(index), int(pk)
        except ValueError:
            return None
        if moment is None or timezone.is_naive(moment) or abs(pk) > 2**62:
            return None
        return cls(moment, index, pk)


@dataclass(frozen=True)
class Filters:
    """What the auditor asked for; every part is optional and they combine."""

    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    user_id: int | None = None
    kind: str = ""  # a source key, or SECURITY
    change_type: str = ""  # "+", "~", "-"
    object_pk: int | None = None  # with kind: one object
    text: str = ""


@dataclass
class Row:
    when: datetime
    index: int
    pk: int
    source: Source | None
    record: object
    user: object
    change_type: str
    change_label: str
    kind_label: str
    object_id: int | None
    object_label: str
    object_url: str = ""
    history_url: str = ""
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.when, self.index, self.pk)


@dataclass
class Page:
    rows: list[Row]
    next_cursor: str  # "" on the last page
    is_first: bool


def _keyset(cursor: Cursor | None, index: int, date_field: str, pk_field: str) -> Q:
    """Rows of table ``index`` that come after ``cursor`` in the timeline's order
    (date, table, id), descending."""
    if cursor is None:
        return Q()
    before = Q(**{f"{date_field}__lt": cursor.when})
    same_instant = Q(**{date_field: cursor.when})
    if index < cursor.index:
        return before | same_instant
    if index == cursor.index:
        return before | (same_instant & Q(**{f"{pk_field}__lt": cursor.pk}))
    return before


def _history_queryset(source: Source, organisation, filters: Filters):
    rows = source.rows(organisation)
    if filters.start:
        rows = rows.filter(history_date__gte=filters.start)
    if filters.end:
        rows = rows.filter(history_date__lt=filters.end)
    if filters.user_id:
        rows = rows.filter(history_user_id=filters.user_id)
    if filters.change_type:
        rows = rows.filter(history_type=filters.change_type)
    if filters.object_pk is not None:
        rows = rows.filter(id=filters.object_pk)
    if filters.text:
        rows = rows.filter(source.text_filter(filters.text))
    return rows


def _security_queryset(organisation, filters: Filters):
    rows = SecurityEvent.objects.filter(organisation=organisation)
    if filters.start:
        rows = rows.filter(when__gte=filters.start)
    if filters.end:
        rows = rows.filter(when__lt=filters.end)
    if filters.user_id:
        rows = rows.filter(user_id=filters.user_id)
    if filters.text:
        rows = rows.filter(username__icontains=filters.text)
    return rows.select_related("user")


def _wanted_sources(filters: Filters) -> tuple[list[Source], bool]:
    """The tables to read and whether to read the security events."""
    if filters.kind == SECURITY:
        return [], not (filters.change_type or filters.object_pk is not None)
    if filters.kind:
        source = source_by_key(filters.kind)
        return ([source] if source else []), False
    return list(sources()), not (filters.change_type or filters.object_pk is not None)


def page(
    organisation: Organisation,
    filters: Filters = Filters(),
    cursor: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    wanted, with_security = _wanted_sources(filters)
    fetched: list[tuple[Source | None, object]] = []
    for source in wanted:
        previous = source.history._base_manager.filter(
            id=OuterRef("id"),
        ).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("pk"))
        )
        rows = (
            _history_queryset(source, organisation, filters)
            .filter(_keyset(cursor, source.index, "history_date", "history_id"))
            .select_related("history_user")
            .annotate(
                still_exists=Exists(
                    source.model._base_manager.filter(pk=OuterRef("id"))
                ),
                previous_id=Subquery(
                    previous.order_by("-history_date", "-history_id").values(
                        "history_id"
                    )[:1]
                ),
            )
            .order_by("-history_date", "-history_id")[: size + 1]
        )
        fetched += [(source, r) for r in rows]
    if with_security:
        events = (
            _security_queryset(organisation, filters)
            .filter(_keyset(cursor, SECURITY_INDEX, "when", "id"))
            .order_by("-when", "-id")[: size + 1]
        )
        fetched += [(None, e) for e in events]

    def order(item):
        source, record = item
        if source is None:
            return (record.when, SECURITY_INDEX, record.pk)
        return (record.history_date, source.index, record.pk)

    fetched.sort(key=order, reverse=True)
    shown = fetched[:size]
    rows = build_rows(organisation, wanted, shown)
    has_more = len(fetched) > size
    return Page(
        rows=rows,
        next_cursor=rows[-1].cursor.encode() if has_more and rows else "",
        is_first=cursor is None,
    )


def build_rows(organisation, wanted: list[Source], shown: list) -> list[Row]:
    """Rows with their differences, labels and links, in a fixed number of queries."""
    by_source: dict[Source, list] = {s: [] for s in wanted}
    for source, record in shown:
        if source is not None:
            by_source[source].append(record)

    previous: dict[tuple, object] = {}
    for source in wanted:
        ids = [r.previous_id for r in by_source[source] if r.previous_id] or [0]
        for record in source.history._base_manager.filter(history_id__in=ids).defer(
            *source.heavy_fields
        ):
            previous[(source, record.pk)] = record

    related = related_objects(
        organisation,
        wanted,
        [r for records in by_source.values() for r in records]
        + list(previous.values()),
    )

    rows = []
    for source, record in shown:
        if source is None:
            rows.append(_security_row(record))
            continue
        before = previous.get((source, record.previous_id))
        label = source.label_of(record, related)
        alive = getattr(record, "still_exists", True)
        rows.append(
            Row(
                when=record.history_date,
                index=source.index,
                pk=record.pk,
                source=source,
                record=record,
                user=record.history_user,
                change_type=record.history_type,
                change_label=str(CHANGE_TYPES.get(record.history_type, "")),
                kind_label=source.singular,
                object_id=record.id,
                object_label=label,
                object_url=source.url_of(record, related) if alive else "",
                reason=record.history_change_reason or "",
                changes=differences(source, before, record, related),
            )
        )
    return rows


def differences(source: Source, before, after, related: dict) -> list[FieldChange]:
    """What changed from ``before`` to ``after`` (two history rows of one object),
    shown with choice labels and related objects' names."""
    if after.history_type == "-":
        return []
    names = {key: name_of(obj) for key, obj in related.items() if obj is not None}
    changes = []
    for f in source.fields:
        new = getattr(after, f.attname)
        old = getattr(before, f.attname) if before is not None else None
        if before is None and new in (None, "", [], {}):
            continue
        if before is None or old != new:
            changes.append(
                FieldChange(
                    field=f.name,
                    label=str(f.verbose_name),
                    old=display_value(f, old, names) if before is not None else "–",
                    new=display_value(f, new, names),
                )
            )
    return changes


def related_objects(organisation, wanted: list[Source], records: list) -> dict:
    """{(model, pk): object} for every foreign key in ``records``: one query per
    related model, run even when there is nothing to look up (constant count)."""
    wanted_ids: dict = {}
    for source in wanted:
        for f in source.foreign_keys:
            wanted_ids.setdefault(f.related_model, set())
    for record in records:
        source = _source_of(record, wanted)
        for f in source.foreign_keys:
            value = getattr(record, f.attname)
            if value is not None:
                wanted_ids[f.related_model].add(value)
    found: dict = {(Organisation, organisation.pk): organisation}
    for model, ids in sorted(wanted_ids.items(), key=lambda item: item[0].__name__):
        if model is Organisation:
            continue
        for obj in model._base_manager.filter(pk__in=ids or [0]):
            found[(model, obj.pk)] = obj
    return found


def _source_of(record, wanted: list[Source]) -> Source:
    return next(s for s in wanted if isinstance(record, s.history))


def _security_row(event: SecurityEvent) -> Row:
    detail = [
        FieldChange("username", _("User name given"), "–", event.username or "–"),
    ]
    if event.ip_address:
        detail.append(FieldChange("ip_address", _("IP address"), "–", event.ip_address))
    return Row(
        when=event.when,
        index=SECURITY_INDEX,
        pk=event.pk,
        source=None,
        record=event,
        user=event.user,
        change_type=event.kind,
        change_label=event.get_kind_display(),
        kind_label=_("Security event"),
        object_id=None,
        object_label=event.username,
        changes=detail,
    )


def iterate(organisation, filters: Filters, limit: int, batch: int = 500):
    """Every row the filters select, newest first, page by page (for exports)."""
    cursor = None
    while True:
        current = page(organisation, filters, cursor, size=batch)
        yield from islice(current.rows, limit)
        limit -= len(current.rows)
        if not current.next_cursor or limit <= 0:
            return
        cursor = Cursor.decode(current.next_cursor)


def cursor_at_fraction(organisation, fraction: float) -> str:
    """A query string that opens the timeline ``fraction`` of the way back into the
    organisation's history (for the bench's "deep page")."""
    counted = [(s, s.for_organisation(organisation).count()) for s in sources()]
    source, rows = max(counted, key=lambda item: item[1])
    offset = int(rows * fraction)
    found = list(
        source.for_organisation(organisation)
        .order_by("-history_date", "-history_id")
        .values_list("history_date", "history_id")[offset : offset + 1]
    )
    if not found:
        return ""
    when, pk = found[0]
    return urlencode({"after": Cursor(when, source.index, pk).encode()})
