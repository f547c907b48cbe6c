"""One timeline over every history table of an organisation, newest first.

Keyset pagination, no OFFSET: a page after a cursor (date, table, history id)
asks each table for its rows just before the cursor, in the order of its
(organisation, history_date, history_id) index and limited to one page, and one
SQL statement merges those slices (``_top_keys``); page 20,000 costs what page 1
costs. The rows shown and their predecessors (for the field-level difference) are
then read with one query per table, whether a record still exists in the same
query, and related objects' names with one query per related model. Every query
runs whether or not it finds anything, so the number of queries depends on the
number of tables only, and is the same on every page.
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lgsys import reasons
from lgsys.audit import search
from lgsys.audit.sources import SECURITY, Source, source_by_key, sources
from lgsys.history import CHANGE_TYPES, FieldChange, field_changes, name_of
from lgsys.models import Organisation, SecurityEvent

PAGE_SIZE = 50
SECURITY_INDEX = -1  # at the same instant, security events come after table rows
# Shown in red: a deletion, a failed login or step-up, a locked step-up.
DANGER = {"-", "login_failed", "stepup_failed", "stepup_locked"}


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
        try:
            moment.astimezone(UTC)  # as the database compares it
        except OverflowError:  # e.g. 0001-01-01T00:00+01:00 is before year 1
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

    def __post_init__(self):
        # What the template shows, worked out once here: fifty rows through the
        # template's filters (date, truncatechars...) cost a third of the page.
        local = timezone.localtime(self.when)
        self.when_iso = local.isoformat()
        self.when_text = local.strftime("%Y-%m-%d %H:%M")
        self.who = (
            (self.user.get_full_name() or self.user.get_username()) if self.user else ""
        )
        self.badge = (
            "danger"
            if self.change_type in DANGER
            else "ok"
            if self.change_type == "+"
            else "neutral"
        )
        self.short_label = _short(self.object_label or "", 80)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.when, self.index, self.pk)


@dataclass
class Page:
    rows: list[Row]
    next_cursor: str  # "" on the last page
    is_first: bool


def _wanted_sources(filters: Filters) -> tuple[list[Source], bool]:
    """The tables to read and whether to read the security events: the timeline
    is the changes to records; logins and the like only under their own kind."""
    if filters.kind == SECURITY:
        return [], not (filters.change_type or filters.object_pk is not None)
    if filters.kind:
        source = source_by_key(filters.kind)
        return ([source] if source else []), False
    return list(sources()), False


def _searched(wanted, organisation, filters) -> tuple[list[Source], object]:
    """For a free-text search, the records the names index finds for the term
    (:func:`lgsys.audit.search.resolve`) and the tables that can hold a match
    (a table none of whose records can match is not read); else as given."""
    if not (filters.text and wanted):
        return wanted, None
    matches = search.resolve(organisation, filters.text, wanted)
    return [s for s in wanted if search.can_match(s, matches)], matches


def _branches(wanted, with_security, organisation, filters, cursor, size):
    """One SELECT per table of the keys of its rows just after the cursor (at most
    ``size`` + 1), as (sql, params).

    Written in SQL, because building twenty querysets with the ORM costs more
    than running them. A free-text search first resolves the term to records
    (:func:`lgsys.audit.search.resolve`), reads only the tables with a candidate,
    and adds to each its text condition, the WHERE clause the ORM compiles for
    it (``_text_condition``). tests/audit/orm_branches.py builds the same
    SELECTs with the ORM alone; tests/audit/test_history_browser.py checks that
    both give the same rows.
    """
    wanted, matches = _searched(wanted, organisation, filters)
    branches = []
    for source in wanted:
        by_record = bool(filters.text) and search.by_record(source, matches)
        text = None
        if filters.text:
            text = _text_condition(
                source.history,
                search.text_condition(source, matches, by_record),
            )
            if text is None:
                continue  # this table cannot match the filters
        branches.append(
            _raw_branch(
                table=source.history._meta.db_table,
                org_column="organisation_id" if source.org_field != "id" else "id",
                date_column="history_date",
                pk_column="history_id",
                user_column="history_user_id",
                index=source.index,
                organisation=organisation,
                filters=filters,
                cursor=cursor,
                size=size,
                is_history=True,
                # A few records: their rows come from the (record id, date)
                # index, and the organisation is checked on them, not used to
                # choose an index (SQLite's planner would walk the
                # organisation's whole timeline).
                org_as_index=not by_record,
                text=text,
            )
        )
    if with_security:
        text = None
        if filters.text:
            text = _text_condition(SecurityEvent, Q(username__icontains=filters.text))
        branches.append(
            _raw_branch(
                table=SecurityEvent._meta.db_table,
                org_column="organisation_id",
                date_column="when",
                pk_column="id",
                user_column="user_id",
                index=SECURITY_INDEX,
                organisation=organisation,
                filters=filters,
                cursor=cursor,
                size=size,
                is_history=False,
                text=text,
            )
        )
    return branches


def _text_condition(model, condition: Q) -> tuple[str, list] | None:
    """``condition`` on ``model``'s table as SQL (columns named by the table, as
    ``_raw_branch`` names them); None when it can match nothing."""
    query = model._base_manager.filter(condition).query
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except EmptyResultSet:
        return None
    return sql, list(params)


def _raw_branch(
    *,
    table,
    org_column,
    date_column,
    pk_column,
    user_column,
    index,
    organisation,
    filters,
    cursor,
    size,
    is_history,
    org_as_index=True,
    text=None,
) -> tuple[str, list]:
    q = connection.ops.quote_name
    moment = connection.ops.adapt_datetimefield_value
    # The table is named by itself (no alias), as the ORM names it in ``text``.
    t = q(table)
    when, pk = f"{t}.{q(date_column)}", f"{t}.{q(pk_column)}"
    org = f"{t}.{q(org_column)}" + ("" if org_as_index else " + 0")
    where, params = [f"{org} = %s"], [organisation.pk]
    if filters.start:
        where.append(f"{when} >= %s")
        params.append(moment(filters.start))
    if filters.end:
        where.append(f"{when} < %s")
        params.append(moment(filters.end))
    if filters.user_id:
        where.append(f"{t}.{q(user_column)} = %s")
        params.append(filters.user_id)
    if is_history and filters.change_type:
        where.append(f"{t}.history_type = %s")
        params.append(filters.change_type)
    if is_history and filters.object_pk is not None:
        where.append(f"{t}.id = %s")
        params.append(filters.object_pk)
    if text is not None:
        where.append(f"({text[0]})")
        params += text[1]
    if cursor is not None:
        at = moment(cursor.when)
        if index < cursor.index:
            where.append(f"{when} <= %s")
            params.append(at)
        elif index == cursor.index:
            where.append(f"{when} <= %s AND ({when} < %s OR {pk} < %s)")
            params += [at, at, cursor.pk]
        else:
            where.append(f"{when} < %s")
            params.append(at)
    sql = (
        f"SELECT {when} AS history_date, CAST(%s AS INTEGER) AS source_index, "
        f"{pk} AS history_id FROM {t} WHERE {' AND '.join(where)} "
        f"ORDER BY {when} DESC, {pk} DESC LIMIT %s"
    )
    return sql, [index, *params, size + 1]


def _top_keys(branches, size: int) -> list[tuple]:
    """The newest ``size`` + 1 keys of all tables, in one query: each table's own
    LIMITed SELECT (which its index answers) wrapped as a subquery, then merged."""
    parts, params = [], []
    for n, (sql, branch_params) in enumerate(branches):
        parts.append(
            f"SELECT history_date, source_index, history_id FROM ({sql}) AS branch_{n}"
        )
        params += list(branch_params)
    if not parts:
        return []
    sql = (
        "SELECT history_date, source_index, history_id FROM ("
        + " UNION ALL ".join(parts)
        + ") AS merged ORDER BY history_date DESC, source_index DESC, history_id DESC"
        " LIMIT %s"
    )
    with connection.cursor() as db:
        db.execute(sql, [*params, size + 1])
        return [(_moment(when), index, pk) for when, index, pk in db]


def count_since(organisation: Organisation, since: datetime, cap: int) -> int:
    """How many changes the timeline holds from ``since`` on (its rows with the
    filter ``start=since``: every history table; the security events have a
    kind of their own). One query; each table is counted up to ``cap`` (its
    index answers), so the cost stays bounded however long ago ``since`` was."""
    q = connection.ops.quote_name
    at = connection.ops.adapt_datetimefield_value(since)
    parts, params = [], []
    for n, source in enumerate(sources()):
        parts.append(
            f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM "
            f"{q(source.history._meta.db_table)} WHERE {q(source.org_field)} = %s "
            f"AND history_date >= %s LIMIT %s) AS counted_{n}"
        )
        params += [organisation.pk, at, cap]
    sql = "SELECT SUM(n) FROM (" + " UNION ALL ".join(parts) + ") AS counts"
    with connection.cursor() as db:
        db.execute(sql, params)
        return int(db.fetchone()[0] or 0)


def _moment(value) -> datetime:
    """A timestamp from raw SQL: SQLite gives text in UTC, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def page(
    organisation: Organisation,
    filters: Filters = Filters(),
    cursor: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    wanted, with_security = _wanted_sources(filters)
    keys = _top_keys(
        _branches(wanted, with_security, organisation, filters, cursor, size), size
    )
    shown = keys[:size]
    rows = build_rows(organisation, wanted, with_security, shown)
    return Page(
        rows=rows,
        next_cursor=rows[-1].cursor.encode() if len(keys) > size and rows else "",
        is_first=cursor is None,
    )


def build_rows(organisation, wanted, with_security, shown) -> list[Row]:
    """Rows with their differences, labels and links for the chosen keys: one query
    per table for the rows and their predecessors, one for the security events,
    one per related model; every one runs even when it finds nothing, so the
    count is the same on every page."""
    by_index = {s.index: s for s in wanted}
    wanted_ids: dict[int, set] = {s.index: set() for s in wanted}
    for _when, index, pk in shown:
        if index in wanted_ids:
            wanted_ids[index].add(pk)
    records: dict[tuple, object] = {}
    previous: dict[tuple, object] = {}
    for source in wanted:
        fetched = list(_fetch_records(source, sorted(wanted_ids[source.index])))
        for record in fetched:
            records[(source.index, record.pk)] = record
        previous.update(_predecessors(source.index, fetched))
    events = {}
    if with_security:
        event_ids = [pk for _w, i, pk in shown if i == SECURITY_INDEX] or [0]
        events = SecurityEvent.objects.select_related("user").in_bulk(event_ids)

    user_model = get_user_model()
    related = related_objects(
        organisation,
        wanted,
        list(records.values()),
        extra={user_model: {r.history_user_id for r in records.values()}},
    )
    names = names_of(related)
    history_url = (
        reverse("history_object", args=[organisation.code, "KIND", 999_999_999])
        .replace("999999999", "{pk}")
        .replace("KIND", "{kind}")
    )
    rows = []
    for _when, index, pk in shown:
        if index == SECURITY_INDEX:
            rows.append(_security_row(events[pk]))
            continue
        source = by_index[index]
        record = records[(index, pk)]
        before = previous.get((index, pk))
        instance = source.instance_of(record, related)
        rows.append(
            Row(
                when=record.history_date,
                index=source.index,
                pk=record.pk,
                source=source,
                record=record,
                user=related.get((user_model, record.history_user_id)),
                change_type=record.history_type,
                change_label=str(CHANGE_TYPES.get(record.history_type, "")),
                kind_label=source.singular,
                object_id=record.id,
                object_label=source.label_of(instance),
                object_url=source.url_of(instance) if record.still_exists else "",
                reason=reasons.label(record.history_change_reason),
                history_url=history_url.format(kind=source.key, pk=record.id),
                changes=differences(source, before, record, related, names),
            )
        )
    return rows


def differences(
    source: Source, before, after, related: dict, names: dict | None = None
) -> list[FieldChange]:
    """:func:`lgsys.history.field_changes` for two rows of ``source``, each value
    cut to a length a timeline row can show (``names`` from :func:`names_of`
    when the caller has them)."""
    if names is None:
        names = names_of(related)
    return [
        replace(change, old=_short(change.old), new=_short(change.new))
        for change in field_changes(source.fields, before, after, names)
    ]


def names_of(related: dict) -> dict:
    return {key: name_of(obj) for key, obj in related.items() if obj is not None}


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fetch_records(source: Source, ids: list[int]):
    """The history rows with these ids and the row before each of its record
    (for the difference), with ``still_exists`` (is the record still there?),
    without the heavy columns. Plain SQL: a queryset with an Exists annotation
    costs more to build than to run, twenty times a page. With no ids a query
    that selects nothing runs all the same (constant count)."""
    q = connection.ops.quote_name
    t = q(source.history._meta.db_table)
    if not ids:
        return _run_for_nothing(source.history._meta)
    heavy = set(source.heavy_fields)
    columns = ", ".join(
        f"h.{q(f.column)}"
        for f in source.history._meta.concrete_fields
        if f.name not in heavy
    )
    live = source.model._meta
    listed = ", ".join(["%s"] * len(ids))
    # The rows, and for each the newest row of its record before it.
    sql = (
        f"SELECT {columns}, EXISTS(SELECT 1 FROM {q(live.db_table)} l "
        f"WHERE l.{q(live.pk.column)} = h.id) AS still_exists "
        f"FROM {t} h WHERE h.history_id IN (SELECT c.history_id FROM {t} c "
        f"WHERE c.history_id IN ({listed}) UNION ALL "
        f"SELECT (SELECT p.history_id FROM {t} p WHERE p.id = c.id "
        "AND p.history_date <= c.history_date AND (p.history_date < "
        "c.history_date OR (p.history_date = c.history_date AND "
        "p.history_id < c.history_id)) "
        "ORDER BY p.history_date DESC, p.history_id DESC LIMIT 1) "
        f"FROM {t} c WHERE c.history_id IN ({listed}))"
    )
    return source.history._base_manager.raw(sql, [*ids, *ids])


def _run_for_nothing(meta) -> list:
    """Run a query on ``meta``'s table that selects nothing (its primary key
    ``IN (NULL)``), so that a page costs the same number of queries whatever it
    shows, without the ORM's cost of turning rows into objects (twenty of
    these on a page)."""
    q = connection.ops.quote_name
    pk = q(meta.pk.column)
    with connection.cursor() as db:
        db.execute(f"SELECT {pk} FROM {q(meta.db_table)} WHERE {pk} IN (NULL)")
        return db.fetchall()


def _predecessors(index: int, records) -> dict:
    """{(index, history id): the row before it of the same record} among
    ``records``, which hold each shown row's predecessor (``_fetch_records``):
    the newest of them older than the row is that predecessor."""
    by_object: dict = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    found = {}
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        for before, after in zip(versions, versions[1:], strict=False):
            found[(index, after.history_id)] = before
    return found


def related_objects(
    organisation, wanted: list[Source], records: list, extra: dict | None = None
) -> dict:
    """{(model, pk): object} for every foreign key in ``records`` (and the
    ``extra`` {model: ids}): one query per related model, run even when there is
    nothing to look up (constant count)."""
    wanted_ids: dict = {
        model: set(ids) - {None} for model, ids in (extra or {}).items()
    }
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
        if not ids:
            _run_for_nothing(model._meta)
            continue
        for obj in model._base_manager.filter(pk__in=ids):
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
    if event.reason:
        detail.append(
            FieldChange("reason", _("Reason"), "–", event.get_reason_display())
        )
    if event.detail:
        detail.append(FieldChange("detail", _("Detail"), "–", event.detail))
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
        # The person by name; a failed login for no account: the name typed.
        object_label=name_of(event.user) if event.user else event.username,
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
