"""Import of the asset register with classifications from an XLSX file.

All or nothing: every row is checked first, and nothing is saved when any row is
wrong; each error names its row and column. The file itself is checked before
openpyxl reads it: size, that it is an XLSX (a zip) at all, a zip bomb's
compression, external links; formulas in cells are refused.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from classification.models import AssetStatus, Classification, InformationAsset

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 5000

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


class ImportRefused(Exception):
    """The file as a whole cannot be read; nothing was saved."""


@dataclass
class ImportResult:
    assets: int
    classifications: int


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Informationsmängder"
    sheet.append([h for h, _f, _k in COLUMNS])
    sheet.append(
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
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 22
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


def import_assets(*, organisation, data: bytes, by) -> ImportResult:
    """Read and save; raises ImportRefused, or ValidationError with every row's
    errors (and saves nothing) when any row is wrong."""
    from classification.models import ScaleLevel

    _check_container(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception as broken:  # openpyxl raises many kinds on a damaged file
        raise ImportRefused(_("The file is damaged and cannot be read.")) from broken
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows())
    if not rows:
        raise ImportRefused(_("The workbook is empty."))
    headers = [str(c.value or "").strip() for c in rows[0]]
    expected = [h for h, _f, _k in COLUMNS]
    if headers[: len(expected)] != expected:
        raise ImportRefused(
            _(
                "The first row must have the template's column headings, in order: "
                "%(headers)s. Download the template."
            )
            % {"headers": ", ".join(expected)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused(
            _("At most %(max)s rows can be imported at once.") % {"max": MAX_ROWS}
        )
    levels = set(
        ScaleLevel.objects.filter(
            organisation=organisation, kind=ScaleLevel.Kind.CLASSIFICATION
        ).values_list("value", flat=True)
    )
    errors: list[str] = []
    planned = []
    for row in rows[1:]:
        number = row[0].row
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
    with transaction.atomic():
        for asset, classification in planned:
            asset._history_user, asset._change_reason = by, _("imported")
            asset.save()
            if classification is not None:
                classification.asset = asset
                classification._history_user = by
                classification._change_reason = _("imported")
                classification.save()
    return ImportResult(
        assets=len(planned), classifications=sum(1 for _a, c in planned if c)
    )
