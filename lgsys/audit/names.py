"""Every name a record ever had, so the history's free-text search finds records
through an index made for text instead of reading every history row.

One row per distinct value of a record's name fields (``NAME_FIELDS`` in
:mod:`lgsys.audit.sources`: name, title, text...) over its whole history, so a
renamed record is found by its old names and a deleted one by the names it had.
The table is kept up to date when a history row is written (simple-history's
``post_create_historical_record``); rows written in bulk (the seeders) are added
by :func:`record_names`, which the migration that created the table ran too.

The text index is per database (``lgsys/migrations/0008_history_search.py``,
``0013_history_name_upper.py``): pg_trgm's GIN index on ``name_upper``
(``UPPER(name)``, stored when the row is written: what Django's ``icontains``
compares) on PostgreSQL; an FTS5 table with the trigram tokenizer on SQLite,
kept in step by triggers. The table only narrows the search to candidate records: the
timeline still applies ``icontains`` to the history rows themselves, so the rows
found are exactly those a search without the table would find.
"""

import hashlib
from functools import cache

from django.db import connection, models
from django.db.models import Count, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.signals import post_create_historical_record

# Below three characters the trigram indexes cannot help: the names are then
# scanned, which costs what the organisation's names cost (one row per distinct
# name of a record), never what its history costs.
TRIGRAM = 3
FTS_TABLE = "lgsys_historyname_fts"


class HistoryName(models.Model):
    source = models.CharField(_("kind of record"), max_length=100)  # Source.key
    record_id = models.BigIntegerField(_("record number"))
    organisation = models.ForeignKey(
        "lgsys.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the composite index below starts with it
        verbose_name=_("organisation"),
    )
    name = models.TextField(_("name"))
    # UPPER(name), as the database itself computes it when the row is written:
    # PostgreSQL's UPPER costs 1.3 µs a name, so comparing the stored value is
    # what lets a search compare every name of an organisation in 2 ms, not 8.
    # Nullable: SQLite then adds the column in place, and the FTS triggers stay.
    name_upper = models.TextField(null=True, editable=False)  # noqa: DJ001
    # A name may be a long text (a review section): its digest keeps the
    # uniqueness index small on every database.
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("name in the history")
        verbose_name_plural = _("names in the history")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "record_id", "digest"], name="historyname_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "source", "record_id"],
                name="historyname_org_record",
            )
        ]

    def __str__(self):
        return f"{self.source} #{self.record_id}: {self.name[:80]}"


def digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def insert(rows, *, using=None) -> None:
    """Store (source key, record id, organisation id, name) rows, skipping names
    a record already has. Plain SQL: ``ON CONFLICT DO NOTHING`` is the same on
    SQLite and PostgreSQL, and this table has no history of its own."""
    rows = [
        (key, record_id, org_id, name, digest(name))
        for key, record_id, org_id, name in rows
        if name and record_id is not None and org_id is not None
    ]
    if not rows:
        return
    db = connection if using is None else _connection(using)
    q = db.ops.quote_name
    table = q(HistoryName._meta.db_table)
    columns = ", ".join(
        q(c)
        for c in (
            "source",
            "record_id",
            "organisation_id",
            "name",
            "digest",
            "name_upper",
        )
    )
    with db.cursor() as cursor:
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            values = ", ".join(["(%s, %s, %s, %s, %s, UPPER(%s))"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                "ON CONFLICT (source, record_id, digest) DO NOTHING",
                [value for row in batch for value in (*row, row[3])],
            )


def _connection(alias):
    from django.db import connections

    return connections[alias]


def name_columns(source) -> list[str]:
    """The history columns of ``source`` that name its record."""
    from lgsys.audit.sources import NAME_FIELDS

    fields = {f.name: f for f in source.fields}
    return [fields[name].column for name in NAME_FIELDS if name in fields]


def fill(tables, *, organisation_id=None, using=None) -> None:
    """Add the names found in history tables: ``tables`` holds (source key, history
    table, organisation column, name columns). Each table is read once per
    name column, as distinct (record, organisation, name) triples."""
    db = connection if using is None else _connection(using)
    q = db.ops.quote_name
    for key, table, org_column, columns in tables:
        for column in columns:
            sql = (
                f"SELECT DISTINCT id, {q(org_column)}, {q(column)} FROM {q(table)} "
                f"WHERE {q(column)} IS NOT NULL AND {q(column)} <> ''"
            )
            params = []
            if organisation_id is not None:
                sql += f" AND {q(org_column)} = %s"
                params.append(organisation_id)
            with db.cursor() as cursor:
                cursor.execute(sql, params)
                found = cursor.fetchall()
            insert(
                [(key, record_id, org_id, name) for record_id, org_id, name in found],
                using=using,
            )


def record_names(organisation=None) -> None:
    """Add the names of every history row of ``organisation`` (or of all) that the
    table does not hold yet: for rows written in bulk, which send no signal (the
    seeders call this after them)."""
    from lgsys.audit.sources import sources

    fill(
        [
            (s.key, s.history._meta.db_table, s.org_field, name_columns(s))
            for s in sources()
        ],
        organisation_id=organisation.pk if organisation is not None else None,
    )


@cache
def _sources_by_history() -> dict:
    from lgsys.audit.sources import sources

    return {s.history: s for s in sources() if name_columns(s)}


@receiver(post_create_historical_record, dispatch_uid="lgsys_history_names")
def _remember_names(sender, history_instance, using=None, **kwargs):
    source = _sources_by_history().get(type(history_instance))
    if source is None:
        return
    org_id = getattr(history_instance, source.org_field)
    insert(
        [
            (source.key, history_instance.id, org_id, getattr(history_instance, c))
            for c in name_columns(source)
        ],
        using=using,
    )


def candidates(organisation, term: str):
    """The (source key, record id) of every record of ``organisation`` one of whose
    names ever contained ``term`` (as Django's ``icontains`` compares), as a
    queryset the text index answers; terms shorter than a trigram scan the
    organisation's names."""
    names = HistoryName.objects.filter(organisation=organisation)
    if connection.vendor == "sqlite" and len(term) >= TRIGRAM:
        # The trigram tokenizer folds case more widely than SQLite's LIKE: the
        # index gives a superset, icontains below keeps exactly LIKE's matches.
        phrase = '"' + term.replace('"', '""') + '"'
        names = names.filter(
            id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase]
            )
        )
    if connection.vendor == "postgresql":
        # icontains is UPPER(name) LIKE UPPER(%term%): the upper-cased name is
        # stored, the term upper-cased by the same function, then escaped.
        found = names.filter(name_upper__contains=Upper(Value(term)))
    else:
        found = names.filter(name__icontains=term)
    return found.values_list("source", "record_id")


def record_counts(organisation):
    """(source key, how many names the organisation's records of it have had):
    about how many records it has had (a renamed record counts once per name),
    which is all the search needs, without a sort for DISTINCT."""
    return (
        HistoryName.objects.filter(organisation=organisation)
        .values("source")
        .annotate(records=Count("*"))
        .values_list("source", "records")
    )
