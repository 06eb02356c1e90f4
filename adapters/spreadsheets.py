"""Lists people export, written as CSV or XLSX: the same headers and rows in either format.

A cell that begins like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe, so that opening an export in a spreadsheet never runs
anything (CSV/formula injection). CSV is UTF-8 with a byte-order mark, which spreadsheets need to
read accents right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | datetime | None
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(cell: Cell) -> Cell:
    """``cell``, made inert if a spreadsheet would read it as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA):
        return "'" + cell
    return cell


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The table as CSV text, with its byte-order mark and a header line."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe(h) for h in headers])
    for row in rows:
        writer.writerow(["" if c is None else _text(safe(c)) for c in row])
    return out.getvalue()


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table as an XLSX workbook of one sheet named ``title``; times stay times."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]  # the longest sheet name a spreadsheet accepts
    sheet.append([safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_naive(safe(c)) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell: Cell) -> str:
    return cell.isoformat() if isinstance(cell, datetime) else str(cell)


def _naive(cell: Cell) -> Cell:
    # XLSX has no time zones: a time is written as the local time it was given in.
    return cell.replace(tzinfo=None) if isinstance(cell, datetime) else cell
