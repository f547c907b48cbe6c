"""Bounded work for every input (issue 15): what a user sends costs time and
memory in proportion to its size, and no more than the limits allow."""

import csv
import html
import io
import os
import random
import re
import stat
import tracemalloc
import zipfile
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from classification import importer
from classification.models import InformationAsset
from lgsys import exports, uploads
from lgsys.audit import timeline
from lgsys.audit import views as audit_views
from reviews.bench import runner as bench_runner
from reviews.models import AccessRequest, Incident
from reviews.report import markup, pdf
from tests.classification.factories import make_asset

# The markup's former regexes: the scanner must give what they gave.
OLD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
OLD_EMPHASIS = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")


def _old_inline(text: str) -> str:
    text = OLD_STRONG.sub(r"<strong>\1</strong>", escape(text))
    return OLD_EMPHASIS.sub(r"<em>\1</em>", text)


def test_the_markup_scanner_gives_what_the_regexes_gave():
    rng = random.Random(15)
    pieces = ["*", "**", "***", "a", "b", " ", "\t", "\u00a0", "<", "&", "\n"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert markup._inline(text) == _old_inline(text), repr(text)
    assert markup.render("Det *viktiga* och **det viktigaste** i *år*.") == (
        "<p>Det <em>viktiga</em> och <strong>det viktigaste</strong> i <em>år</em>.</p>"
    )
    assert markup.render("2 * 3 * 4 och *öppen") == "<p>2 * 3 * 4 och *öppen</p>"


class CountingPattern:
    """A compiled pattern that adds up how many characters its searches read:
    from where a search starts to where its match ends, or to the end of the
    string when there is none. The markup's patterns have a fixed width, so a
    search costs what it reads; the sum is the scanner's work, counted the
    same on any machine however busy (a clock would not be)."""

    def __init__(self, pattern, counter):
        self.pattern, self.counter = pattern, counter

    def search(self, string, pos=0):
        match = self.pattern.search(string, pos)
        self.counter[0] += (match.end() if match else len(string)) - pos
        # a quadratic scanner fails here, not hours later
        assert self.counter[0] <= self.counter[1], "the scanner reads too much"
        return match


def test_the_markup_is_rendered_in_linear_time(monkeypatch):
    read = [0, 0]  # characters read, the most a render may read
    for name in ("STRONG", "EMPHASIS"):
        width, opener, closer, tag = getattr(markup, name)
        counted = (
            width,
            CountingPattern(opener, read),
            CountingPattern(closer, read),
            tag,
        )
        monkeypatch.setattr(markup, name, counted)
    rng = random.Random(1)
    mixed = "".join(rng.choice(["*", "**", "a", " "]) for _ in range(700_000))
    for text in (
        "**a " * 250_000,
        "*a" * 500_000,
        "a*" * 500_000,
        "* " * 500_000,
        "**" * 500_000,
        "*a **b " * 150_000,
        "**a *b " * 150_000,
        "- **a " * 170_000,
        mixed,
    ):
        assert len(text) >= 800_000
        read[:] = [0, 20 * len(text)]
        html = markup.render(text)
        # Each of the two passes reads the line about once (the regexes they
        # replace read from every opener to the end: ~10^11 characters here).
        assert 0 < read[0] <= 6 * len(html), (text[:20], read[0], len(html))
    # and the count is what the scanner reads: a pair of each, in one line
    read[:] = [0, 1000]
    assert markup.render("a **b** *c*") == "<p>a <strong>b</strong> <em>c</em></p>"
    assert 0 < read[0] <= 6 * len("a **b** *c*")


# The XLSX import ---------------------------------------------------------

HEADERS = [h for h, _f, _k in importer.COLUMNS]
SHEET = "xl/worksheets/sheet1.xml"


def xlsx(build) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Informationsmängder"
    sheet.append(HEADERS)
    build(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename == SHEET:
                content = change(content.decode()).encode()
            target.writestr(item.filename, content)
    return out.getvalue()


def import_measured(client, org, data):
    """(response, work, peak bytes allocated) of an import of ``data``. The
    work is counted, not timed: how many rows and cells the size check looked
    at, and whether openpyxl opened the workbook; the same on any machine."""
    page = f"/{org.code}/register/informationsmangder/import/"
    client.get(page)  # the first request of a test sets up what every page uses
    work = {"looked_at": 0, "opened": False}
    too_large, load_workbook = importer._too_large, importer.load_workbook

    def counted(*args, **kwargs):
        work["looked_at"] += 1
        return too_large(*args, **kwargs)

    def opened(*args, **kwargs):
        work["opened"] = True
        return load_workbook(*args, **kwargs)

    with (
        mock.patch.object(importer, "_too_large", counted),
        mock.patch.object(importer, "load_workbook", opened),
    ):
        tracemalloc.start()
        response = client.post(
            page, {"file": SimpleUploadedFile("register.xlsx", data)}
        )
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return response, work, peak


def file_error(response) -> str:
    match = re.search(
        r'<ul class="field__errors" id="id_file_error">(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    return html.unescape(match[1]) if match else ""


@pytest.mark.django_db
def test_a_sheet_declaring_a_million_rows_is_refused_at_once(as_user, coordinator, org):
    data = xlsx(lambda sheet: sheet.cell(row=1_000_000, column=1, value="x"))
    assert len(data) < 10_000
    assert b'ref="A1:Q1000000"' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    response, work, peak = import_measured(as_user(coordinator), org, data)
    assert "har fler än 5000 rader" in file_error(response)
    assert "Informationsmängder" in file_error(response)
    # refused at the size it declares, before a row is read or openpyxl opens it
    assert work == {"looked_at": 1, "opened": False}
    assert peak < 2 * 1024 * 1024
    assert InformationAsset.objects.count() == 0


@pytest.mark.django_db
def test_a_sheet_whose_size_is_missing_or_lies_is_stopped_at_the_limit(
    as_user, coordinator, org
):
    client = as_user(coordinator)
    far = xlsx(lambda sheet: sheet.cell(row=1_000_000, column=1, value="x"))
    many = xlsx(lambda sheet: [sheet.append([f"Mängd {n}"]) for n in range(6000)])
    wide = xlsx(lambda sheet: None)
    rng = random.Random(2)
    noise = "".join(f"<c><v>{rng.random()}</v></c>" for _ in range(100_000)) + "</row>"
    for data in (
        with_sheet_xml(far, lambda xml: re.sub(r"<dimension[^>]*/>", "", xml)),
        with_sheet_xml(far, lambda xml: xml.replace("A1:Q1000000", "A1:Q2")),
        with_sheet_xml(many, lambda xml: xml.replace("A1:Q6001", "A1:Q2")),
        # a row of 100,000 cells without positions (and with values, which
        # compress too badly for a zip bomb), in a sheet declared as 17 columns
        with_sheet_xml(wide, lambda xml: xml.replace("</row>", noise, 1)),
    ):
        response, work, peak = import_measured(client, org, data)
        message = file_error(response)
        assert "fler än 5000 rader" in message or "bredare än 100 kolumner" in message
        # stopped at the first row or cell over the limit: a row and a cell
        # looked at per row up to the limit at most, and openpyxl never opened
        assert not work["opened"]
        assert work["looked_at"] <= 2 * (importer.MAX_ROWS + 2) + importer.MAX_COLUMNS
        assert peak < 3 * len(data) + 2 * 1024 * 1024  # the upload's copies
    assert InformationAsset.objects.count() == 0


@pytest.mark.django_db
def test_a_sheet_with_a_dtd_is_refused(as_user, coordinator, org):
    data = with_sheet_xml(
        xlsx(lambda sheet: None),
        lambda xml: '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + xml,
    )
    response, _work, _peak = import_measured(as_user(coordinator), org, data)
    assert "skadad" in file_error(response)


@pytest.mark.django_db
def test_a_sheet_at_the_limit_still_imports(as_user, coordinator, org):
    def fill(sheet):
        sheet.cell(row=2, column=1, value="Låntagarregister")
        sheet.cell(row=2, column=importer.MAX_COLUMNS, value="egen anteckning")

    response, _work, _peak = import_measured(as_user(coordinator), org, xlsx(fill))
    assert response.status_code == 302
    assert InformationAsset.objects.filter(name="Låntagarregister").exists()


# Uploads refused by size before the body is read --------------------------


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = readinto = read


def post_declaring(client, path, length: int):
    """A multipart POST that declares ``length`` bytes and cannot be read."""
    return client.generic(
        "POST",
        path,
        **{
            "wsgi.input": UnreadableBody(),
            "CONTENT_LENGTH": str(length),
            "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        },
    )


@pytest.fixture
def strict_client(coordinator):
    """A client whose CSRF check runs (and reads the form) as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


@pytest.mark.django_db
def test_a_huge_import_is_refused_by_its_declared_size(strict_client, org):
    response = post_declaring(
        strict_client, f"/{org.code}/register/informationsmangder/import/", 10**12
    )
    assert response.status_code == 413
    assert "större än 5 MB" in file_error(response)
    assert "<h1>Importera informationsmängder</h1>" in response.content.decode()
    assert InformationAsset.objects.count() == 0


@pytest.mark.django_db
def test_a_huge_pdf_to_verify_is_refused_by_its_declared_size(strict_client):
    response = post_declaring(strict_client, "/verifiera/", 51 * 1024 * 1024 + 10**5)
    assert response.status_code == 413
    assert "större än 50 MB" in file_error(response)


@pytest.mark.django_db
def test_every_other_view_refuses_a_body_over_the_default_limit(
    strict_client, client, auditor, org
):
    too_big = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + uploads.MULTIPART_OVERHEAD + 1
    response = post_declaring(
        strict_client, f"/{org.code}/atgarder/omraden/nytt/", too_big
    )
    assert response.status_code == 413
    assert response.content.decode() == "Begäran är för stor."
    # No page for whom the view would not show it: a visitor, a read-only role.
    assert post_declaring(client, "/verifiera/", 10**12).status_code == 413
    assert post_declaring(client, "/logga-in/", too_big).status_code == 413
    client.force_login(auditor)
    path = f"/{org.code}/register/informationsmangder/import/"
    assert post_declaring(client, path, 10**12).status_code == 403


class CountingBody(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.given = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.given += len(chunk)
        return chunk


@pytest.mark.django_db
def test_an_upload_longer_than_declared_is_stopped_at_the_limit(coordinator):
    """A server that passes a body longer than its Content-Length: the upload
    handler stops reading at the limit and the view's page answers."""

    @uploads.upload_limit(
        100_000, too_large=lambda request: HttpResponse("för stor", status=413)
    )
    def view(request):
        raise AssertionError("the view ran")

    payload = encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile("a.pdf", b"%PDF" + b"x" * 2_000_000)}
    )
    body = CountingBody(payload)
    request = RequestFactory().generic(
        "POST",
        "/",
        payload,
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": body},
    )
    request.META["CONTENT_LENGTH"] = "1000"  # what the server claims
    request.user = coordinator
    middleware = uploads.UploadLimitMiddleware(lambda request: HttpResponse())
    response = middleware.process_view(request, view, (), {})
    assert response.status_code == 413
    assert body.given < 400_000
    assert "file" not in request.FILES


# The history export streams ----------------------------------------------


@pytest.mark.django_db
def test_the_history_export_streams_every_row(client, org, auditor, monkeypatch):
    monkeypatch.setattr(audit_views, "EXPORT_BATCH", 3)  # keyset batches
    monkeypatch.setattr(exports, "CSV_BATCH", 4)  # rows per piece sent
    for n in range(10):
        make_asset(org, name=f"Mängd {n}")
    client.force_login(auditor)  # a security event, in the timeline too
    expected = len(list(timeline.iterate(org, timeline.Filters(), 1000)))
    assert expected >= 11
    url = reverse("history_timeline", args=[org.code])

    response = client.get(url, {"format": "csv"})
    assert response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) > 2
    rows = list(
        csv.reader(io.StringIO(b"".join(pieces).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:2] == ["När", "Vem"]
    assert len(rows) == expected + 1
    assert {f"Mängd {n}" for n in range(10)} <= {row[4] for row in rows}

    response = client.get(url, {"format": "xlsx"})
    assert response.streaming
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.max_row == expected + 1
    assert sheet.column_dimensions["E"].width > len("Post") + 2  # widths applied


# Hostile search and filter values -------------------------------------------
# (tests/test_forms_fuzz.py walks every list's filters with them.)


@pytest.mark.django_db
def test_a_nul_in_a_list_search_is_an_error_beside_the_box(as_user, coordinator, org):
    make_asset(org, name="Lånekort")
    client = as_user(coordinator)
    url = f"/{org.code}/register/informationsmangder/"
    html_text = client.get(url, {"q": "Låne\x00kort"}).content.decode()
    errors = re.search(
        r'<ul class="field__errors" id="id_q_error">(.*?)</ul>', html_text
    )
    assert errors and "Null-tecken" in errors[1]
    assert 'type="search" name="q"' in html_text and 'maxlength="200"' in html_text
    found = client.get(url, {"q": "låne"}).content.decode()
    assert "Lånekort" in found and "id_q_error" not in found


@pytest.mark.django_db
def test_a_history_cursor_outside_the_calendar_opens_the_first_page(
    client, org, auditor
):
    make_asset(org, name="Lånekort")
    client.force_login(auditor)
    url = reverse("history_timeline", args=[org.code])
    for after in ("0001-01-01T00:00:00+01:00_1_1", "9999-12-31T23:59:59-01:00_1_1"):
        response = client.get(url, {"after": after})
        assert response.status_code == 200
        assert "Lånekort" in response.content.decode()


# The PDF renderer fetches only the project's static files ---------------------


def test_the_pdf_renderer_fetches_nothing_but_static_files(monkeypatch):
    fetched = []
    real_fetch = URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)  # what is really opened
    hostile = [
        "file:///etc/passwd",
        "https://example.com/logo.png",
        "http://127.0.0.1:9/x.css",
        (pdf.STATIC / ".." / "manage.py").as_uri(),
    ]
    data = pdf.html_to_pdf(
        '<html lang="sv"><head><title>T</title>'
        '<link rel="stylesheet" href="css/print.css">'
        f'<link rel="stylesheet" href="{hostile[2]}"></head><body>'
        "<p>Ledningens genomgång</p>"
        + "".join(f'<img src="{url}" alt="x">' for url in hostile)
        + f'<p style="background: url({hostile[0]})">x</p></body></html>'
    )
    assert "Ledningens genomgång" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert not set(hostile) & set(fetched), fetched
    assert all(pdf._is_static(url) for url in fetched), fetched
    assert any(url.endswith("LiberationSans-Regular.ttf") for url in fetched)
    for url in hostile:
        with pytest.raises(ValueError):
            pdf.StaticFetcher().fetch(url)


# The backup is private; the bench drops only its own databases ----------------


@pytest.mark.django_db
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    old_umask = os.umask(0o022)  # the usual umask: new files readable by all
    try:
        new = tmp_path / "ny.dump"
        existing = tmp_path / "gammal.dump"
        existing.write_text("en äldre säkerhetskopia")
        existing.chmod(0o644)
        for target in (new, existing):
            call_command("backup", str(target), stdout=io.StringIO())
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
            assert target.stat().st_size > 0
            assert "en äldre" not in target.read_text(errors="replace")
    finally:
        os.umask(old_umask)


def test_bench_server_drops_only_a_bench_database(monkeypatch):
    dropped = []
    monkeypatch.setattr(bench_runner, "_pg_admin", lambda url, sql: dropped.append(sql))
    for name in ("lgsys", "lgsys_h1", "production", "benchmark_lgsys_bench"):
        monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
        with pytest.raises(CommandError, match="lgsys_bench"):
            call_command("bench_server", stdout=io.StringIO(), stderr=io.StringIO())
        with pytest.raises(ValueError):
            bench_runner.drop_database(f"postgres://postgres@127.0.0.1:5432/{name}")
    assert dropped == []


@pytest.mark.django_db
def test_dates_at_the_calendars_edges_in_review_inputs_are_field_errors(
    as_user, coordinator, org
):
    client = as_user(coordinator)
    incident = {
        "title": "Dataintrång",
        "kind": Incident.Kind.PERSONAL_DATA,
        "severity": Incident.Severity.HIGH,
        "status": Incident.Status.OPEN,
        "imy_assessment": Incident.ImyAssessment.REPORTED,
        "occurred_at": "2023-05-01T08:00",
        "discovered_at": "2023-05-02T08:00",
        "reported_to_imy_at": "2023-05-03T08:00",
    }
    request = {"received_on": "2023-05-02", "kind": AccessRequest.Kind.ACCESS}
    for path, data, fields, values in (
        (
            "incidenter",
            incident,
            ("occurred_at", "discovered_at", "reported_to_imy_at"),
            ("9999-12-31T23:59", "0001-01-01T00:00"),
        ),
        ("registerutdrag", request, ("received_on",), ("9999-12-31", "0001-01-01")),
    ):
        for name in fields:
            for value in values:
                response = client.post(
                    f"/{org.code}/granskning/{path}/ny/", {**data, name: value}
                )
                assert response.status_code == 200, (path, name, value)
                errors = re.search(
                    rf'id="id_{name}_error">(.*?)</ul>', response.content.decode()
                )
                assert errors and "mellan 1900 och 2100" in errors[1], (name, value)
    assert not Incident.objects.exists() and not AccessRequest.objects.exists()
