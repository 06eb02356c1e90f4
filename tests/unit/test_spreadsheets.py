"""Exports as CSV and XLSX: the same table, readable, and never a formula."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

from openpyxl import load_workbook

from adapters.spreadsheets import Cell, csv_text, xlsx_bytes

HEADERS = ["Folio", "Regla", "Días de atraso"]
LOCAL = timezone(timedelta(hours=-5))
ROWS: list[list[Cell]] = [
    ["QR-2026-000019", "Niña, niño o adolescente no notificado a la PPNNA", 3],
    ["QR-2026-000020", '=HYPERLINK("http://x")', None],
    ["QR-2026-000021", "-1+2", datetime(2026, 11, 20, 9, 30, tzinfo=LOCAL)],
]


def test_a_csv_export_reads_back_as_the_table_with_accents_intact() -> None:
    text = csv_text(HEADERS, ROWS)
    assert text.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert read[0] == HEADERS
    assert read[1] == ["QR-2026-000019", "Niña, niño o adolescente no notificado a la PPNNA", "3"]
    assert read[3][2] == "2026-11-20T09:30:00-05:00"


def test_no_cell_of_an_export_is_read_as_a_formula() -> None:
    read = list(csv.reader(io.StringIO(csv_text(HEADERS, ROWS).lstrip("\ufeff"))))
    assert read[2][1] == '\'=HYPERLINK("http://x")'
    assert read[2][2] == ""
    assert read[3][1] == "'-1+2"
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Hallazgos", HEADERS, ROWS))).active
    assert sheet is not None
    assert sheet["B3"].value == '\'=HYPERLINK("http://x")'
    assert sheet["B3"].data_type == "s"


def test_an_xlsx_export_holds_the_table_with_numbers_and_times_as_such() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes("Hallazgos", HEADERS, ROWS)))
    sheet = book["Hallazgos"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["C2"].value == 3
    assert sheet["C4"].value == datetime(2026, 11, 20, 9, 30)
    assert sheet.max_row == 4
