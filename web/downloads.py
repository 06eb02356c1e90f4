"""A page's list as a download: CSV or XLSX of the same headers and rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from fastapi.responses import Response

from adapters.spreadsheets import CSV_TYPE, XLSX_TYPE, Cell, csv_text, xlsx_bytes

Format = Literal["csv", "xlsx"]


def download(
    name: str, title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], fmt: Format
) -> Response:
    """The file ``name.csv`` or ``name.xlsx`` (its sheet called ``title``), as an attachment."""
    if fmt == "xlsx":
        body: bytes | str = xlsx_bytes(title, headers, rows)
        media = XLSX_TYPE
    else:
        body, media = csv_text(headers, rows), CSV_TYPE
    disposition = f'attachment; filename="{name}.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
