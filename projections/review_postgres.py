"""The review view in PostgreSQL, in the hub's database and schema, prefixed like the library.

The tables are named after the tracking table (``review_tracking``): ``review_cases`` and
``review_findings``. Codes sort with the "C" collation, byte by byte, as on SQLite and in memory,
so that every view pages in the same order whatever the database's locale. A finding without a
subject has the subject "" (not NULL), so that the page order compares as a row value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.utils import retry
from psycopg.rows import DictRow

from domain.review_rules import Finding
from projections.postgres_tables import statements
from projections.review import REQUEST_RULE, ReviewView
from projections.review_query import FindingQuery, FindingRow, from_micros

_TRANSIENT = (InterfaceError, OperationalError)

_CREATE = [
    "CREATE TABLE IF NOT EXISTS {schema}.{cases} ("
    "case_id uuid PRIMARY KEY, version bigint NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {schema}.{findings} ("
    'case_id uuid NOT NULL, since timestamptz NOT NULL, rule text COLLATE "C" NOT NULL, '
    'subject text COLLATE "C" NOT NULL, agency text COLLATE "C" NOT NULL, n integer NOT NULL, '
    "severity text NOT NULL, resolved_at timestamptz, "
    "PRIMARY KEY (case_id, since, rule, subject, agency, n))",
    "CREATE INDEX IF NOT EXISTS {in_order} "
    "ON {schema}.{findings} (since, case_id, rule, subject, agency, n)",
    "CREATE INDEX IF NOT EXISTS {by_agency} ON {schema}.{findings} (agency, since)",
]
_SELECT_VERSION = "SELECT version FROM {schema}.{cases} WHERE case_id = %s"
_UPSERT_VERSION = (
    "INSERT INTO {schema}.{cases} VALUES (%s, %s) "
    "ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version"
)
# A case's own rows; the rows its ARCO requests raised stay (``REQUEST_RULE``).
_DELETE_FINDINGS = "DELETE FROM {schema}.{findings} WHERE case_id = %s AND rule <> %s"
_DELETE_REQUEST_FINDINGS = (
    "DELETE FROM {schema}.{findings} WHERE case_id = %s AND subject = %s AND rule = %s"
)
_INSERT_FINDING = "INSERT INTO {schema}.{findings} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
# One statement for every combination of filters: a filter left out is a NULL parameter.
_SELECT_FINDINGS = (
    "SELECT * FROM {schema}.{findings} WHERE since <= %(at)s::timestamptz "
    "AND (%(state)s::text != 'open' OR resolved_at IS NULL "
    "OR resolved_at > %(at)s::timestamptz) "
    "AND (%(state)s::text != 'resolved' OR resolved_at <= %(at)s::timestamptz) "
    "AND (%(agency)s::text IS NULL OR agency = %(agency)s::text) "
    "AND (%(rule)s::text IS NULL OR rule = %(rule)s::text) "
    "AND (%(severity)s::text IS NULL OR severity = %(severity)s::text) "
    "AND (%(since_from)s::timestamptz IS NULL OR since >= %(since_from)s::timestamptz) "
    "AND (%(since_to)s::timestamptz IS NULL OR since < %(since_to)s::timestamptz) "
    "AND (%(case_id)s::uuid IS NULL OR case_id = %(case_id)s::uuid) "
    "AND (%(after_since)s::timestamptz IS NULL OR (since, case_id, rule, subject, agency, n) > ("
    "%(after_since)s::timestamptz, %(after_case)s::uuid, %(after_rule)s::text, "
    "%(after_subject)s::text, %(after_agency)s::text, %(after_n)s::integer)) "
    "ORDER BY since, case_id, rule, subject, agency, n LIMIT %(limit)s"
)


# The same filters, every page at once: the cursor's parameters are left NULL.
_COUNT_FINDINGS = (
    "SELECT COUNT(*) AS n" + _SELECT_FINDINGS.removeprefix("SELECT *").split(" ORDER BY")[0]
)


class PostgresReviewView(PostgresTrackingRecorder, ReviewView):
    """Findings next to the projection's tracking table."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "review_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        tables = {
            "cases": "cases",
            "findings": "findings",
            "in_order": "findings_in_order",
            "by_agency": "findings_by_agency",
        }
        statement = statements(self, tracking_table_name, tables)

        self.sql_create_statements.extend(statement(text) for text in _CREATE)
        self._select_version = statement(_SELECT_VERSION)
        self._upsert_version = statement(_UPSERT_VERSION)
        self._delete_findings = statement(_DELETE_FINDINGS)
        self._delete_request_findings = statement(_DELETE_REQUEST_FINDINGS)
        self._insert_finding = statement(_INSERT_FINDING)
        self._select_findings = statement(_SELECT_FINDINGS)
        self._count_findings = statement(_COUNT_FINDINGS)

    def close(self) -> None:
        self.datastore.close()

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def case_version(self, case_id: UUID) -> int | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_version, (case_id,), prepare=True)
            row = curs.fetchone()
        return None if row is None else int(row["version"])

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def replace_findings(
        self,
        case_id: UUID,
        version: int,
        rows: list[FindingRow],
        tracking: Tracking,
        request_id: UUID | None = None,
    ) -> None:
        with self.datastore.transaction(commit=True) as curs:
            # Tracking first: a position already tracked fails before anything is written.
            self._insert_tracking(curs, tracking)
            curs.execute(self._upsert_version, (request_id or case_id, version), prepare=True)
            if request_id is None:
                curs.execute(self._delete_findings, (case_id, REQUEST_RULE), prepare=True)
            else:
                params = (case_id, request_id.hex, REQUEST_RULE)
                curs.execute(self._delete_request_findings, params, prepare=True)
            curs.executemany(self._insert_finding, [_params(row) for row in rows])

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def _count(self, query: FindingQuery) -> int:
        params = _query_params(replace(query, after=None))
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._count_findings, params, prepare=True)
            found = curs.fetchone()
            return 0 if found is None else int(found["n"])

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def _select(self, query: FindingQuery) -> list[FindingRow]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_findings, _query_params(query), prepare=True)
            return [_row(row) for row in curs.fetchall()]


def _query_params(query: FindingQuery) -> dict[str, object]:
    after = query.after_key
    return {
        "at": query.at,
        "state": query.state,
        "agency": query.agency,
        "rule": query.rule,
        "severity": query.severity,
        "since_from": query.since_from,
        "since_to": query.since_to,
        "case_id": query.case_id,
        "after_since": None if after is None else from_micros(after[0]),
        "after_case": None if after is None else UUID(hex=after[1]),
        "after_rule": None if after is None else after[2],
        "after_subject": None if after is None else after[3],
        "after_agency": None if after is None else after[4],
        "after_n": None if after is None else after[5],
        "limit": query.limit + 1,
    }


def _params(row: FindingRow) -> tuple[object, ...]:
    f = row.finding
    return (f.case_id, f.since, f.rule, row.subject, f.agency, row.n, f.severity, f.resolved_at)


def _row(row: DictRow) -> FindingRow:
    finding = Finding(
        rule=row["rule"],
        case_id=row["case_id"],
        agency=row["agency"],
        severity=row["severity"],
        since=row["since"],
        resolved_at=row["resolved_at"],
        subject_id=UUID(row["subject"]) if row["subject"] else None,
    )
    return FindingRow(finding, row["n"])
