"""The caseload view in an SQLite file of its own (tables are not prefixed on SQLite).

Times are stored as UTC microseconds, so that deadlines compare and sort as numbers; they come
back as UTC datetimes. Every statement is a fixed text built once, with a NULL parameter for a
filter left out, never SQL assembled per call. (The library opens connections with a statement
cache of one, so sqlite3 still compiles them again as they alternate.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from domain.access import Level
from projections.case_snapshots import StoredCase
from projections.caseload import CaseloadView
from projections.caseload_rows import CaseloadEntry, CaseloadQuery

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

_CREATE = [
    "CREATE TABLE IF NOT EXISTS caseload_cases ("
    "case_id TEXT PRIMARY KEY, version INTEGER NOT NULL, timestamp INTEGER NOT NULL, "
    "topic TEXT NOT NULL, state BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS caseload_entries ("
    "agency TEXT NOT NULL, case_id TEXT NOT NULL, folio TEXT NOT NULL, "
    "relations TEXT NOT NULL, level INTEGER NOT NULL, is_closed INTEGER NOT NULL, "
    "is_child INTEGER NOT NULL, detected_at INTEGER NOT NULL, last_event_at INTEGER NOT NULL, "
    "last_position INTEGER NOT NULL, pending_referrals INTEGER NOT NULL, "
    "open_handoffs INTEGER NOT NULL, next_due_at INTEGER, "
    "PRIMARY KEY (agency, case_id)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS caseload_entries_by_folio ON caseload_entries (agency, folio DESC)",
    "CREATE INDEX IF NOT EXISTS caseload_entries_by_case ON caseload_entries (case_id)",
]
_SELECT_CASE = "SELECT version, timestamp, topic, state FROM caseload_cases WHERE case_id = ?"
_UPSERT_CASE = (
    "INSERT INTO caseload_cases VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET "
    "version = excluded.version, timestamp = excluded.timestamp, "
    "topic = excluded.topic, state = excluded.state"
)
_DELETE_ENTRIES = "DELETE FROM caseload_entries WHERE case_id = ?"
_INSERT_ENTRY = "INSERT INTO caseload_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SELECT_ENTRY = "SELECT * FROM caseload_entries WHERE agency = ? AND case_id = ?"
# One statement for every combination of filters: a filter left out is a NULL parameter.
_SELECT_CASELOAD = (
    "SELECT * FROM caseload_entries WHERE agency = :agency "
    "AND (:closed IS NULL OR is_closed = :closed) "
    "AND (:relation IS NULL OR instr(' ' || relations || ' ', ' ' || :relation || ' ') > 0) "
    "AND (:overdue_at IS NULL OR next_due_at < :overdue_at) "
    "AND (:after IS NULL OR folio < :after) "
    "AND (:owing = 0 OR pending_referrals > 0 OR open_handoffs > 0) "
    "AND (:moved_after IS NULL OR last_event_at > :moved_after) "
    "ORDER BY folio DESC LIMIT :limit"
)


class SQLiteCaseloadView(SQLiteTrackingRecorder, CaseloadView):
    """Cases and caseload rows next to the ``tracking`` table, in one SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *_CREATE]

    def close(self) -> None:
        self.datastore.close()

    def stored_case(self, case_id: UUID) -> StoredCase | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_CASE, (case_id.hex,))
            row = c.fetchone()
        if row is None:
            return None
        return StoredCase(case_id, row[0], _time(row[1]), row[2], bytes(row[3]))

    def replace_cases(
        self, cases: Sequence[tuple[StoredCase, list[CaseloadEntry]]], tracked: Sequence[Tracking]
    ) -> None:
        with self.datastore.transaction(commit=True) as c:
            # Tracking first: a position already tracked fails before anything is written. With
            # the library's single-row tracking, the first event's tracking refuses a batch that
            # overlaps what is stored and the last one's moves it to the batch's end.
            for tracking in [*tracked[:1], *tracked[1:][-1:]]:
                self._insert_tracking(c, tracking)
            c.executemany(_UPSERT_CASE, [_case_params(case) for case, _ in cases])
            c.executemany(_DELETE_ENTRIES, [(case.case_id.hex,) for case, _ in cases])
            c.executemany(_INSERT_ENTRY, [_params(e) for _, entries in cases for e in entries])

    def entry(self, agency: str, case_id: UUID) -> CaseloadEntry | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_ENTRY, (agency, case_id.hex))
            row = c.fetchone()
        return None if row is None else _entry(row)

    def _select(self, query: CaseloadQuery) -> list[CaseloadEntry]:
        params = {
            "agency": query.agency,
            "closed": None if query.closed is None else int(query.closed),
            "relation": query.relation,
            "overdue_at": None if query.overdue_at is None else _micros(query.overdue_at),
            "after": query.after,
            "limit": query.limit,
            "owing": int(query.owing),
            "moved_after": None if query.moved_after is None else _micros(query.moved_after),
        }
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_CASELOAD, params)
            return [_entry(row) for row in c.fetchall()]


def _micros(at: datetime) -> int:
    return (at - _EPOCH) // _MICROSECOND


def _time(micros: int) -> datetime:
    return _EPOCH + micros * _MICROSECOND


def _case_params(case: StoredCase) -> tuple[object, ...]:
    return (case.case_id.hex, case.version, _micros(case.timestamp), case.topic, case.state)


def _params(e: CaseloadEntry) -> tuple[object, ...]:
    return (
        e.agency,
        e.case_id.hex,
        e.folio,
        " ".join(e.relations),
        int(e.level),
        int(e.is_closed),
        int(e.is_child),
        _micros(e.detected_at),
        _micros(e.last_event_at),
        e.last_position,
        e.pending_referrals,
        e.open_handoffs,
        None if e.next_due_at is None else _micros(e.next_due_at),
    )


def _entry(row: sqlite3.Row) -> CaseloadEntry:
    return CaseloadEntry(
        agency=row["agency"],
        case_id=UUID(row["case_id"]),
        folio=row["folio"],
        relations=tuple(row["relations"].split()),
        level=Level(row["level"]),
        is_closed=bool(row["is_closed"]),
        is_child=bool(row["is_child"]),
        detected_at=_time(row["detected_at"]),
        last_event_at=_time(row["last_event_at"]),
        last_position=row["last_position"],
        pending_referrals=row["pending_referrals"],
        open_handoffs=row["open_handoffs"],
        next_due_at=None if row["next_due_at"] is None else _time(row["next_due_at"]),
    )
