"""The printed report's blocks (issue 16, point 7), read from the real PDF: Swedish
throughout, no bare area heading, one dash for periods, chart labels inside their
chart, tables on the page of their caption."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from classification.models import Risk
from reviews.inputs.report_blocks import incidents
from reviews.report.blocks import report_blocks
from reviews.report.pdf import render_review_pdf
from tests.actions.factories import make_action, make_area
from tests.reviews_inputs.factories import at, make_incident, make_training
from tests.reviews_report.factories import make_review
from tests.test_i18n import TPL_TRANS, _python_msgids, swedish_catalogue

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def block_templates() -> list[Path]:
    """Every block partial and the partials it includes."""
    found = {TEMPLATES / b.template_name for b in report_blocks()}
    for path in list(found):
        for name in re.findall(r'{%\s*include\s+"([^"]+)"', path.read_text()):
            found.add(TEMPLATES / name)
    return sorted(found)


def english_in_blocks() -> set[str]:
    """The English msgids the blocks print (templates and block builders) whose
    Swedish is something else: none may appear in the PDF."""
    msgids = set()
    for path in block_templates():
        msgids.update(m["s"] for m in TPL_TRANS.finditer(path.read_text()))
    for block in report_blocks():
        module = Path(__import__(block.build.__module__, fromlist=["x"]).__file__)
        msgids.update(_python_msgids(module.read_text()))
    msgids.update(str(label) for _v, label in Risk.Status.choices)
    catalogue = swedish_catalogue()
    return {
        m
        for m in msgids
        if "%" not in m and m in catalogue and catalogue[m].msgstr not in ("", m)
    }


@pytest.fixture
def report(org):
    """A 2023 review of an organisation with data in every block; the PDF's pages
    as text (table of contents apart)."""
    for year, n in ((2021, 1), (2022, 2), (2023, 4)):
        for i in range(n):
            make_incident(org, kind="it", discovered_at=at(year, 5, 1 + i, 9, 0))
    make_incident(
        org,
        title="Fel mottagare",
        kind="personuppgift",
        imy_assessment="anmald",
        discovered_at=at(2023, 3, 24, 16, 0),
        reported_to_imy_at=at(2023, 3, 27, 16, 0),  # 71 h across the DST change
    )
    make_training(org, course="Grundkurs dataskydd", required=10, completed=8)
    Risk.objects.create(organisation=org, title="Phishing", likelihood=4, consequence=4)
    empty = make_area(org, title="Ett område utan åtgärder i perioden")
    make_action(org, empty, text="Gammal åtgärd", start_year=2020, end_year=2021)
    area = make_area(org, title="Kompetenshöjning")
    make_action(org, area, text="Utbilda nyckelroller", start_year=2025, end_year=2026)
    review = make_review(org, year=2023)
    reader = PdfReader(io.BytesIO(render_review_pdf(review)))
    pages = [page.extract_text() for page in reader.pages]
    return {
        "pages": pages,
        "body": [p for p in pages if "Innehållsförteckning" not in p],
        "text": "\n".join(pages),
    }


@pytest.mark.django_db
def test_every_string_the_blocks_print_is_swedish(report):
    english = english_in_blocks()
    assert {"Completion rate", "Risk owner", "Hours", "Within 72 hours"} <= english
    printed = [
        m for m in english if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", report["text"])
    ]
    assert printed == []
    assert "Rate (%)" not in report["text"]
    assert "Kurs Ska gå Genomfört Andel (%)" in report["text"]


@pytest.mark.django_db
def test_an_area_without_actions_in_the_window_is_not_a_bare_heading(report):
    body = "\n".join(report["body"])
    assert "Kompetenshöjning" in body and "Utbilda nyckelroller" in body
    assert "Ett område utan åtgärder i perioden" not in body


@pytest.mark.django_db
def test_periods_are_printed_with_the_en_dash(report):
    assert "2025–2026" in report["text"]
    assert not re.search(r"\b20\d\d-20\d\d\b", report["text"])


@pytest.mark.django_db
def test_the_new_blocks_and_the_chart_labels_are_printed(report):
    text = report["text"]
    assert re.search(r"1\s+2021\s+2\s+2022\s+5\s+2023", text)  # the chart's labels
    assert "Fel mottagare 2023-03-24 16:00 2023-03-27 16:00 71,0 Inom 72 timmar" in (
        text
    )
    assert "Phishing 16 (4 × 4) – – Öppen" in text
    for caption, first_row in (
        ("Incidenter per typ och år", "Informationssäkerhetsincident"),
        ("Personuppgiftsincidenter 2023 och 72-timmarsfristen", "Fel mottagare"),
        ("Risker i den högsta riskklassen: Hög (9–16)", "Phishing"),
        ("Genomförd utbildning 2023", "Grundkurs dataskydd"),
    ):
        (page,) = [p for p in report["pages"] if caption in p]
        assert first_row in page  # a table stays on the page of its caption


@pytest.mark.django_db
def test_no_label_of_the_incidents_chart_is_cut_off_at_the_top(org):
    for year, n in ((2021, 1), (2022, 2), (2023, 4)):
        for i in range(n):
            make_incident(org, discovered_at=at(year, 5, 1 + i, 9, 0))
    data = incidents(organisation=org, year=2023, as_of=at(2023, 12, 31, 0, 0).date())
    with translation.override("sv"):
        svg = render_to_string("reviews/inputs/_block_incidents.html", {"data": data})
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg)[1])
    moved = re.search(r'<g transform="translate\(0 (\d+)\)">', svg)
    shift = float(moved[1]) if moved else 0
    labels = re.findall(
        r'<text [^>]*y="(-?\d+)"[^>]*font-size="(\d+)"[^>]*>(\w+)<', svg
    )
    assert {text for _y, _s, text in labels} >= {"4", "2023"}
    for y, size, text in labels:
        top, baseline = shift + int(y) - int(size), shift + int(y)
        assert top >= 0 and baseline + 4 <= height, (text, top, baseline, height)
