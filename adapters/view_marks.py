"""Views built under another catalogue's agency codes are emptied and built again from the log.

A view's rows name agencies by code. When the catalogue renames an agency (``formerly``), the
hub reads stored events under the new code, but a view built before the rename still holds
rows under the old one. Each view keeps the mark of the renames it was built with (a file beside
the view on SQLite, a row of ``view_marks`` on PostgreSQL); a view whose mark differs is emptied
(its tables and its tracking) before its runner starts, so that the runner builds it again from
the first event, as for a new view. Views are derived data: nothing is lost, and until the view
catches up, reads that wait for a position answer 503 as at any first start.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from domain.agencies import AgencyCatalogue

_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS\s+([\w.\"]+)\s*\(", re.IGNORECASE)
_MARKS = "view_marks"


def renames_mark(catalogue: AgencyCatalogue) -> str:
    """What a view built under ``catalogue`` must have been built with: its renames."""
    return ",".join(f"{old}={new}" for old, new in sorted(catalogue.renamed.items()))


def tables_of(view: Any, cursor: Any) -> list[str]:
    """The tables the view creates (its own and its tracking table), as it names them: its
    statements are text on SQLite, composed with a connection's quoting on PostgreSQL."""
    if _on_postgres(view):
        texts = [s.as_string(cursor.connection) for s in view.sql_create_statements]
    else:
        texts = view.construct_create_table_statements()
    return [m.group(1) for text in texts if (m := _TABLE.search(text))]


def rebuild_if_renamed(view: Any, mark: str, sqlite_mark: Path | None) -> bool:
    """Empty ``view`` if it was built under other renames than ``mark``; whether it was emptied.

    ``sqlite_mark`` is the mark's file for a view on SQLite; None on PostgreSQL, where the mark
    is a row of ``view_marks`` in the view's schema."""
    stored = _read(view, sqlite_mark)
    if stored == mark:
        return False
    with view.datastore.transaction(commit=True) as cursor:
        for table in tables_of(view, cursor):
            if table.split(".")[-1].strip('"') == _tracking_table(view):
                # The library's own row, which says the table's format, stays: without it the
                # next start would take the table for an older format and migrate it.
                keep = view.table_migration_identifier
                where = (
                    "WHERE application_name <> %s"
                    if _on_postgres(view)
                    else "WHERE application_name <> ?"
                )
                cursor.execute(f"DELETE FROM {table} {where}", (keep,))  # noqa: S608
            else:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (names from the view's own DDL)
    _write(view, sqlite_mark, mark)
    return True


def _read(view: Any, sqlite_mark: Path | None) -> str:
    if sqlite_mark is not None:
        # No file: a view built before marks existed, with no renames, or a new view.
        return sqlite_mark.read_text(encoding="utf-8") if sqlite_mark.exists() else ""
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {_schema(view)}.{_MARKS} "
            "(view text PRIMARY KEY, mark text NOT NULL)"
        )
        select = f"SELECT mark FROM {_schema(view)}.{_MARKS} WHERE view = %s"  # noqa: S608
        cursor.execute(select, (_name(view),))
        row = cursor.fetchone()
    return "" if row is None else str(row["mark"] if isinstance(row, dict) else row[0])


def _write(view: Any, sqlite_mark: Path | None, mark: str) -> None:
    if sqlite_mark is not None:
        sqlite_mark.write_text(mark, encoding="utf-8")
        return
    with view.datastore.transaction(commit=True) as cursor:
        upsert = (
            f"INSERT INTO {_schema(view)}.{_MARKS} (view, mark) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (view) DO UPDATE SET mark = excluded.mark"
        )
        cursor.execute(upsert, (_name(view), mark))


def _tracking_table(view: Any) -> str:
    # On SQLite every view's file has one table named ``tracking``.
    return str(getattr(view, "tracking_table_name", "tracking"))


def _on_postgres(view: Any) -> bool:
    return hasattr(view, "sql_create_statements")


def _schema(view: Any) -> str:
    return str(view.datastore.schema or "public")


def _name(view: Any) -> str:
    return _tracking_table(view)
