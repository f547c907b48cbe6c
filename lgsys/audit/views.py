"""The auditors' change-history browser: the timeline, one record's history, the
register as it was on a given day, and exports. Coordinators and auditors of the
organisation see it; to everyone else it does not exist (404)."""

from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lgsys.audit import asof, timeline
from lgsys.audit.forms import AsOfForm, TimelineFilters
from lgsys.audit.sources import source_by_key
from lgsys.exports import FORMATS, streaming_export_response
from lgsys.history import display_value, name_of
from lgsys.listing import querystring_without
from lgsys.models import Capability
from lgsys.permissions import organisation_view

EXPORT_LIMIT = 100_000
EXPORT_BATCH = 500  # rows read from the database at a time


def history_view(view):
    """Members who may not browse the history get a 404, as for a missing page."""

    @organisation_view(Capability.VIEW)
    @wraps(view)
    def gated(request, *args, **kwargs):
        if not request.membership.can(Capability.VIEW_HISTORY):
            raise Http404("No history for this role")
        return view(request, *args, **kwargs)

    return gated


@require_GET
@history_view
def timeline_view(request: HttpRequest) -> HttpResponse:
    form = TimelineFilters(request.GET or None, organisation=request.organisation)
    filters = form.filters()
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _export(request, filters, fmt)
    cursor = timeline.Cursor.decode(request.GET.get("after", ""))
    current = timeline.page(request.organisation, filters, cursor)
    return render(
        request,
        "lgsys/audit/timeline.html",
        {
            "form": form,
            "page": current,
            "filtered": any(
                request.GET.get(name) for name in form.fields if name != "after"
            ),
            "page_query": querystring_without(request, "after", "format"),
            "export_limit": EXPORT_LIMIT,
        },
    )


@require_GET
@history_view
def object_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    source = source_by_key(kind)
    if (
        source is None
        or not source.for_organisation(request.organisation).filter(id=pk).exists()
    ):
        raise Http404("No history for this record")
    filters = timeline.Filters(kind=kind, object_pk=pk)
    cursor = timeline.Cursor.decode(request.GET.get("after", ""))
    current = timeline.page(request.organisation, filters, cursor)
    newest = current.rows[0] if current.rows and current.is_first else None
    return render(
        request,
        "lgsys/audit/object.html",
        {
            "source": source,
            "object_id": pk,
            "newest": newest,
            "page": current,
            "page_query": querystring_without(request, "after"),
        },
    )


@require_GET
@history_view
def as_of_view(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("day", timezone.localdate().isoformat())
    data.setdefault("show", asof.registers()[0].key)
    form = AsOfForm(data)
    context = {"form": form}
    if form.is_valid():
        moment = form.moment()
        register = asof.register_by_key(form.cleaned_data["show"])
        page_obj, records = asof.page_at(
            register, request.organisation, moment, request.GET.get("page")
        )
        related = asof.related_names(register.source_key, records, request.organisation)
        source = source_by_key(register.source_key)
        context.update(
            moment=moment,
            register=register,
            page_obj=page_obj,
            page_query=querystring_without(request, "page"),
            table=_as_of_table(register, source, records, related, request, moment),
        )
    return render(request, "lgsys/audit/as_of.html", context)


def _as_of_table(register, source, records, related, request, moment):
    """(headers, rows of cells) for the register at the moment."""
    names = {key: name_of(obj) for key, obj in related.items() if obj is not None}
    fields = {f.name: f for f in source.fields}

    def shown(record, name):
        return display_value(fields[name], getattr(record, fields[name].attname), names)

    headers, cells = register.table(records, shown, request.organisation, moment)
    rows = list(zip(records, cells, strict=True))
    return {"headers": headers, "rows": rows, "source": source}


def _export(request, filters, fmt) -> HttpResponse:
    """Streamed: the rows are read in keyset batches as the file is written."""

    def rows():
        for row in timeline.iterate(
            request.organisation, filters, EXPORT_LIMIT, batch=EXPORT_BATCH
        ):
            yield [
                timezone.localtime(row.when),
                row.who or _("System"),
                row.change_label,
                row.kind_label,
                row.object_label,
                row.object_id or "",
                row.reason,
                "\n".join(f"{c.label}: {c.old} → {c.new}" for c in row.changes),
            ]

    return streaming_export_response(
        fmt=fmt,
        filename=f"andringshistorik-{request.organisation.code}",
        headers=[
            _("When"),
            _("Who"),
            _("Change"),
            _("Kind of record"),
            _("Record"),
            _("Record number"),
            _("Reason"),
            _("What changed"),
        ],
        rows=rows(),
    )
