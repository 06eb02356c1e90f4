"""Where the Kafka relay keeps its place in the log, and its status for health checks.

The relay's tracking is the library's tracking table (``SQLiteTrackingRecorder`` in
``<data dir>/relay.db``, ``PostgresTrackingRecorder`` as ``relay_tracking`` in the hub's schema):
the last position the broker has acknowledged. Beside it, one status row that the running relay
rewrites every heartbeat: whether it can reach the broker, how far it has published, where the log
ends, and when it last wrote the row. ``ruta relay status`` reads that row from another process
(the health check of ``docker-compose.yml``): a relay whose row is older than a few heartbeats
is not running, so it is not ready either. The row holds positions, times and an error class
name, never an event's content.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, TrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment

from adapters.data_dir import open_private_dir
from adapters.view_settings import POSTGRES, view_env
from projections.postgres_tables import statements

RELAY = "Relay"  # the projection's name: RELAY_ settings, relay.db, relay_ tables
STALE_AFTER = timedelta(seconds=15)  # a status row older than this: the relay is not running
STOPPED = "stopped"  # the problem of the row a relay writes as it stops

_SQLITE_CREATE = (
    "CREATE TABLE IF NOT EXISTS relay_status (name TEXT PRIMARY KEY, ready INTEGER NOT NULL, "
    "position INTEGER NOT NULL, head INTEGER NOT NULL, beat_at TEXT NOT NULL, problem TEXT)"
)
_SQLITE_UPSERT = (
    "INSERT INTO relay_status VALUES ('relay', ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
    "ready = excluded.ready, position = excluded.position, head = excluded.head, "
    "beat_at = excluded.beat_at, problem = excluded.problem"
)
_SQLITE_SELECT = "SELECT ready, position, head, beat_at, problem FROM relay_status"
_PG_CREATE = (
    "CREATE TABLE IF NOT EXISTS {schema}.{status} (name text PRIMARY KEY, ready boolean NOT NULL, "
    "position bigint NOT NULL, head bigint NOT NULL, beat_at timestamptz NOT NULL, problem text)"
)
_PG_UPSERT = (
    "INSERT INTO {schema}.{status} VALUES ('relay', %s, %s, %s, %s, %s) ON CONFLICT (name) "
    "DO UPDATE SET ready = excluded.ready, position = excluded.position, head = excluded.head, "
    "beat_at = excluded.beat_at, problem = excluded.problem"
)
_PG_SELECT = "SELECT ready, position, head, beat_at, problem FROM {schema}.{status}"


@dataclass(frozen=True)
class RelayStatus:
    """What the relay last said of itself."""

    ready: bool  # the broker acknowledged the last batch, or answered the last probe
    position: int  # the last log position the broker has acknowledged
    head: int  # the log's last position when the row was written
    beat_at: datetime  # when the row was written (UTC)
    problem: str | None = None  # the class name of the last broker error, while not ready

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)

    def is_running(self, now: datetime | None = None) -> bool:
        """Written recently enough, and not as it stopped: a relay is running."""
        fresh = (now or datetime.now(UTC)) - self.beat_at <= STALE_AFTER
        return fresh and self.problem != STOPPED


class RelayTracking(TrackingRecorder, ABC):
    """The relay's tracking records and its status row."""

    @abstractmethod
    def record_status(self, status: RelayStatus) -> None:
        """Replace the status row."""

    @abstractmethod
    def status(self) -> RelayStatus | None:
        """The status row, or None if no relay has written one."""

    def close(self) -> None:
        """Release the connections."""


class SQLiteRelayTracking(SQLiteTrackingRecorder, RelayTracking):
    """In ``relay.db``, an SQLite file of its own."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), _SQLITE_CREATE]

    def record_status(self, status: RelayStatus) -> None:
        row = (int(status.ready), status.position, status.head, status.beat_at.isoformat())
        with self.datastore.transaction(commit=True) as c:
            c.execute(_SQLITE_UPSERT, (*row, status.problem))

    def status(self) -> RelayStatus | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SQLITE_SELECT)
            row = c.fetchone()
        if row is None:
            return None
        ready, position, head, beat_at, problem = tuple(row)
        return RelayStatus(
            bool(ready), int(position), int(head), datetime.fromisoformat(beat_at), problem
        )

    def close(self) -> None:
        self.datastore.close()


class PostgresRelayTracking(PostgresTrackingRecorder, RelayTracking):
    """In the hub's schema: ``relay_tracking`` and ``relay_status``."""

    def __init__(
        self, datastore: PostgresDatastore, *, tracking_table_name: str = "relay_tracking"
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name)
        statement = statements(self, tracking_table_name, {"status": "status"})
        self.sql_create_statements.append(statement(_PG_CREATE))
        self._upsert = statement(_PG_UPSERT)
        self._select = statement(_PG_SELECT)

    def record_status(self, status: RelayStatus) -> None:
        row = (status.ready, status.position, status.head, status.beat_at, status.problem)
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._upsert, row, prepare=True)

    def status(self) -> RelayStatus | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select, prepare=True)
            row = curs.fetchone()
        if row is None:
            return None
        return RelayStatus(
            bool(row["ready"]),
            int(row["position"]),
            int(row["head"]),
            row["beat_at"].astimezone(UTC),
            row["problem"],
        )

    def close(self) -> None:
        self.datastore.close()


def relay_env(store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    """The relay's settings: the hub's store, and its tracking under ``RELAY_`` (on SQLite, the
    file ``<data_dir>/relay.db``)."""
    return view_env(RELAY, store_env, data_dir)


def open_tracking(store_env: dict[str, str], data_dir: Path | None) -> RelayTracking:
    """The relay's tracking and status, opened (and created if missing)."""
    env = relay_env(store_env, data_dir)
    if data_dir is not None and env["PERSISTENCE_MODULE"] != POSTGRES:
        open_private_dir(data_dir)
    cls: type[Any] = (
        PostgresRelayTracking if env["PERSISTENCE_MODULE"] == POSTGRES else SQLiteRelayTracking
    )
    factory = InfrastructureFactory[Any].construct(env=Environment(RELAY, env))
    tracking: RelayTracking = factory.tracking_recorder(cls)
    return tracking
