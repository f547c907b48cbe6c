import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from lgsys.services import version_of
from reviews.models import ManagementReview, ReviewSection, ReviewStatus
from reviews.report import markup, services
from reviews.report.blocks import ReportBlock
from reviews.report.outline import OUTLINE
from reviews.report.pdf import render_review_pdf
from reviews.report.selectors import build_blocks, missing_inputs, report_context
from tests.factories import edit_data
from tests.reviews_report.factories import make_review

HOSTILE = (
    "Inledning <script>alert('x')</script>\n\n"
    '- <a href="javascript:alert(1)">klicka</a>\n'
    "- [länk](javascript:alert(2)) och *betoning*\n\n"
    '<img src=x onerror="alert(3)">'
)


def test_markup_is_small_and_safe():
    html = markup.render(HOSTILE)
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<ul><li>" in html and "<em>betoning</em>" in html
    assert markup.render("Ett stycke\nsom fortsätter.\n\nNästa.") == (
        "<p>Ett stycke som fortsätter.</p>\n<p>Nästa.</p>"
    )


@pytest.mark.django_db
def test_unsafe_markup_is_neutralised_in_preview_and_pdf(as_user, coordinator, org):
    review = make_review(org, year=2023)
    section = review.sections.get(key="1.1")
    services.section_update(
        section=section, text=HOSTILE, by=coordinator, version=version_of(section)
    )
    html = (
        as_user(coordinator)
        .get(f"/{org.code}/granskning/{review.pk}/forhandsgranskning/")
        .content.decode()
    )
    assert "<script>alert" not in html
    assert not re.search(r"<a\s[^>]*href=\"javascript:", html)
    assert not re.search(r"<[a-z]+\s[^>]*onerror=", html)
    assert "&lt;script&gt;alert" in html
    data = render_review_pdf(review)
    assert b"/JavaScript" not in data and b"/JS " not in data
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "<script>alert('x')</script>" in text  # printed as text, inert


@pytest.mark.django_db
def test_the_pdf_declares_pdfa_and_ua_with_metadata_and_embedded_fonts(org):
    review = make_review(
        org, year=2023, dnr="KUL 2023/0007", contact_name="Jenny Ekman"
    )
    reader = PdfReader(io.BytesIO(render_review_pdf(review)))
    info = reader.metadata
    assert info.title == "Ledningens genomgång 2023 Kulturförvaltningen"
    assert info.author == "Kulturförvaltningen"
    assert "ISO/IEC 27001" in info.subject
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="?3', xmp) and re.search(r'conformance="?A', xmp)
    assert 'pdfuaid:part="1"' in xmp
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()[
                "/FontDescriptor"
            ]
            assert "/FontFile2" in descriptor  # embedded
            fonts.add(str(descriptor["/FontName"]))
    assert all("Liberation-Sans" in f for f in fonts), fonts
    assert reader.outline  # bookmarks for the headings


# What the report's data may cost at most, and then exactly the same with more rows.
REPORT_QUERIES = 40


@pytest.mark.django_db
def test_report_data_query_count_does_not_grow(
    org, coordinator, django_assert_max_num_queries, django_assert_num_queries
):
    from classification.models import InformationAsset, Risk
    from reviews.models import Incident
    from tests.reviews_inputs.factories import at

    review = make_review(org, year=2023)

    def fill(n):
        InformationAsset.objects.bulk_create(
            [InformationAsset(organisation=org, name=f"A{i}") for i in range(n)]
        )
        Risk.objects.bulk_create(
            [
                Risk(
                    organisation=org,
                    title=f"R{i}",
                    likelihood=1 + i % 4,
                    consequence=1 + i % 3,
                )
                for i in range(n)
            ]
        )
        Incident.objects.bulk_create(
            [
                Incident(
                    organisation=org,
                    title=f"I{i}",
                    kind="it",
                    discovered_at=at(2021 + i % 3, 1 + i % 12, 1, 9, 0),
                )
                for i in range(n)
            ]
        )

    # the blocks' build itself, not the cached copy (test_blocks_cache.py)
    fill(10)
    cache.clear()
    with django_assert_max_num_queries(REPORT_QUERIES) as small:
        report_context(review)
    fill(490)
    cache.clear()
    with django_assert_num_queries(len(small)):
        report_context(review)


