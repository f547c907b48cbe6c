"""The golden test: the demo's 2023 PDF reproduces the reference report."""

import io
import re

import pytest
from pypdf import PdfReader

from reviews.demo_report import REFERENCE, reference_sections
from reviews.report import markup

TOC_LINE = re.compile(r"^(1(?:\.\d)+)\t(?:<i>)?(.*?)(?:</i>)?\.*\s*\t?\d+$")


def normalise(text: str) -> str:
    text = text.replace("\u00ad", "").replace("•", " ")
    return " ".join(text.split())


def squeeze(text: str) -> str:
    """Without any whitespace: line breaks and hyphenation do not count."""
    return "".join(normalise(text).split())


def reference_headings() -> list[tuple[str, str]]:
    headings = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if match := TOC_LINE.match(line.strip()):
            headings.append((match[1], match[2].rstrip(". ").strip()))
    return headings


@pytest.fixture(scope="module")
def pages(demo_report_pdf):
    reader = PdfReader(io.BytesIO(demo_report_pdf))
    texts = []
    for page in reader.pages:
        text = page.extract_text()
        # the draft's watermark (drawn first), the running header "Stockholms
        # stad" and footer "Dnr: KUL 2023/1946" and "X (Y)" (drawn last)
        text = re.sub(r"^UTKAST – ej beslutat\s*", "", text.strip())
        text = re.sub(
            r"(Stockholms stad\s*)?(Dnr: KUL 2023/1946\s*)?\d+ \(\d+\)\s*$", " ", text
        )
        texts.append(normalise(text))
    return texts


def test_the_reference_has_the_headings_we_check():
    numbers = [n for n, _t in reference_headings()]
    assert numbers[:3] == ["1.1", "1.2", "1.2.1"] and numbers[-1] == "1.3.3"
    assert len(numbers) == 15


def test_first_page_is_like_the_reference(pages):
    first = pages[0]
    assert "Stockholms stad" in first
    assert "Ledningens genomgång 2023 Kulturförvaltningen" in first
    assert "Beslutad [datum]" in first
    assert "Dnr: KUL 2023/1946" in pages[1]
    assert "Kontaktperson: Jenny Ekman, informationssäkerhetssamordnare" in pages[1]


def test_every_heading_appears_in_order_and_the_toc_gives_its_page(pages):
    toc_index = next(i for i, t in enumerate(pages) if "Innehållsförteckning" in t)
    toc = pages[toc_index]
    body = pages[toc_index + 1 :]
    position = (-1, -1)  # (page, offset) of the previous heading
    for number, title in reference_headings():
        heading = normalise(f"{number} {title}")
        # the table of contents: the entry and its page number
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)(?= 1\.| *$)", toc)
        assert match, f"{heading} is not in the table of contents"
        listed_page = int(match[1])
        found = [(i, t.find(heading)) for i, t in enumerate(body) if heading in t]
        assert found, f"heading {heading} is missing"
        page, offset = found[0]
        assert (page, offset) > position, f"{heading} is out of order"
        position = (page, offset)
        assert listed_page == toc_index + 2 + page, (
            f"{heading}: the table of contents says page {listed_page}, "
            f"it is on page {toc_index + 2 + page}"
        )


def test_the_narrative_matches_the_reference_word_for_word(pages):
    document = squeeze(" ".join(pages))
    checked = 0
    for key, text in reference_sections().items():
        for kind, content in markup.blocks(text):
            pieces = [content] if kind == "p" else content
            for piece in pieces:
                plain = squeeze(piece.replace("*", ""))
                assert plain in document, f"section {key}: {piece[:80]}…"
                checked += 1
    assert checked >= 30


def test_the_action_plan_matches_the_reference(pages):
    document = squeeze(" ".join(pages))
    reference = REFERENCE.read_text(encoding="utf-8")
    plan = reference[reference.index("\n1.3.1 Uppdatera lokal anvisning") :]
    for line in plan.splitlines():
        if line.startswith("- "):
            assert squeeze(line[2:]) in document
