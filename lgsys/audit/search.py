"""The timeline's free-text search: the term is resolved to records first, through
the names index (:mod:`lgsys.audit.names`), then the history is read by those
records' ids.

A history row matches when its record's name field (name, title, text...) in that
version contains the term, or the object it points to (a classification's asset,
a membership's user...) is named so now. :func:`resolve` finds, in one query, the
candidate records of each kind (every record one of whose names ever contained
the term), the related objects named so, and how many records each kind has; the
timeline then reads each table's rows of those records only and still compares
the names themselves, so it selects exactly the rows a search of every history
row would, and a kind with no candidate is not read at all.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan

from lgsys.audit.names import candidates, record_counts
from lgsys.audit.sources import NAME_FIELDS, NAMED_BY, Source

RELATED_NAME_FIELDS = (*NAME_FIELDS, "username", "first_name", "last_name")
# A kind whose candidates are few (at most DENSE of its records) is read record
# by record through the (record id, date) index; with more, the newest rows of
# the organisation's timeline soon hold a page of them, and they are read so.
# The two costs meet near a few per cent. Candidates are named by id up to
# MAX_LISTED, beyond that through a subquery.
DENSE = 0.03
MAX_LISTED = 1000


@dataclass
class Matches:
    organisation: object
    term: str
    records: dict[str, set] = field(default_factory=dict)  # source key -> ids
    related: dict[type, set] = field(default_factory=dict)  # model -> ids
    counts: dict[str, int] = field(default_factory=dict)  # source key -> ~records

    def sparse(self, key: str, found: set) -> bool:
        """Few enough of the kind ``key`` to read record by record."""
        return len(found) <= min(MAX_LISTED, DENSE * self.counts.get(key, 0) + 1)


def related_model(source: Source, name: str):
    """The model ``source``'s field ``name`` points to (None: no such field)."""
    if name not in {f.name for f in source.fields}:
        return None
    return source.model._meta.get_field(name).related_model


def _related_models(wanted: list[Source]) -> list:
    found = []
    for source in wanted:
        for name in NAMED_BY:
            model = related_model(source, name)
            if model is not None and model not in found and _named_by(model):
                found.append(model)
    return found


def _named_by(model) -> list[str]:
    names = {f.name for f in model._meta.concrete_fields}
    return [name for name in RELATED_NAME_FIELDS if name in names]


def related_named(model, term: str):
    """The objects of ``model`` whose name contains ``term`` now: what the
    timeline matches a row's related object by."""
    condition = Q(pk__in=[])
    for field_name in _named_by(model):
        condition |= Q(**{f"{field_name}__icontains": term})
    return model._base_manager.filter(condition)


def resolve(organisation, term: str, wanted: list[Source]) -> Matches:
    """What the search needs before reading the history, in one query: candidate
    records by kind, related objects by model, and each kind's number of records."""
    models = _related_models(wanted)
    labels = {model._meta.label_lower: model for model in models}
    parts = [
        ("n", candidates(organisation, term).annotate(k=F("source"), v=F("record_id"))),
        ("c", record_counts(organisation).annotate(k=F("source"), v=F("records"))),
        *(
            (
                "r",
                related_named(model, term).annotate(
                    k=Value(label, output_field=CharField()), v=F("pk")
                ),
            )
            for label, model in labels.items()
        ),
    ]
    sql, params = [], []
    for n, (kind, queryset) in enumerate(parts):
        inner, inner_params = queryset.values_list("k", "v").query.sql_with_params()
        sql.append(f"SELECT '{kind}' AS kind, k, v FROM ({inner}) AS part_{n}")
        params += list(inner_params)
    matches = Matches(organisation=organisation, term=term)
    matches.related = {model: set() for model in models}
    with connection.cursor() as db:
        db.execute(" UNION ALL ".join(sql), params)
        for kind, key, value in db.fetchall():
            if kind == "n":
                matches.records.setdefault(key, set()).add(value)
            elif kind == "c":
                matches.counts[key] = value
            else:
                matches.related[labels[key]].add(value)
    return matches


def can_match(source: Source, matches: Matches) -> bool:
    """Whether any row of ``source`` can match (else its table is not read)."""
    own = any(name in {f.name for f in source.fields} for name in NAME_FIELDS)
    if own and matches.records.get(source.key):
        return True
    return any(matches.related.get(related_model(source, name)) for name in NAMED_BY)


def by_record(source: Source, matches: Matches) -> bool:
    """Whether every candidate of ``source`` is listed by id, so that its rows are
    best read record by record (else newest first through the organisation's
    timeline index)."""
    fields = {f.name for f in source.fields}
    ids = matches.records.get(source.key)
    own = any(name in fields for name in NAME_FIELDS)
    if own and ids and not matches.sparse(source.key, ids):
        return False
    for name in NAMED_BY:
        model = related_model(source, name)
        related = matches.related.get(model) if model is not None else None
        if related and not matches.sparse(model._meta.label_lower, related):
            return False
    return True


def text_condition(source: Source, matches: Matches, by_record: bool) -> Q:
    """The rows of ``source`` the search selects: a name of the row that contains
    the term (only candidate records can have one), or a related object named
    so. An empty condition (``pk__in=[]``) when nothing of the kind can match.

    ``by_record`` is how the rows will be read (see :func:`by_record`): newest
    first, PostgreSQL compares the names with ``STRPOS(UPPER(..))``, the same
    test as ``icontains``'s ``UPPER(..) LIKE``, whose selectivity it estimates
    so low for a long term that it would rather read the whole table."""
    term = matches.term
    fields = {f.name for f in source.fields}
    condition = Q(pk__in=[])
    ids = matches.records.get(source.key)
    own = [name for name in NAME_FIELDS if name in fields]
    if own and ids:
        named = Q(pk__in=[])
        for name in own:
            named |= _contains(name, term, estimated=not by_record)
        if len(ids) <= MAX_LISTED:
            records = Q(id__in=sorted(ids))
        else:
            records = Q(
                id__in=candidates(matches.organisation, term)
                .filter(source=source.key)
                .values("record_id")
            )
        condition |= records & named
    for name in NAMED_BY:
        model = related_model(source, name)
        related = matches.related.get(model) if model is not None else None
        if not related:
            continue
        if len(related) <= MAX_LISTED:
            condition |= Q(**{f"{name}_id__in": sorted(related)})
        else:
            condition |= Q(
                **{f"{name}_id__in": related_named(model, term).values("pk")}
            )
    return condition


def _contains(name: str, term: str, *, estimated: bool) -> Q:
    if estimated and connection.vendor == "postgresql":
        return Q(GreaterThan(StrIndex(Upper(name), Upper(Value(term))), 0))
    return Q(**{f"{name}__icontains": term})
