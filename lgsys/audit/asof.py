"""The register as it stood at a moment, read from the history tables alone.

For each table, the row of each object that was newest at the moment is its state
then; an object whose newest row is a deletion did not exist any more, one with
no row yet did not exist yet. Nothing is read from the live tables, so a record
deleted since is shown as it was, and a value changed since shows its old value.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, OuterRef, Subquery
from django.db.models.lookups import Exact
from django.utils import timezone

from lgsys.audit.sources import source_by_key
from lgsys.audit.timeline import related_objects
from lgsys.registry import extensions


@dataclass(frozen=True)
class Register:
    """A register shown as it was at a moment ("Registret som det var"). The
    app that owns the records declares it (an ``as_of`` hook module with
    ``REGISTERS``, see lgsys/registry.py)."""

    key: str  # URL value of ?show=
    label: str
    source_key: str  # e.g. "classification.risk"
    order: tuple[str, ...]
    # (records, shown, organisation, moment) -> (headers, [cells per record]);
    # ``shown(record, field name)`` is a field's value as the history shows it.
    table: Callable


def registers() -> list[Register]:
    """Every app's registers, in the order the apps registered."""
    return [
        register
        for extension in extensions()
        for module in extension.as_of
        for register in module.REGISTERS
    ]


def register_by_key(key: str) -> Register:
    found = registers()
    return next((r for r in found if r.key == key), found[0])


def state_at(source_key: str, organisation, moment: datetime, record_ids=None):
    """The history rows that were each object's state at ``moment`` (a queryset);
    with ``record_ids``, of those records only.

    The organisation's records are found by their one "created" row (the index
    on (organisation, type, date) holds exactly those), then each one's newest
    row at the moment by its own index; so the cost grows with the number of
    records, not with their history.
    """
    source = source_by_key(source_key)
    newest = (
        source.history._base_manager.filter(id=OuterRef("id"), history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    created = source.for_organisation(organisation).filter(
        history_type="+", history_date__lte=moment
    )
    if record_ids is not None:
        # Looked up one by one in the (organisation, type, record id) index.
        created = created.filter(id__in=list(record_ids))
    states = created.annotate(state=Subquery(newest)).values("state")
    # The states are the organisation's already: the rows are read by their
    # primary key alone (with the organisation too, SQLite may scan its index).
    return (
        source.history._base_manager.filter(history_id__in=states)
        .exclude(history_type="-")
        .defer(*source.heavy_fields)
    )


def page_at(register: Register, organisation, moment: datetime, number, size=50):
    """One page of ``register`` at ``moment``: (the page, its records). Two
    queries, whatever the page: the state is computed once, as the ordered ids of
    all its rows (the count and the page's place), then the page's rows by id."""
    source = source_by_key(register.source_key)
    if connection.vendor == "postgresql":
        ids = _state_ids_lateral(source, organisation, moment, register.order)
    else:
        ids = list(
            state_at(register.source_key, organisation, moment)
            .order_by(*register.order)
            .values_list("history_id", flat=True)
        )
    page = Paginator(ids, size).get_page(number)
    wanted = list(page.object_list)
    # By primary key: unordered, and the organisation checked on the rows, not
    # used to choose an index (SQLite would walk the organisation's whole
    # history in date order: 22 ms for 50 rows at the large size, against 1).
    rows = (
        source.history._base_manager.filter(
            Exact(F(source.org_field) + 0, organisation.pk)
        )
        .defer(*source.heavy_fields)
        .order_by()
        .in_bulk(wanted or [0])
    )
    return page, [rows[pk] for pk in wanted]


def _state_ids_lateral(source, organisation, moment, order) -> list[int]:
    """``state_at``'s rows' ids in ``order``, on PostgreSQL: each created row's
    record joined LATERAL to its newest row at the moment, which is read once
    (as ``history_id IN (subquery)`` PostgreSQL evaluates the subquery twice
    per record: 26 ms against 15 for the 1,000 assets of the large size)."""
    q = connection.ops.quote_name
    meta = source.history._meta
    t = q(meta.db_table)
    columns, sort = [], []
    for name in order:
        column = q(meta.get_field(name.lstrip("-")).column)
        columns.append(f"u.{column}")
        sort.append(f"s.{column}{' DESC' if name.startswith('-') else ''}")
    at = connection.ops.adapt_datetimefield_value(moment)
    sql = (
        f"SELECT s.history_id FROM {t} c CROSS JOIN LATERAL ("
        f"SELECT u.history_id, u.history_type, {', '.join(columns)} FROM {t} u "
        "WHERE u.id = c.id AND u.history_date <= %s "
        "ORDER BY u.history_date DESC, u.history_id DESC LIMIT 1) s "
        f"WHERE c.{q(source.org_field)} = %s AND c.history_type = '+' "
        f"AND c.history_date <= %s AND s.history_type <> '-' "
        f"ORDER BY {', '.join(sort)}"
    )
    with connection.cursor() as db:
        db.execute(sql, [at, organisation.pk, at])
        return [pk for (pk,) in db.fetchall()]


def related_names(source_key: str, records, organisation) -> dict:
    """{(model, pk): object} for the records' foreign keys (one query per model)."""
    source = source_by_key(source_key)
    return related_objects(organisation, [source], list(records))


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in local (Swedish) time: what was true "per
    ``day``" is what stood before it."""
    start = datetime.combine(day + timedelta(days=1), time.min)
    return timezone.make_aware(start)


def records_at(model, organisation, day: date) -> list:
    """The records of ``model`` as they stood at the end of ``day``, read from the
    history alone (deleted since: as they were; not yet created: absent), as
    unsaved model instances. One query; foreign keys are ids only (``*_id``), so
    callers fetch related rows in bulk."""
    source = source_by_key(model._meta.label_lower)
    return [
        row.instance
        for row in state_at(source.key, organisation, end_of_day(day)).order_by("id")
    ]


def first_entry(organisation, models) -> datetime | None:
    """When the organisation's first record of any of ``models`` was created (one
    query per model)."""
    found = []
    for model in models:
        source = source_by_key(model._meta.label_lower)
        first = (
            source.for_organisation(organisation)
            .filter(history_type="+")
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        if first is not None:
            found.append(first)
    return min(found) if found else None
