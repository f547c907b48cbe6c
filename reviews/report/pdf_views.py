"""The review's PDF page. A GET asks the core's cache (lgsys.pdfs) for the PDF of
the review as it prints now: cached, it is served at once; otherwise the page says
"Genererar PDF…" and polls (htmx, or a meta refresh without JavaScript) until the
worker has rendered it. An approved review's PDF is its archive; until the worker
has stored it, the same page waits for that render.

The render is looked up by the review (its HTML, or the approval's subject),
never by a key from the URL, so no one reaches another organisation's PDF."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lgsys.models import Capability
from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender
from lgsys.permissions import get_object_for_org, organisation_view
from reviews.models import ArchivedReport, ManagementReview
from reviews.report import pdf

POLL_SECONDS = 2
State = PdfRender.State


@require_GET
@organisation_view(Capability.VIEW)
def review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_for_org(
        ManagementReview.objects.select_related("organisation"), request, pk=pk
    )
    polling = bool(request.headers.get("HX-Request"))
    if review.is_frozen:
        archive = ArchivedReport.objects.without_pdf().filter(review=review).first()
        if archive is not None:
            url = reverse(
                "reviews:archived_pdf", args=[request.organisation.code, archive.pk]
            )
            return _ready(request, review, url) if polling else redirect(url)
        job = (
            PdfRender.objects.without_pdf()
            .for_subject(pdf.archive_subject(review))
            .first()
        )
        if job is not None:
            job = _retry_or_nudge(request, job)
            if job.state == State.DONE:  # archived meanwhile
                return redirect(request.path)
        return _waiting(request, review, job)
    job = pdfs.render_request(
        html=pdf.render_review_html(review), subject=pdf.subject(review)
    )
    if job.state != State.DONE:
        job = _retry_or_nudge(request, job)
        if job.state == State.DONE:
            job = pdfs.render_get(job.key)
    if job.state == State.DONE:
        if polling:
            return _ready(request, review, request.path)
        response = HttpResponse(bytes(job.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{pdf.filename(review)}"'
        )
        return response
    return _waiting(request, review, job)


def _retry_or_nudge(request: HttpRequest, job: PdfRender) -> PdfRender:
    if job.state == State.FAILED and request.GET.get("retry"):
        return pdfs.render_retry(render=job)
    return pdfs.render_nudge(job)


def _waiting(request: HttpRequest, review, job: PdfRender | None) -> HttpResponse:
    """202 while the worker renders; the failed render says so (500 would hide
    the page behind the error page)."""
    failed = job is not None and job.state == State.FAILED
    context = {
        "review": review,
        "failed": failed,
        "poll_seconds": POLL_SECONDS,
        "retry_url": f"{request.path}?retry=1",
    }
    template = (
        "reviews/report/_pdf_status.html"
        if request.headers.get("HX-Request")
        else "reviews/report/pdf_waiting.html"
    )
    return render(request, template, context, status=200 if failed else 202)


def _ready(request: HttpRequest, review, url: str) -> HttpResponse:
    return render(
        request,
        "reviews/report/_pdf_status.html",
        {"review": review, "ready": True, "download_url": url},
    )
