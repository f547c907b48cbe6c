"""Import of the asset register with classifications from an XLSX file.

All or nothing: every row is checked first, and nothing is saved when any row is
wrong; each error names its row and column. The file itself is checked before
openpyxl reads it: size, that it is an XLSX (a zip) at all, a zip bomb's
compression, external links; formulas in cells are refused.

Each sheet's size is checked before any cell is built: the size it declares
(its <dimension>), then the rows and cells it really has, counted as its XML
streams past (a declared size may be missing or lie), stopping at the first one
over the limit. Only then does openpyxl read the first sheet, a row at a time
(read-only), at most MAX_ROWS rows of the template's columns.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string

from classification import services
from classification.models import AssetStatus, Classification, InformationAsset

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 5000
# The template has 17 columns; a few of the user's own beside them are fine.
MAX_COLUMNS = 100
CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")

# (header, field, kind); kind: text, bool, status, date, level
COLUMNS = [
    ("Namn", "name", "text"),
    ("Beskrivning", "description", "text"),
    ("Processkod", "process_code", "text"),
    ("Process", "process_name", "text"),
    ("Informationsägare (roll)", "owner_title", "text"),
    ("Systemägare", "system_owner", "text"),
    ("Personuppgifter", "personal_data", "bool"),
    ("Känsliga personuppgifter", "sensitive_personal_data", "bool"),
    ("Sekretess (OSL)", "secrecy", "bool"),
    ("Prioriterad", "prioritised", "bool"),
    ("Status", "status", "status"),
    ("Klassad datum", "classified_on", "date"),
    ("K", "k", "level"),
    ("R", "r", "level"),
    ("T", "t", "level"),
    ("S", "s", "level"),
    ("Nästa översyn", "next_review", "date"),
]
ASSET_FIELDS = {f for _h, f, _k in COLUMNS[:11]}
YES = {"ja", "j", "x", "1", "true", "yes"}
NO = {"nej", "n", "", "0", "false", "no"}


# What a column takes, under the example (the template's sheets are Swedish).
_COLUMN_NOTES = {
    "bool": "Ja eller Nej",
    "status": "inventerad, klassad, handlingsplan eller atgardad",
    "date": "ÅÅÅÅ-MM-DD",
    "level": "en nivå i organisationens skala, t.ex. 0–4",
}


class ImportRefused(Exception):
    """The file as a whole cannot be read; nothing was saved."""


@dataclass
class ImportResult:
    assets: int
    classifications: int


TEMPLATE_SHEET = "Informationsmängder"
EXAMPLE_SHEET = "Exempel"


def template_workbook() -> bytes:
    """The import's template: the first sheet (the one imported) holds only the
    headers, so nothing in it is imported until the user writes rows; a filled
    example row and what each column takes are on a sheet of their own."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    headers = [h for h, _f, _k in COLUMNS]
    sheet.append(headers)
    sheet.freeze_panes = "A2"
    example = workbook.create_sheet(EXAMPLE_SHEET)
    example.append(
        [
            "Exempel – bara första bladet, "
            f"{TEMPLATE_SHEET}, importeras. Skriv raderna där."
        ]
    )
    example.append(headers)
    example.append(
        [
            "Låntagarregister",
            "Uppgifter om bibliotekens låntagare",
            "3.2.1",
            "Utlåning",
            "Biblioteksdirektör",
            "Systemförvaltare bibliotekssystemet",
            "Ja",
            "Nej",
            "Ja",
            "Ja",
            "klassad",
            "2023-10-02",
            3,
            2,
            2,
            None,
            "2024-10-01",
        ]
    )
    example.append([_COLUMN_NOTES.get(kind, "") for _h, _f, kind in COLUMNS])
    for page in (sheet, example):
        for column in page.iter_cols(max_col=len(COLUMNS), max_row=1):
            page.column_dimensions[column[0].column_letter].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _check_container(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 5 MB."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(
            _(
                "The file is not an Excel workbook (.xlsx). Save it as .xlsx and try "
                "again."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as broken:
        raise ImportRefused(_("The file is damaged and cannot be read.")) from broken
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or any(
        i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos
    ):
        raise ImportRefused(
            _(
                "The file unpacks to far more data than a register holds; "
                "it is refused as a possible zip bomb."
            )
        )
    if any(i.filename.startswith("xl/externalLinks/") for i in infos):
        raise ImportRefused(
            _(
                "The workbook has links to other files. Remove the external links and "
                "save it again."
            )
        )


def _cell_error(row: int, header: str, message: str) -> str:
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": row,
        "column": header,
        "message": message,
    }


def _convert(kind: str, value, levels: set[int]):
    if kind == "text":
        return "" if value is None else str(value).strip()
    if kind == "bool":
        text = "" if value is None else str(value).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("write Ja or Nej"))
    if kind == "status":
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return AssetStatus.INVENTORIED
        for code, label in AssetStatus.choices:
            if text in (code, str(label).lower()):
                return code
        raise ValueError(
            _("one of %(values)s") % {"values": ", ".join(AssetStatus.values)}
        )
    if kind == "date":
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError as bad:
            raise ValueError(_("a date as YYYY-MM-DD")) from bad
    if kind == "level":
        if value in (None, ""):
            return None
        try:
            number = int(str(value).strip())
        except ValueError as bad:
            raise ValueError(_("a level on the scale")) from bad
        if number not in levels:
            raise ValueError(
                _("a level on the scale (%(levels)s)")
                % {"levels": ", ".join(str(v) for v in sorted(levels))}
            )
        return number
    raise AssertionError(kind)


