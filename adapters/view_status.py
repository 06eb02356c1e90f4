"""Each kept view's status row, for health checks: how far it has read the log, and when.

The process that keeps a view (``ruta project run``, or ``ruta serve`` keeping its views itself)
rewrites the view's status row every heartbeat (``adapters.view_heartbeat``): the view's position,
the log's head, when the view last held everything stored, and when the row was written. The row
lives beside the view, in its own store: a table ``view_status`` in the view's SQLite file, or
``<view>_status`` in the hub's PostgreSQL schema, as the relay's status row does
(``adapters.relay_tracking``). ``ruta project status`` reads it from another process (the health
check of ``docker-compose.yml``). The row holds positions, times and an error class name, never
an event's content.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.postgres import PostgresDatastore

from adapters.relay_tracking import STALE_AFTER, STOPPED
from projections.postgres_tables import statements

__all__ = ["STOPPED", "StatusTable", "ViewStatus", "status_table"]

_SQLITE_CREATE = (
    "CREATE TABLE IF NOT EXISTS view_status (name TEXT PRIMARY KEY, position INTEGER NOT NULL, "
    "head INTEGER NOT NULL, beat_at TEXT NOT NULL, caught_up_at TEXT NOT NULL, problem TEXT)"
)
_SQLITE_UPSERT = (
    "INSERT INTO view_status VALUES ('view', ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
    "position = excluded.position, head = excluded.head, beat_at = excluded.beat_at, "
    "caught_up_at = excluded.caught_up_at, problem = excluded.problem"
)
_SQLITE_SELECT = "SELECT position, head, beat_at, caught_up_at, problem FROM view_status"
_PG_CREATE = (
    "CREATE TABLE IF NOT EXISTS {schema}.{status} (name text PRIMARY KEY, position bigint NOT "
    "NULL, head bigint NOT NULL, beat_at timestamptz NOT NULL, caught_up_at timestamptz NOT NULL, "
    "problem text)"
)
_PG_UPSERT = (
    "INSERT INTO {schema}.{status} VALUES ('view', %s, %s, %s, %s, %s) ON CONFLICT (name) "
    "DO UPDATE SET position = excluded.position, head = excluded.head, "
    "beat_at = excluded.beat_at, caught_up_at = excluded.caught_up_at, problem = excluded.problem"
)
_PG_SELECT = "SELECT position, head, beat_at, caught_up_at, problem FROM {schema}.{status}"


@dataclass(frozen=True)
class ViewStatus:
    """What a view's keeper last said of it."""

    position: int  # the last log position the view has processed
    head: int  # the log's last position when the row was written
    beat_at: datetime  # when the row was written (UTC)
    # Since when the view has held every record stored until then (or since its keeper started,
    # if it has not held them all since): the view is that old.
    caught_up_at: datetime
    problem: str | None = None  # ``STOPPED`` as its keeper stops, or the error that stopped it

    @property
    def lag(self) -> int:
        """Records stored that the view had not processed when the row was written."""
        return max(self.head - self.position, 0)

    def behind(self, now: datetime | None = None) -> float:
        """Seconds since the view last held the whole log (0 when it does)."""
        if self.lag == 0:
            return 0.0
        return max(((now or datetime.now(UTC)) - self.caught_up_at).total_seconds(), 0.0)

    def is_running(self, now: datetime | None = None) -> bool:
        """Written recently enough, by a keeper that neither stopped nor failed."""
        fresh = (now or datetime.now(UTC)) - self.beat_at <= STALE_AFTER
        return fresh and self.problem is None


class StatusTable(ABC):
    """A view's status row, in the view's own store."""

    @abstractmethod
    def record(self, status: ViewStatus) -> None:
        """Replace the row."""

    @abstractmethod
    def read(self) -> ViewStatus | None:
        """The row, or None if no keeper has written one."""


class SQLiteStatusTable(StatusTable):
    """``view_status`` in the view's SQLite file."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        with datastore.transaction(commit=True) as c:
            c.execute(_SQLITE_CREATE)

    def record(self, status: ViewStatus) -> None:
        row = (status.position, status.head, status.beat_at.isoformat())
        with self.datastore.transaction(commit=True) as c:
            c.execute(_SQLITE_UPSERT, (*row, status.caught_up_at.isoformat(), status.problem))

    def read(self) -> ViewStatus | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SQLITE_SELECT)
            row = c.fetchone()
        if row is None:
            return None
        position, head, beat_at, caught_up_at, problem = tuple(row)
        return ViewStatus(
            int(position),
            int(head),
            datetime.fromisoformat(beat_at),
            datetime.fromisoformat(caught_up_at),
            problem,
        )


class PostgresStatusTable(StatusTable):
    """``<view>_status`` in the hub's schema, beside the view's other tables."""

    def __init__(self, view: Any) -> None:
        self.datastore: PostgresDatastore = view.datastore
        statement = statements(view, view.tracking_table_name, {"status": "status"})
        self._upsert = statement(_PG_UPSERT)
        self._select = statement(_PG_SELECT)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(statement(_PG_CREATE))

    def record(self, status: ViewStatus) -> None:
        row = (status.position, status.head, status.beat_at, status.caught_up_at, status.problem)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._upsert, row, prepare=True)

    def read(self) -> ViewStatus | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select, prepare=True)
            row = curs.fetchone()
        if row is None:
            return None
        return ViewStatus(
            int(row["position"]),
            int(row["head"]),
            row["beat_at"].astimezone(UTC),
            row["caught_up_at"].astimezone(UTC),
            row["problem"],
        )


def status_table(view: Any) -> StatusTable:
    """The status row of ``view`` (a view's tracking recorder), its table made if missing."""
    if isinstance(view.datastore, PostgresDatastore):
        return PostgresStatusTable(view)
    return SQLiteStatusTable(view.datastore)
