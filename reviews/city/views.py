"""The city level's review pages, behind the city gate (``city_view``): the
overview of the city's organisations, its CSV/XLSX, one organisation's figures
read-only, a decided review's archived PDF and "Stadens sammanställning <år>".

A city user is no member of the organisations: these pages never link to an
organisation's own (editable) pages, and every object is looked up within
``request.city``."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from classification.heatmap import heatmap_data
from lgsys.exports import FORMATS, export_response
from lgsys.listing import SortColumn, querystring_without
from lgsys.models import Organisation
from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender
from lgsys.permissions import city_view
from reviews.city import pdf, selectors
from reviews.models import ArchivedReport

POLL_SECONDS = 2
State = PdfRender.State


def _year(request: HttpRequest) -> tuple[int, list[int]]:
    """The year asked for (``?ar=``), else the newest with a review; and the
    years the switch offers (the one asked for among them)."""
    years, default = selectors.review_years(request.city)
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        year = default
    if not 2000 <= year <= 2100:
        year = default
    return year, sorted({*years, year}, reverse=True)


def _columns() -> list[SortColumn]:
    return [
        SortColumn("name", _("Organisation"), ()),
        SortColumn("state", _("Review"), ()),
        SortColumn("data_date", _("Data as of"), ()),
        SortColumn("assets", _("Information assets"), ()),
        SortColumn("share", _("Share classified"), ()),
        SortColumn("prioritised", _("Prioritised classified"), ()),
        SortColumn("risks", _("Risks"), ()),
        SortColumn("breaches", _("Personal data breaches"), ()),
        SortColumn("in_time", _("Reported to IMY within 72 h"), ()),
        SortColumn("done", _("Actions done"), ()),
        SortColumn("delayed", _("Actions delayed"), ()),
    ]


@require_GET
@city_view()
def overview(request: HttpRequest) -> HttpResponse:
    year, years = _year(request)
    rows = selectors.overview_rows(request.city, year)
    rows, sort = selectors.sort_rows(rows, request.GET.get("sort", "name"))
    columns = {c.key: c for c in _columns()}
    return render(
        request,
        "reviews/city/overview.html",
        {
            "city": request.city,
            "year": year,
            "years": years,
            "rows": rows,
            "totals": selectors.totals(rows),
            "columns": columns,
            "sort": sort,
            "sort_query": querystring_without(request, "sort"),
            "states": selectors.STATES,
        },
    )


def export_headers(bands: list[str]) -> list[str]:
    return [
        _("Organisation"),
        _("Code"),
        _("Review"),
        _("Submitted"),
        _("Decided"),
        _("Figures from"),
        _("Data as of"),
        _("Information assets"),
        _("Classified"),
        _("Share classified (%)"),
        _("Prioritised"),
        _("Prioritised classified"),
        _("Risks"),
        *[_("Risks: %(band)s") % {"band": band} for band in bands],
        _("Personal data breaches"),
        _("Reported to IMY"),
        _("Reported to IMY within 72 h"),
        _("Actions done"),
        _("Actions delayed"),
    ]


def _figures(figures: dict, bands: list[str]) -> list:
    by_label = {b["label"]: b["count"] for b in figures["bands"]}
    return [
        figures["assets"],
        figures["classified"],
        figures["share_classified"],
        figures["prioritised_total"],
        figures["prioritised_classified"],
        figures["risks"],
        *[by_label.get(band) for band in bands],
        figures["breaches"],
        figures["imy_reported"],
        figures["imy_in_time"],
        figures["actions_done"],
        figures["actions_delayed"],
    ]


def export_rows(rows, totals: dict, bands: list[str]) -> list[list]:
    """The overview's rows and its totals row, as the exports write them."""
    lines = [
        [
            row.organisation.name,
            row.organisation.code,
            row.state_label,
            row.submitted_at,
            row.decided_on,
            row.source_label,
            row.data_date,
            *_figures(row.figures, bands),
        ]
        for row in rows
    ]
    lines.append(
        [_("The city in total"), "", "", None, None, "", None] + _figures(totals, bands)
    )
    return lines


@require_GET
@city_view()
def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    year, _years = _year(request)
    rows = selectors.overview_rows(request.city, year)
    rows, _sort = selectors.sort_rows(rows, request.GET.get("sort", "name"))
    bands = selectors.band_labels(rows)
    return export_response(
        fmt=fmt,
        filename=f"stadens-oversikt-{year}-{request.city.code}",
        headers=export_headers(bands),
        rows=export_rows(rows, selectors.totals(rows), bands),
    )


@require_GET
@city_view()
def organisation_figures(request: HttpRequest, org_code: str) -> HttpResponse:
    """One organisation's figures for the year, read-only: from its decided (or
    submitted) review's snapshot, else live and labelled so."""
    organisation = get_object_or_404(Organisation, city=request.city, code=org_code)
    year, years = _year(request)
    (row,) = selectors.overview_rows(request.city, year, organisation=organisation)
    heatmap = row.heatmap
    if row.source == "live":
        heatmap = heatmap_data(organisation)
    return render(
        request,
        "reviews/city/organisation.html",
        {
            "city": request.city,
            "year": year,
            "years": years,
            "row": row,
            "heatmap": heatmap,
        },
    )


@require_GET
@city_view()
def decided_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A decided review's archived PDF, the bytes stored at approval, for the
    city level; only of the city's own organisations."""
    archive = get_object_or_404(
        ArchivedReport.objects.select_related("review", "organisation"),
        pk=pk,
        organisation__city=request.city,
    )
    response = HttpResponse(bytes(archive.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ledningens-genomgang-{archive.review.year}-'
        f'{archive.organisation.code}.pdf"'
    )
    response["Content-Length"] = str(archive.size)
    response["X-Content-SHA256"] = archive.sha256
    return response


@require_GET
@city_view()
def compilation_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """ "Stadens sammanställning <år>" through the core's PDF cache and worker:
    served at once when rendered, else "Genererar PDF…" and polling."""
    if not 2000 <= year <= 2100:
        raise Http404
    html = pdf.render_compilation_html(request.city, year)
    job = pdfs.render_request(html=html, subject=pdf.subject(request.city, year))
    if job.state != State.DONE:
        if job.state == State.FAILED and request.GET.get("retry"):
            job = pdfs.render_retry(render=job)
        else:
            job = pdfs.render_nudge(job)
        if job.state == State.DONE:
            job = pdfs.render_get(job.key)
    polling = bool(request.headers.get("HX-Request"))
    if job.state == State.DONE:
        if polling:
            return render(
                request,
                "reviews/report/_pdf_status.html",
                {"ready": True, "download_url": request.path},
            )
        response = HttpResponse(bytes(job.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{pdf.filename(request.city, year)}"'
        )
        return response
    failed = job.state == State.FAILED
    context = {
        "city": request.city,
        "year": year,
        "failed": failed,
        "poll_seconds": POLL_SECONDS,
        "retry_url": f"{request.path}?retry=1",
    }
    template = (
        "reviews/report/_pdf_status.html"
        if polling
        else "reviews/city/compilation_waiting.html"
    )
    return render(request, template, context, status=200 if failed else 202)