def _sheet_parts(data: bytes) -> list[tuple[str, str]]:
    """(name, part in the zip) of every worksheet openpyxl will open, found the
    way it finds them."""
    reader = ExcelReader(io.BytesIO(data), read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        return [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
    finally:
        reader.archive.close()


def _too_large(sheet: str, *, rows: int = 0, columns: int = 0) -> ImportRefused | None:
    if rows > MAX_ROWS + 1:  # the headings' row besides MAX_ROWS rows
        return ImportRefused(
            _(
                "The sheet “%(sheet)s” has more than %(max)s rows: at most %(max)s "
                "rows can be imported at once."
            )
            % {"sheet": sheet, "max": MAX_ROWS}
        )
    if columns > MAX_COLUMNS:
        return ImportRefused(
            _(
                "The sheet “%(sheet)s” is wider than %(max)s columns. Keep to the "
                "template's columns."
            )
            % {"sheet": sheet, "max": MAX_COLUMNS}
        )
    return None


def _check_sheet_size(source, sheet: str) -> None:
    """Refuse a sheet over the limits, reading its XML as a stream without
    building anything: first the size it declares (its <dimension>, which comes
    before the cells), then its rows and cells as they pass, up to the first one
    over the limit, since a declared size may be missing or lie. openpyxl, by
    contrast, builds a whole row with all its cells at a time. A DTD is refused:
    no XLSX has one, and its entities could make a small file large."""
    row = column = 0

    def position(ref: str) -> tuple[int, int] | None:
        match = CELL_REF.fullmatch(ref)
        if not match:
            return None
        return int(match[2]), column_index_from_string(match[1].upper())

    def start(name, attrs):
        nonlocal row, column
        tag = name.rpartition(" ")[2]
        if tag == "dimension":
            declared = position(attrs.get("ref", "").rpartition(":")[2])
            problem = declared and _too_large(
                sheet, rows=declared[0], columns=declared[1]
            )
        elif tag == "row":
            number = attrs.get("r", "")
            row = int(number) if number.isascii() and number.isdigit() else row + 1
            column = 0
            problem = _too_large(sheet, rows=row)
        elif tag == "c":
            found = position(attrs.get("r", ""))
            if found:
                row, column = max(row, found[0]), found[1]
            else:
                column += 1
            problem = _too_large(sheet, rows=row, columns=column)
        else:
            return
        if problem:
            raise problem

    def doctype(*_args):
        raise ImportRefused(_("The file is damaged and cannot be read."))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as broken:
        raise ImportRefused(_("The file is damaged and cannot be read.")) from broken


def _read_rows(data: bytes) -> list[tuple[int, tuple]]:
    """(row number, cells of the template's columns) of the first sheet; every
    sheet's size is checked before openpyxl opens it."""
    try:
        parts = _sheet_parts(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet, part in parts:
                with archive.open(part) as source:
                    _check_sheet_size(source, sheet)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportRefused:
        raise
    except Exception as broken:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused(_("The file is damaged and cannot be read.")) from broken
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        rows = []
        # Bounded again, whatever the check above could have missed: reading
        # stops at the first row past the limit.
        cells = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=len(COLUMNS))
        for number, row in enumerate(cells, start=1):
            if problem := _too_large(sheet.title, rows=number):
                raise problem
            rows.append((number, row))
        return rows
    except ImportRefused:
        raise
    except Exception as broken:
        raise ImportRefused(_("The file is damaged and cannot be read.")) from broken
    finally:
        workbook.close()


def import_assets(*, organisation, data: bytes, by) -> ImportResult:
    """Read and save; raises ImportRefused, or ValidationError with every row's
    errors (and saves nothing) when any row is wrong."""
    from classification.models import ScaleLevel

    _check_container(data)
    rows = _read_rows(data)
    if not rows:
        raise ImportRefused(_("The workbook is empty."))
    headers = [str(c.value or "").strip() for c in rows[0][1]]
    expected = [h for h, _f, _k in COLUMNS]
    if headers[: len(expected)] != expected:
        raise ImportRefused(
            _(
                "The first row must have the template's column headings, in order: "
                "%(headers)s. Download the template."
            )
            % {"headers": ", ".join(expected)}
        )
    levels = set(
        ScaleLevel.objects.filter(
            organisation=organisation, kind=ScaleLevel.Kind.CLASSIFICATION
        ).values_list("value", flat=True)
    )
    errors: list[str] = []
    planned = []
    for number, row in rows[1:]:
        cells = list(row) + [None] * (len(COLUMNS) - len(row))
        if all(c is None or c.value in (None, "") for c in cells[: len(COLUMNS)]):
            continue
        values, row_errors = {}, []
        for (header, field, kind), cell in zip(COLUMNS, cells, strict=False):
            value = cell.value if cell is not None else None
            if cell is not None and cell.data_type == "f":
                row_errors.append(
                    _cell_error(
                        number, header, _("formulas are not imported; write the value")
                    )
                )
                continue
            try:
                values[field] = _convert(kind, value, levels)
            except ValueError as bad:
                row_errors.append(_cell_error(number, header, str(bad)))
        if not row_errors:
            asset = InformationAsset(
                organisation=organisation,
                **{k: v for k, v in values.items() if k in ASSET_FIELDS},
            )
            levels_given = [values[k] for k in ("k", "r", "t")]
            classification = None
            if any(v is not None for v in levels_given):
                classification = Classification(
                    organisation=organisation,
                    asset=asset,
                    classified_on=values["classified_on"] or timezone.localdate(),
                    k=values["k"],
                    r=values["r"],
                    t=values["t"],
                    s=values["s"],
                    next_review=values["next_review"],
                    classified_by=by,
                )
            for obj, exclude in ((asset, []), (classification, ["asset"])):
                if obj is None:
                    continue
                try:
                    obj.full_clean(exclude=exclude)
                except ValidationError as invalid:
                    for field, messages in invalid.message_dict.items():
                        header = next((h for h, f, _k in COLUMNS if f == field), field)
                        for message in messages:
                            row_errors.append(_cell_error(number, header, message))
            planned.append((asset, classification))
        errors += row_errors
    if errors:
        raise ValidationError(errors)
    if not planned:
        raise ImportRefused(_("The workbook has no rows to import."))
    services.import_rows(rows=planned, by=by)
    return ImportResult(
        assets=len(planned), classifications=sum(1 for _a, c in planned if c)
    )
