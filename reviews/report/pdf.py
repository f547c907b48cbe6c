"""The report as a PDF: the same document template as the web preview, printed
with the print stylesheet, tagged (PDF/A-3a, accessible) with the report's
metadata and the shipped font.

The review renders its HTML here (data and template: a few per cent of the
work); the core's worker turns it into the PDF (``lgsys.pdfs``), so no web
request waits for WeasyPrint. ``render_review_pdf`` renders in this process, for
the tests and the command line."""

from django.template.loader import render_to_string
from django.utils import translation

from lgsys.letterhead.logo import data_url
from reviews.report.selectors import report_context

# The renderer's names, loaded on first use (a web process never imports
# WeasyPrint): html_to_pdf, StaticFetcher, STATIC, PDF_VARIANT, _is_static.
_RENDERER_NAMES = {
    "html_to_pdf",
    "StaticFetcher",
    "STATIC",
    "PDF_VARIANT",
    "_is_static",
}


def __getattr__(name):
    if name in _RENDERER_NAMES:
        from lgsys.pdfs import render

        return getattr(render, name)
    raise AttributeError(name)


def render_review_html(review, *, blocks=None, decided_on=None, decided_by=None) -> str:
    with translation.override("sv"):
        context = report_context(
            review, blocks, decided_on=decided_on, decided_by=decided_by
        )
        context["logo_src"] = data_url(context["organisation"])
        return render_to_string("reviews/report/print.html", context)


def render_review_pdf(
    review, *, blocks=None, decided_on=None, decided_by=None
) -> bytes:
    """``decided_on``, ``decided_by``: print the review as decided on that day by
    that person. Renders here and now (not through the worker)."""
    from lgsys.pdfs.render import html_to_pdf

    return html_to_pdf(
        render_review_html(
            review, blocks=blocks, decided_on=decided_on, decided_by=decided_by
        )
    )


def subject(review) -> str:
    """The name the review's PDFs go by in the core's cache."""
    return f"review:{review.pk}"


def archive_subject(review) -> str:
    """The approved PDF's render, until the archive holds it."""
    return f"review-archive:{review.pk}"


def filename(review) -> str:
    return f"ledningens-genomgang-{review.year}-{review.organisation.code}.pdf"
