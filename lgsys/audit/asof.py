"""The register as it stood at a moment, read from the history tables alone.

For each table, the row of each object that was newest at the moment is its state
then; an object whose newest row is a deletion did not exist any more, one with
no row yet did not exist yet. Nothing is read from the live tables, so a record
deleted since is shown as it was, and a value changed since shows its old value.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lgsys.audit.sources import source_by_key
from lgsys.audit.timeline import related_objects


@dataclass(frozen=True)
class Register:
    key: str  # URL value of ?visa=
    label: str
    source_key: str
    order: tuple[str, ...]


REGISTERS = (
    Register(
        "tillgangar",
        _("Information assets"),
        "classification.informationasset",
        ("process_code", "name", "id"),
    ),
    Register("risker", _("Risks"), "classification.risk", ("title", "id")),
    Register("atgarder", _("Actions"), "actions.action", ("start_year", "order", "id")),
)


def register_by_key(key: str) -> Register:
    return next((r for r in REGISTERS if r.key == key), REGISTERS[0])


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
    ids = list(
        state_at(register.source_key, organisation, moment)
        .order_by(*register.order)
        .values_list("history_id", flat=True)
    )
    page = Paginator(ids, size).get_page(number)
    wanted = list(page.object_list)
    rows = source.rows(organisation).in_bulk(wanted or [0])
    return page, [rows[pk] for pk in wanted]


def classifications_at(organisation, moment: datetime, asset_ids) -> dict:
    """{asset id: the classification in force at ``moment``} for those assets
    (two queries: the classifications that ever belonged to them, from the
    (asset, record id) index, then their state)."""
    asset_ids = set(asset_ids)
    history = source_by_key("classification.classification").history
    record_ids = (
        history._base_manager.filter(asset_id__in=sorted(asset_ids))
        .order_by()
        .values_list("id", flat=True)
        .distinct()
    )
    rows = state_at(
        "classification.classification",
        organisation,
        moment,
        record_ids=sorted(record_ids) or [0],
    )
    current: dict = {}
    for row in sorted(rows, key=lambda r: (r.asset_id, r.classified_on, r.id)):
        if row.asset_id in asset_ids and row.organisation_id == organisation.pk:
            current[row.asset_id] = row  # the latest revision wins
    return current


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
