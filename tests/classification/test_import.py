"""The XLSX import: all or nothing, errors by row and column, hostile files refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from classification import importer
from classification.models import Classification, InformationAsset

HEADERS = [h for h, _f, _k in importer.COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(name="Låntagarregister", k=3, r=2, t=2, **overrides):
    values = dict.fromkeys(HEADERS)
    values.update(
        {
            "Namn": name,
            "Personuppgifter": "Ja",
            "Prioriterad": "Ja",
            "Status": "klassad",
            "Klassad datum": "2023-10-02",
            "K": k,
            "R": r,
            "T": t,
            "Nästa översyn": "2024-10-01",
        }
    )
    values.update(overrides)
    return [values[h] for h in HEADERS]


def upload(client, org, data, name="register.xlsx"):
    return client.post(
        f"/{org.code}/register/informationsmangder/import/",
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


@pytest.mark.django_db
def test_a_good_file_imports_assets_with_classifications(as_user, coordinator, org):
    response = upload(
        as_user(coordinator),
        org,
        workbook(row(), row("E-post", 2, 2, 2), row("Kalender", None, None, None)),
    )
    assert response.status_code == 302
    assert InformationAsset.objects.filter(organisation=org).count() == 3
    c = Classification.objects.get(asset__name="Låntagarregister")
    assert (c.krt, str(c.classified_on), c.classified_by) == (
        "3-2-2",
        "2023-10-02",
        coordinator,
    )
    assert not Classification.objects.filter(asset__name="Kalender").exists()
    assert c.history.latest().history_change_reason == "imported"


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_names_row_and_column(as_user, coordinator, org):
    data = workbook(
        row(),
        row("Felaktig", k=7),
        row("Utan namn", **{"Namn": ""}),
        row("Konstig", **{"Personuppgifter": "kanske"}),
    )
    response = upload(as_user(coordinator), org, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingenting importerades" in html
    assert "Rad 3, kolumn ”K”" in html
    assert "Rad 4, kolumn ”Namn”" in html
    assert "Rad 5, kolumn ”Personuppgifter”: skriv Ja eller Nej" in html
    assert InformationAsset.objects.count() == 0
    assert Classification.objects.count() == 0


@pytest.mark.django_db
def test_formulas_are_refused(as_user, coordinator, org):
    response = upload(
        as_user(coordinator), org, workbook(row(**{"Beskrivning": "=1+1"}))
    )
    assert response.status_code == 400
    assert "formler importeras inte" in response.content.decode()
    assert InformationAsset.objects.count() == 0


@pytest.mark.django_db
def test_wrong_type_corrupt_files_and_wrong_headings_are_refused(
    as_user, coordinator, org
):
    client = as_user(coordinator)
    for data, message in (
        (b"Namn;Beskrivning\nx;y\n", "inte en Excel-arbetsbok"),
        (b"PK\x03\x04 this is not really a zip", "inte en Excel-arbetsbok"),
    ):
        response = upload(client, org, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    response = upload(client, org, damaged.getvalue())
    assert "skadad" in response.content.decode()
    book = Workbook()
    book.active.append(["Fel", "Rubriker"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert (
        "mallens kolumnrubriker"
        in upload(client, org, buffer.getvalue()).content.decode()
    )
    assert InformationAsset.objects.count() == 0


@pytest.mark.django_db
def test_a_zip_bomb_and_external_links_are_refused(as_user, coordinator, org):
    client = as_user(coordinator)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert len(bomb.getvalue()) < importer.MAX_BYTES
    response = upload(client, org, bomb.getvalue())
    assert "zip-bomb" in response.content.decode()

    linked = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook(row()))) as source,
        zipfile.ZipFile(linked, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    response = upload(client, org, linked.getvalue())
    assert "externa länkarna" in response.content.decode()
    assert InformationAsset.objects.count() == 0


@pytest.mark.django_db
def test_too_large_a_file_is_refused(as_user, coordinator, org):
    response = upload(as_user(coordinator), org, b"x" * (importer.MAX_BYTES + 1))
    assert "större än 5 MB" in response.content.decode()


@pytest.mark.django_db
def test_the_template_has_its_headers_and_an_example_on_a_separate_sheet(
    as_user, coordinator, org
):
    """The template's example is never a data row that would be imported: the
    first sheet (the one imported) holds only the headings (issue 17)."""
    client = as_user(coordinator)
    response = client.get(f"/{org.code}/register/informationsmangder/import/mall.xlsx")
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Informationsmängder", "Exempel"]
    first = book.worksheets[0]
    assert [c.value for c in first[1]] == HEADERS
    assert first.max_row == 1
    example = book["Exempel"]
    rows = [[c.value for c in r] for r in example.iter_rows()]
    assert HEADERS in rows
    example_row = rows[rows.index(HEADERS) + 1]
    assert example_row[0] == "Låntagarregister"
    # The template as downloaded imports nothing...
    refused = upload(client, org, response.content)
    assert refused.status_code == 200
    assert "inga rader att importera" in refused.content.decode()
    assert not InformationAsset.objects.exists()
    # ...and the example, copied under the headings, imports.
    first.append(example_row)
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(client, org, buffer.getvalue()).status_code == 302
    assert InformationAsset.objects.filter(name="Låntagarregister").exists()
