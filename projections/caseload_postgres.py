"""The caseload view in PostgreSQL, in the hub's database and schema, prefixed like the library.

The tables are named after the tracking table (``caseload_tracking``): ``caseload_cases`` and
``caseload_entries``. Folios sort with the "C" collation, byte by byte, as on SQLite and in
memory, so that every view pages in the same order whatever the database's locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.utils import retry
from psycopg.rows import DictRow

from domain.access import Level
from projections.case_snapshots import StoredCase
from projections.caseload import CaseloadView
from projections.caseload_rows import CaseloadEntry, CaseloadQuery
from projections.postgres_tables import statements

_TRANSIENT = (InterfaceError, OperationalError)

_CREATE = [
    "CREATE TABLE IF NOT EXISTS {schema}.{cases} ("
    "case_id uuid PRIMARY KEY, version bigint NOT NULL, timestamp timestamptz NOT NULL, "
    "topic text NOT NULL, state bytea NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {schema}.{entries} ("
    'agency text NOT NULL, case_id uuid NOT NULL, folio text COLLATE "C" NOT NULL, '
    "relations text[] NOT NULL, level smallint NOT NULL, is_closed boolean NOT NULL, "
    "is_child boolean NOT NULL, detected_at timestamptz NOT NULL, "
    "last_event_at timestamptz NOT NULL, last_position bigint NOT NULL, "
    "pending_referrals integer NOT NULL, open_handoffs integer NOT NULL, "
    "next_due_at timestamptz, PRIMARY KEY (agency, case_id))",
    "CREATE INDEX IF NOT EXISTS {by_folio} ON {schema}.{entries} (agency, folio DESC)",
    "CREATE INDEX IF NOT EXISTS {by_case} ON {schema}.{entries} (case_id)",
]
_SELECT_CASE = "SELECT version, timestamp, topic, state FROM {schema}.{cases} WHERE case_id = %s"
_UPSERT_CASE = (
    "INSERT INTO {schema}.{cases} VALUES (%s, %s, %s, %s, %s) ON CONFLICT (case_id) DO UPDATE "
    "SET version = EXCLUDED.version, timestamp = EXCLUDED.timestamp, "
    "topic = EXCLUDED.topic, state = EXCLUDED.state"
)
_DELETE_ENTRIES = "DELETE FROM {schema}.{entries} WHERE case_id = ANY (%s)"
_INSERT_ENTRY = (
    "INSERT INTO {schema}.{entries} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_SELECT_ENTRY = "SELECT * FROM {schema}.{entries} WHERE agency = %s AND case_id = %s"
# One statement for every combination of filters: a filter left out is a NULL parameter.
_SELECT_CASELOAD = (
    "SELECT * FROM {schema}.{entries} WHERE agency = %(agency)s "
    "AND (%(closed)s::boolean IS NULL OR is_closed = %(closed)s::boolean) "
    "AND (%(relation)s::text IS NULL OR %(relation)s::text = ANY (relations)) "
    "AND (%(overdue_at)s::timestamptz IS NULL OR next_due_at < %(overdue_at)s::timestamptz) "
    "AND (%(after)s::text IS NULL OR folio < %(after)s::text) "
    "AND (NOT %(owing)s::boolean OR pending_referrals > 0 OR open_handoffs > 0) "
    "AND (%(moved_after)s::timestamptz IS NULL OR last_event_at > %(moved_after)s::timestamptz) "
    "ORDER BY folio DESC LIMIT %(limit)s"
)


class PostgresCaseloadView(PostgresTrackingRecorder, CaseloadView):
    """Cases and caseload rows next to the projection's tracking table."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "caseload_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        tables = {
            "cases": "cases",
            "entries": "entries",
            "by_folio": "entries_by_folio",
            "by_case": "entries_by_case",
        }
        statement = statements(self, tracking_table_name, tables)

        self.sql_create_statements.extend(statement(text) for text in _CREATE)
        self._select_case = statement(_SELECT_CASE)
        self._upsert_case = statement(_UPSERT_CASE)
        self._delete_entries = statement(_DELETE_ENTRIES)
        self._insert_entry = statement(_INSERT_ENTRY)
        self._select_entry = statement(_SELECT_ENTRY)
        self._select_caseload = statement(_SELECT_CASELOAD)

    def close(self) -> None:
        self.datastore.close()

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def stored_case(self, case_id: UUID) -> StoredCase | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_case, (case_id,), prepare=True)
            row = curs.fetchone()
        if row is None:
            return None
        return StoredCase(case_id, row["version"], row["timestamp"], row["topic"], row["state"])

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def replace_cases(
        self, cases: Sequence[tuple[StoredCase, list[CaseloadEntry]]], tracked: Sequence[Tracking]
    ) -> None:
        with self.datastore.transaction(commit=True) as curs:
            # Tracking first: a position already tracked fails before anything is written. With
            # the library's single-row tracking, the first event's tracking refuses a batch that
            # overlaps what is stored and the last one's moves it to the batch's end.
            for tracking in [*tracked[:1], *tracked[1:][-1:]]:
                self._insert_tracking(curs, tracking)
            if not cases:
                return
            curs.executemany(
                self._upsert_case,
                [(c.case_id, c.version, c.timestamp, c.topic, c.state) for c, _ in cases],
            )
            curs.execute(self._delete_entries, ([case.case_id for case, _ in cases],))
            rows = [_params(e) for _, entries in cases for e in entries]
            if rows:
                curs.executemany(self._insert_entry, rows)

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def entry(self, agency: str, case_id: UUID) -> CaseloadEntry | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_entry, (agency, case_id), prepare=True)
            row = curs.fetchone()
        return None if row is None else _entry(row)

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def _select(self, query: CaseloadQuery) -> list[CaseloadEntry]:
        params = {
            "agency": query.agency,
            "closed": query.closed,
            "relation": query.relation,
            "overdue_at": query.overdue_at,
            "after": query.after,
            "limit": query.limit,
            "owing": query.owing,
            "moved_after": query.moved_after,
        }
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_caseload, params, prepare=True)
            return [_entry(row) for row in curs.fetchall()]


def _params(e: CaseloadEntry) -> tuple[object, ...]:
    return (
        e.agency,
        e.case_id,
        e.folio,
        list(e.relations),
        int(e.level),
        e.is_closed,
        e.is_child,
        e.detected_at,
        e.last_event_at,
        e.last_position,
        e.pending_referrals,
        e.open_handoffs,
        e.next_due_at,
    )


def _entry(row: DictRow) -> CaseloadEntry:
    return CaseloadEntry(
        agency=row["agency"],
        case_id=row["case_id"],
        folio=row["folio"],
        relations=tuple(row["relations"]),
        level=Level(row["level"]),
        is_closed=row["is_closed"],
        is_child=row["is_child"],
        detected_at=row["detected_at"],
        last_event_at=row["last_event_at"],
        last_position=row["last_position"],
        pending_referrals=row["pending_referrals"],
        open_handoffs=row["open_handoffs"],
        next_due_at=row["next_due_at"],
    )
