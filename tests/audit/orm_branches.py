"""The timeline's key SELECTs built with the ORM alone: the reference
tests/audit/test_history_browser.py compares the hand-written SQL of
``lgsys.audit.timeline._branches`` with. Not used by the app (building twenty
querysets costs more than running them)."""

from django.db.models import F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.db.models.lookups import Exact

from lgsys.audit import search
from lgsys.audit.sources import Source
from lgsys.audit.timeline import SECURITY_INDEX, Cursor, Filters, _searched
from lgsys.models import SecurityEvent


def keyset(cursor: Cursor | None, index: int, date_field: str, pk_field: str) -> Q:
    """Rows of table ``index`` that come after ``cursor`` in the timeline's order
    (date, table, id), descending. The plain ``date <= cursor`` bound comes first
    so that the index seeks straight to the cursor instead of walking past every
    newer row."""
    if cursor is None:
        return Q()
    bound = Q(**{f"{date_field}__lte": cursor.when})
    before = Q(**{f"{date_field}__lt": cursor.when})
    same_instant = Q(**{date_field: cursor.when})
    if index < cursor.index:
        return bound
    if index == cursor.index:
        return bound & (before | (same_instant & Q(**{f"{pk_field}__lt": cursor.pk})))
    return before


def history_condition(
    source: Source, organisation, filters: Filters, matches=None
) -> Q:
    """The filters as one condition (one filter() call: cheaper to build); a text
    by the records ``matches`` (:func:`lgsys.audit.search.resolve`) found."""
    condition = Q(**{source.org_field: organisation.pk})
    by_record = bool(filters.text) and search.by_record(source, matches)
    if by_record:
        # A few records: their rows come from the (record id, date) index, and
        # the organisation is checked on them, not used to choose an index
        # (SQLite's planner would walk the organisation's whole timeline).
        condition = Q(Exact(F(source.org_field) + 0, organisation.pk))
    if filters.start:
        condition &= Q(history_date__gte=filters.start)
    if filters.end:
        condition &= Q(history_date__lt=filters.end)
    if filters.user_id:
        condition &= Q(history_user_id=filters.user_id)
    if filters.change_type:
        condition &= Q(history_type=filters.change_type)
    if filters.object_pk is not None:
        condition &= Q(id=filters.object_pk)
    if filters.text:
        condition &= search.text_condition(source, matches, by_record)
    return condition


def security_queryset(organisation, filters: Filters):
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


def orm_branches(wanted, with_security, organisation, filters, cursor, size):
    """The branches of ``_branches`` built with the ORM alone: the reference the
    tests compare the hand-written SQL with."""
    wanted, matches = _searched(wanted, organisation, filters)
    branches = []
    for source in wanted:
        branches.append(
            source.history._base_manager.filter(
                history_condition(source, organisation, filters, matches)
                & keyset(cursor, source.index, "history_date", "history_id")
            )
            .order_by("-history_date", "-history_id")
            .annotate(
                source_index=Cast(Value(source.index), output_field=IntegerField())
            )
            .values_list("history_date", "source_index", "history_id")[: size + 1]
        )
    if with_security:
        branches.append(
            security_queryset(organisation, filters)
            .filter(keyset(cursor, SECURITY_INDEX, "when", "id"))
            .order_by("-when", "-id")
            .annotate(
                history_date=F("when"),
                source_index=Cast(Value(SECURITY_INDEX), output_field=IntegerField()),
                history_id=F("id"),
            )
            .values_list("history_date", "source_index", "history_id")[: size + 1]
        )
    return branches
