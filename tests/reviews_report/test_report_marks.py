"""The report anchored for the archive (issue 16, points 3-5): the Dnr under the
title and in every footer, "UTKAST – ej beslutat" on every page until the
decision (an artifact, not tagged content), "Beslutad <datum> av <namn>, <titel>"
once decided, and the organisation's letterhead. Read from the real PDF."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

from lgsys.models import Role
from lgsys.services import version_of
from reviews.approval import services as approval
from reviews.models import ArchivedReport
from reviews.report import services as report_services
from reviews.report.pdf import STATIC, StaticFetcher, render_review_pdf
from tests.factories import PASSWORD, make_member, make_organisation, make_user
from tests.letterhead.factories import SVG_LOGO, png_logo, set_logo
from tests.reviews_report.factories import make_review

MARK = "UTKAST – ej beslutat"
DNR = "ABC 2024/0815"
ARTIFACT = re.compile(rb"/Artifact\s+BMC.*?EMC", re.S)


@pytest.fixture
def abc(db):
    return make_organisation("ABC", name="Alfaförvaltningen")


@pytest.fixture
def abc_coordinator(abc):
    return make_member(abc, Role.COORDINATOR, make_user("abc-samordnare"))


@pytest.fixture
def anna(abc):
    return make_member(
        abc,
        Role.HEAD,
        make_user("anna", first_name="Anna", last_name="Andersson"),
        title="förvaltningschef",
    )


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def untagged_text_removed(data: bytes) -> list[str]:
    """Each page's text once every artifact (marked content /Artifact, which
    the structure tree cannot reach) is taken out of its content stream."""
    reader = PdfReader(io.BytesIO(data))
    texts = []
    for page in reader.pages:
        stream = DecodedStreamObject()
        stream.set_data(ARTIFACT.sub(b"", page.get_contents().get_data()))
        page[NameObject("/Contents")] = stream
        texts.append(page.extract_text())
    return texts


def figures(data: bytes) -> list[tuple[int, str]]:
    """(page index, alternate text) of every Figure in the structure tree."""
    reader = PdfReader(io.BytesIO(data))
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        element = todo.pop().get_object()
        if element.get("/S") == "/Figure":
            page = reader.get_page_number(element["/Pg"].get_object())
            found.append((page, str(element.get("/Alt", ""))))
        kids = element.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        todo += [k for k in kids if isinstance(k, IndirectObject | DictionaryObject)]
    return found


def written(review, by):
    """``review`` with text in every section, as a submission needs."""
    for section in review.sections.all():
        report_services.section_update(
            section=section, text="Text.", by=by, version=version_of(section)
        )
    return review


@pytest.mark.django_db
def test_a_draft_has_the_mark_on_every_page_as_an_artifact_and_the_dnr(
    abc, abc_coordinator, as_user
):
    set_logo(abc, abc_coordinator, SVG_LOGO, municipality="Alfa kommun")
    review = make_review(abc, year=2024, dnr=DNR, by=abc_coordinator)
    data = render_review_pdf(review)
    texts = pages(data)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert MARK in text, f"page {number} has no draft mark"
        # the footer: the Dnr exactly as written (its zero kept) and "X (Y)"
        assert re.search(rf"Dnr: {DNR}\s+{number} \({len(texts)}\)\s*$", text), text
    # page 1: the letterhead, the title, the Dnr under it, no decision yet
    first = texts[0]
    title = "Ledningens genomgång 2024\nAlfaförvaltningen"
    assert title in first and "Alfa kommun" in first
    assert first.index(title) < first.index(f"Dnr: {DNR}") < first.index("Beslutad")
    assert "Beslutad [datum]" in first
    # the running header of the other pages: the municipality's name
    assert all("Alfa kommun" in text for text in texts[1:])
    # the mark is drawn as an artifact: without the artifacts, it is gone and
    # the text is all there
    without = untagged_text_removed(data)
    assert all(MARK not in text for text in without)
    assert "Ledningens genomgång 2024" in without[0] and f"Dnr: {DNR}" in without[0]
    # the logo on page 1 is a figure with its alternate text
    assert (0, "Logotyp, Alfa kommun") in figures(data)


@pytest.mark.django_db
def test_the_preview_shows_the_dnr_the_draft_mark_and_the_logo(
    abc, abc_coordinator, as_user
):
    set_logo(abc, abc_coordinator, SVG_LOGO, municipality="Alfa kommun")
    review = make_review(abc, year=2024, dnr=DNR, by=abc_coordinator)
    html = (
        as_user(abc_coordinator)
        .get(f"/ABC/granskning/{review.pk}/forhandsgranskning/")
        .content.decode()
    )
    assert f'<p class="report-draft-banner" lang="sv">{MARK}</p>' in html
    assert "report--draft" in html
    assert html.index("report-title") < html.index(f"Dnr: {DNR}")
    assert '<img class="report-logo" src="/ABC/brevhuvud/logotyp/"' in html


@pytest.mark.django_db
def test_the_approved_pdf_says_who_decided_and_has_no_mark(
    abc, abc_coordinator, anna, as_user
):
    review = make_review(
        abc, year=2024, dnr=DNR, contact_name="Jenny Ekman", by=abc_coordinator
    )
    approval.review_submit(review=written(review, abc_coordinator), by=abc_coordinator)
    approval.review_approve(
        review=review, by=anna, password=PASSWORD, decided_on=date(2025, 1, 15)
    )
    texts = pages(bytes(ArchivedReport.objects.get(review=review).pdf))
    assert "Beslutad 2025-01-15 av Anna Andersson, förvaltningschef" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert "UTKAST" not in text, f"page {number} still says UTKAST"
        assert re.search(rf"Dnr: {DNR}\s+{number} \({len(texts)}\)\s*$", text)
    # the preview of the approved review: no banner, the same decision line
    html = (
        as_user(anna)
        .get(f"/ABC/granskning/{review.pk}/forhandsgranskning/")
        .content.decode()
    )
    assert MARK not in html and "report--draft" not in html
    assert "Beslutad 2025-01-15 av Anna Andersson, förvaltningschef" in html


@pytest.mark.django_db
def test_a_png_logo_is_embedded_on_page_1(abc, abc_coordinator):
    set_logo(abc, abc_coordinator, png_logo(width=120, height=80))
    data = render_review_pdf(make_review(abc, year=2024, by=abc_coordinator))
    assert (0, "Logotyp, Stockholms stad") in figures(data)
    page = PdfReader(io.BytesIO(data)).pages[0]
    images = [
        xobject.get_object()
        for xobject in page["/Resources"]["/XObject"].values()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert [(i["/Width"], i["/Height"]) for i in images] == [(120, 80)]


def test_the_renderer_loads_only_static_files_and_data_urls():
    fetch = StaticFetcher()
    assert fetch("data:text/plain,ok").read() == b"ok"
    assert fetch((STATIC / "img" / "utkast.svg").as_uri()).read().startswith(b"<svg")
    for url in (
        "file:///etc/passwd",
        "https://example.com/logo.png",
        (STATIC / ".." / "manage.py").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetch(url)
