"""Lists the API also answers as CSV: when the request's ``Accept`` asks for ``text/csv``.

The table is the one the pages download (``texts/export_tables.py``), headers and labels in the
language of ``Accept-Language``, times in the deployment's zone, written by
``adapters.spreadsheets.csv_text`` (formula cells made inert).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from adapters.spreadsheets import CSV_TYPE, Cell, csv_text
from texts.messages import pick_language

CSV_CONTENT: dict[str, Any] = {
    "text/csv": {
        "schema": {"type": "string"},
        "example": "\ufeffFolio,Regla\r\nQR-2026-000004,…\r\n",
    }
}
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the list; as CSV (UTF-8 with BOM, labels in the language of "
        "Accept-Language) when Accept asks for text/csv",
        "content": CSV_CONTENT,
    }
}


def wants_csv(request: Request) -> bool:
    """Whether ``Accept`` prefers CSV: it names text/csv and not JSON before it."""
    accept = request.headers.get("accept", "").lower()
    if "text/csv" not in accept:
        return False
    json_at = accept.find("application/json")
    return json_at < 0 or accept.find("text/csv") < json_at


def reader_language(request: Request) -> str:
    return pick_language(request.headers.get("accept-language"))


def csv_answer(name: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Response:
    return Response(
        csv_text(headers, rows),
        media_type=CSV_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
