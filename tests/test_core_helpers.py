"""The shared helpers the apps build their pages on: exports, sorting, history."""

import csv
import io

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from lgsys.exports import export_response, safe_cell
from lgsys.history import object_history
from lgsys.listing import SortColumn, paginate, querystring_without, sort_queryset
from lgsys.models import Membership, Organisation, Role


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 8 508 000 00", "'+46 8 508 000 00"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Utlåning", "Utlåning"),
        (None, ""),
        (True, "Ja"),
        (3, 3),
    ],
)
def test_safe_cell_neutralises_formulas(value, expected):
    assert safe_cell(value) == expected


def test_csv_export_escapes_formulas_and_opens_in_swedish_excel():
    response = export_response(
        fmt="csv",
        filename="tillgangar",
        headers=["Namn", "Ägare"],
        rows=[["=1+1", "Åsa"], ["Lån", None]],
    )
    assert response["Content-Disposition"] == 'attachment; filename="tillgangar.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == [["Namn", "Ägare"], ["'=1+1", "Åsa"], ["Lån", ""]]


def test_xlsx_export_escapes_formulas():
    response = export_response(
        fmt="xlsx", filename="risker", headers=["Risk"], rows=[["=cmd|' /C calc'!A0"]]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Risk"
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"


def test_unknown_export_format_is_refused():
    with pytest.raises(ValueError):
        export_response(fmt="pdf", filename="x", headers=[], rows=[])


@pytest.mark.django_db
def test_sort_and_paginate_keep_other_parameters(org, other_org):
    columns = [
        SortColumn("name", "Namn", ("name",)),
        SortColumn("code", "Kod", ("code",)),
    ]
    request = RequestFactory().get("/", {"sort": "-code", "q": "x", "page": "1"})
    qs, sort = sort_queryset(request, Organisation.objects.all(), columns, "name")
    assert sort == "-code"
    assert [o.code for o in qs] == ["KUL", "IDR"]
    assert querystring_without(request, "sort", "page") == "q=x&"

    bad = RequestFactory().get("/", {"sort": "password", "page": "999"})
    qs, sort = sort_queryset(bad, Organisation.objects.all(), columns, "name")
    assert sort == "name"
    assert paginate(bad, qs, per_page=1).number == 2  # nearest valid page


@pytest.mark.django_db
def test_object_history_shows_who_what_and_labels(coordinator, org):
    membership = Membership.objects.get(user=coordinator)
    membership.role = Role.AUDITOR
    membership._history_user = coordinator
    membership._change_reason = "rollbyte"
    membership.save()
    newest, created = object_history(membership)
    assert created.change_type == "+"
    assert newest.change_type == "~"
    assert newest.user == coordinator
    assert newest.reason == "rollbyte"
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("role", "Informationssäkerhetssamordnare", "Revisor")
    ]
    created_fields = {c.field: c.new for c in created.changes}
    assert created_fields["user"] == coordinator.get_full_name()  # a person by name
