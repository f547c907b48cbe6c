"""CSV and XLSX downloads of a list, as filtered, with spreadsheet formula injection
neutralised: a text cell that a spreadsheet would read as a formula (starting with
=, +, -, @, a tab or a carriage return) is prefixed with an apostrophe."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from lgsys.display import moment_or_day

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
XLSX_TIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
# Rows whose widths set the XLSX columns' widths (a write-only sheet writes its
# columns before its first row), and rows per piece of a streamed CSV.
WIDTH_SAMPLE = 200
CSV_BATCH = 500


def safe_cell(value):
    """A value safe for a spreadsheet cell: text never starts a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).replace(tzinfo=None)
            if timezone.is_aware(value)
            else value
        )
    if isinstance(value, int | float | date):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def export_response(
    *, fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """A download of ``rows`` under ``headers`` as ``fmt`` ("csv" or "xlsx").

    ``filename`` is given without extension. CSV is UTF-8 with a BOM and semicolons,
    which is what Excel with Swedish regional settings opens correctly.
    """
    if fmt == "xlsx":
        buffer = io.BytesIO()
        _write_xlsx(buffer, filename, headers, rows)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([str(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_text(safe_cell(v)) for v in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        raise ValueError(f"Unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def streaming_export_response(
    *, fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """:func:`export_response` for a list too long to hold in memory: ``rows``
    (best an iterator that reads the database in batches) is read once, a row
    at a time. A CSV goes out as it is written; an XLSX (a zip, which cannot)
    is written by a write-only workbook to a temporary file, then sent from
    it."""
    if fmt == "xlsx":
        file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        _write_xlsx(file, filename, headers, rows)
        file.seek(0)
        response = FileResponse(file, content_type=XLSX_TYPE)
    elif fmt == "csv":
        response = StreamingHttpResponse(
            _csv_pieces(headers, rows, translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
    else:
        raise ValueError(f"Unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _write_xlsx(file, filename: str, headers: Sequence[str], rows: Iterable) -> None:
    """A write-only workbook (each row goes to disk as it is appended) saved to
    ``file``; the columns are as wide as the headers and the first
    WIDTH_SAMPLE rows need."""
    rows = iter(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    first = [[safe_cell(v) for v in row] for row in islice(rows, WIDTH_SAMPLE)]
    widths = [len(str(h)) for h in headers]
    for cells in first:
        for i, cell in enumerate(cells[: len(widths)]):
            widths[i] = max(widths[i], min(len(str(cell)), 60))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.append([str(h) for h in headers])
    for cells in first:
        sheet.append([_xlsx_cell(sheet, v) for v in cells])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, safe_cell(v)) for v in row])
    workbook.save(file)


def _xlsx_cell(sheet, value):
    """A moment as the pages show it, "2024-03-29 16:00" in local time (safe_cell
    made it local), a day as "2024-03-29": Excel's defaults would add seconds
    or follow the reader's regional settings."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_TIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


def _csv_pieces(headers, rows: Iterable, language: str | None) -> Iterator[str]:
    """The CSV (BOM, headers, rows) in pieces of CSV_BATCH rows, in the
    request's language: the rows are read after the view has returned."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(h) for h in headers])
    yield "\ufeff" + buffer.getvalue()
    rows = iter(rows)
    while True:
        buffer.seek(0)
        buffer.truncate()
        with translation.override(language):
            for row in islice(rows, CSV_BATCH):
                writer.writerow([_csv_text(safe_cell(v)) for v in row])
        if not buffer.tell():
            return
        yield buffer.getvalue()


def _csv_text(value) -> str:
    shown = moment_or_day(value)
    return str(value) if shown is None else shown