@pytest.mark.django_db
def test_copy_last_year_and_start_from_the_outline(org, coordinator, as_user):
    last = make_review(org, year=2022, contact_name="Jenny Ekman")
    section = last.sections.get(key="1.1")
    services.section_update(
        section=section, text="Förra året.", by=coordinator, version=version_of(section)
    )
    client = as_user(coordinator)
    response = client.post(
        f"/{org.code}/granskning/ny/", {"year": "2023", "start": "copy"}
    )
    copied = ManagementReview.objects.get(organisation=org, year=2023)
    assert response.status_code == 302
    assert copied.sections.get(key="1.1").text == "Förra året."
    assert copied.contact_name == "Jenny Ekman"
    client.post(f"/{org.code}/granskning/ny/", {"year": "2024", "start": "outline"})
    fresh = ManagementReview.objects.get(organisation=org, year=2024)
    assert fresh.sections.count() == 13 and not fresh.sections.exclude(text="").exists()
    title = fresh.sections.get(key="1.2").title
    assert title == "Vad påverkar Kulturförvaltningens informationssäkerhetsarbete?"
    again = client.post(
        f"/{org.code}/granskning/ny/", {"year": "2024", "start": "outline"}
    )
    assert "Det finns redan en genomgång för 2024." in again.content.decode()


@pytest.mark.django_db
def test_editing_a_section_shows_in_the_preview(as_user, coordinator, org):
    review = make_review(org, year=2023)
    client = as_user(coordinator)
    response = client.post(
        f"/{org.code}/granskning/{review.pk}/avsnitt/1.2.1/",
        edit_data(
            review.sections.get(key="1.2.1"),
            text="EDPB har valt *rätten till tillgång*.",
        ),
    )
    assert response.status_code == 302
    preview = client.get(f"/{org.code}/granskning/{review.pk}/forhandsgranskning/")
    assert "EDPB har valt <em>rätten till tillgång</em>." in preview.content.decode()
    assert ReviewSection.objects.get(review=review, key="1.2.1").history.count() == 2


TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.django_db
def test_blocks_can_be_switched_off(as_user, coordinator, org, monkeypatch, settings):
    # The block's template is the tests' own, not one of the production templates.
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES],
        }
    ]
    fake = ReportBlock(
        "fake",
        "Testblock",
        "tests/report_block.html",
        lambda **kw: {"value": "SYNLIGT-BLOCK"},
    )
    monkeypatch.setattr("reviews.report.catalogue.BLOCKS", [fake])
    monkeypatch.setattr(
        "reviews.report.blocks.OUTLINE",
        [replace(s, blocks=("fake",) if s.key == "1.2.9" else ()) for s in OUTLINE],
    )
    review = make_review(org, year=2023)
    client = as_user(coordinator)
    url = f"/{org.code}/granskning/{review.pk}/forhandsgranskning/"
    assert "SYNLIGT-BLOCK" in client.get(url).content.decode()
    client.post(f"/{org.code}/granskning/{review.pk}/datablock/", edit_data(review))
    review.refresh_from_db()
    assert review.disabled_blocks == ["fake"]
    assert "SYNLIGT-BLOCK" not in client.get(url).content.decode()
    assert build_blocks(review) == {}


@pytest.mark.django_db
def test_missing_iso_inputs_are_shown_in_the_editor_not_the_pdf(
    as_user, coordinator, org
):
    review = make_review(org, year=2023)
    assert ("e", "återkoppling från intressenter") in missing_inputs(review)
    html = as_user(coordinator).get(f"/{org.code}/granskning/{review.pk}/").content
    assert "återkoppling från intressenter" in html.decode()
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_review_pdf(review))).pages
    )
    assert "återkoppling från intressenter" not in text
    section = review.sections.get(key="1.2.5")
    services.section_update(
        section=section,
        text="Dataskyddsombudet lyfter brister.",
        by=coordinator,
        version=version_of(section),
    )
    assert "e" not in [letter for letter, _t in missing_inputs(review)]


@pytest.mark.django_db
def test_an_approved_review_refuses_every_edit(org, coordinator):
    review = make_review(org, year=2023)
    review.status = ReviewStatus.APPROVED
    review.save()
    review = ManagementReview.objects.get(pk=review.pk)
    section = review.sections.get(key="1.1")
    for attempt in (
        lambda: services.section_update(
            section=section, text="x", by=coordinator, version=version_of(section)
        ),
        lambda: services.review_update(
            review=review, by=coordinator, version=version_of(review), contact_name="x"
        ),
        lambda: services.blocks_set(
            review=review, enabled=set(), by=coordinator, version=version_of(review)
        ),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert review.sections.get(key="1.1").text == ""


@pytest.mark.django_db
def test_the_command_and_the_download(org, coordinator, as_user, tmp_path):
    review = make_review(org, year=2023)
    out = tmp_path / "lg.pdf"
    call_command(
        "review_pdf", org.code, "2023", "--output", str(out), stdout=io.StringIO()
    )
    assert out.read_bytes().startswith(b"%PDF-")
    response = as_user(coordinator).get(
        f"/{org.code}/granskning/{review.pk}/genomgang.pdf"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="ledningens-genomgang-2023-KUL.pdf"'
    )
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 3
