"""The report as a PDF: the same document template as the web preview, printed by
WeasyPrint with the print stylesheet, tagged (PDF/A-3a, accessible) with the
report's metadata and the shipped font."""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from lgsys.letterhead.logo import data_url
from reviews.report.selectors import report_context

STATIC = (Path(settings.BASE_DIR) / "static").resolve()
PDF_VARIANT = "pdf/a-3a"
UA_XMP = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
    b' pdfuaid:part="1"/></rdf:RDF>'
)


class StaticFetcher(URLFetcher):
    """The renderer loads the project's static files (style sheet, fonts,
    images) and data: URLs (the organisation's logo), nothing else: no network,
    no other file."""

    def fetch(self, url, headers=None):
        if url.startswith("data:") or _is_static(url):
            return super().fetch(url, headers)
        raise ValueError(f"The report loads only its own static files: {url[:80]}")


def _is_static(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(url2pathname(parts.path)).resolve().is_relative_to(STATIC)


def render_review_html(review, *, blocks=None, decided_on=None, decided_by=None) -> str:
    with translation.override("sv"):
        context = report_context(
            review, blocks, decided_on=decided_on, decided_by=decided_by
        )
        context["logo_src"] = data_url(context["organisation"])
        return render_to_string("reviews/report/print.html", context)


def html_to_pdf(html: str) -> bytes:
    document = HTML(
        string=html, base_url=str(STATIC), url_fetcher=StaticFetcher()
    ).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
    # Declare PDF/UA-1 besides PDF/A-3a: the document is tagged, its language,
    # title and reading order set.
    document.metadata.xmp_metadata.append(UA_XMP)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render_review_pdf(
    review, *, blocks=None, decided_on=None, decided_by=None
) -> bytes:
    """``decided_on``, ``decided_by``: print the review as decided on that day by
    that person (at approval, the PDF is rendered before the decision is
    stored)."""
    return html_to_pdf(
        render_review_html(
            review, blocks=blocks, decided_on=decided_on, decided_by=decided_by
        )
    )


def filename(review) -> str:
    return f"ledningens-genomgang-{review.year}-{review.organisation.code}.pdf"
