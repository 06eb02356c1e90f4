"""The review view in an SQLite file of its own (tables are not prefixed on SQLite).

Times are stored as UTC microseconds, so that they compare and sort as numbers; they come back as
UTC datetimes. A finding without a subject has the subject "" (not NULL), so that the page order
compares as a row value. Every statement is a fixed text built once, with a NULL parameter for a
filter left out.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from domain.review_rules import Finding
from projections.review import REQUEST_RULE, ReviewView
from projections.review_query import FindingQuery, FindingRow, from_micros, micros

_CREATE = [
    "CREATE TABLE IF NOT EXISTS review_cases ("
    "case_id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS review_findings ("
    "case_id TEXT NOT NULL, since INTEGER NOT NULL, rule TEXT NOT NULL, subject TEXT NOT NULL, "
    "agency TEXT NOT NULL, n INTEGER NOT NULL, severity TEXT NOT NULL, resolved_at INTEGER, "
    "PRIMARY KEY (case_id, since, rule, subject, agency, n)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS review_findings_in_order "
    "ON review_findings (since, case_id, rule, subject, agency, n)",
    "CREATE INDEX IF NOT EXISTS review_findings_by_agency ON review_findings (agency, since)",
]
_SELECT_VERSION = "SELECT version FROM review_cases WHERE case_id = ?"
_UPSERT_VERSION = (
    "INSERT INTO review_cases VALUES (?, ?) "
    "ON CONFLICT (case_id) DO UPDATE SET version = excluded.version"
)
# A case's own rows; the rows its ARCO requests raised stay (``REQUEST_RULE``).
_DELETE_FINDINGS = "DELETE FROM review_findings WHERE case_id = ? AND rule <> ?"
_DELETE_REQUEST_FINDINGS = (
    "DELETE FROM review_findings WHERE case_id = ? AND subject = ? AND rule = ?"
)
_INSERT_FINDING = "INSERT INTO review_findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
# One statement for every combination of filters: a filter left out is a NULL parameter.
_SELECT_FINDINGS = (
    "SELECT * FROM review_findings WHERE since <= :at "
    "AND (:state != 'open' OR resolved_at IS NULL OR resolved_at > :at) "
    "AND (:state != 'resolved' OR resolved_at <= :at) "
    "AND (:agency IS NULL OR agency = :agency) "
    "AND (:rule IS NULL OR rule = :rule) "
    "AND (:severity IS NULL OR severity = :severity) "
    "AND (:since_from IS NULL OR since >= :since_from) "
    "AND (:since_to IS NULL OR since < :since_to) "
    "AND (:case_id IS NULL OR case_id = :case_id) "
    "AND (:after_since IS NULL OR (since, case_id, rule, subject, agency, n) > "
    "(:after_since, :after_case, :after_rule, :after_subject, :after_agency, :after_n)) "
    "ORDER BY since, case_id, rule, subject, agency, n LIMIT :limit"
)


# The same filters, every page at once: the cursor's parameters are left NULL.
_COUNT_FINDINGS = (
    "SELECT COUNT(*) AS n" + _SELECT_FINDINGS.removeprefix("SELECT *").split(" ORDER BY")[0]
)


class SQLiteReviewView(SQLiteTrackingRecorder, ReviewView):
    """Findings next to the ``tracking`` table, in one SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *_CREATE]

    def close(self) -> None:
        self.datastore.close()

    def case_version(self, case_id: UUID) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_VERSION, (case_id.hex,))
            row = c.fetchone()
        return None if row is None else int(row["version"])

    def replace_findings(
        self,
        case_id: UUID,
        version: int,
        rows: list[FindingRow],
        tracking: Tracking,
        request_id: UUID | None = None,
    ) -> None:
        with self.datastore.transaction(commit=True) as c:
            # Tracking first: a position already tracked fails before anything is written.
            self._insert_tracking(c, tracking)
            c.execute(_UPSERT_VERSION, ((request_id or case_id).hex, version))
            if request_id is None:
                c.execute(_DELETE_FINDINGS, (case_id.hex, REQUEST_RULE))
            else:
                c.execute(_DELETE_REQUEST_FINDINGS, (case_id.hex, request_id.hex, REQUEST_RULE))
            c.executemany(_INSERT_FINDING, [_params(row) for row in rows])

    def _count(self, query: FindingQuery) -> int:
        params = _query_params(replace(query, after=None))
        with self.datastore.transaction(commit=False) as c:
            c.execute(_COUNT_FINDINGS, params)
            return int(c.fetchone()["n"])

    def _select(self, query: FindingQuery) -> list[FindingRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_FINDINGS, _query_params(query))
            return [_row(row) for row in c.fetchall()]


def _query_params(query: FindingQuery) -> dict[str, object]:
    after = query.after_key or (None,) * 6
    return {
        "at": micros(query.at),
        "state": query.state,
        "agency": query.agency,
        "rule": query.rule,
        "severity": query.severity,
        "since_from": None if query.since_from is None else micros(query.since_from),
        "since_to": None if query.since_to is None else micros(query.since_to),
        "case_id": None if query.case_id is None else query.case_id.hex,
        **dict(zip(_AFTER, after, strict=True)),
        "limit": query.limit + 1,
    }


_AFTER = ("after_since", "after_case", "after_rule", "after_subject", "after_agency", "after_n")


def _params(row: FindingRow) -> tuple[object, ...]:
    f = row.finding
    resolved_at = None if f.resolved_at is None else micros(f.resolved_at)
    return (f.case_id.hex, micros(f.since), f.rule, row.subject, f.agency, row.n, f.severity,
            resolved_at)  # fmt: skip


def _row(row: sqlite3.Row) -> FindingRow:
    finding = Finding(
        rule=row["rule"],
        case_id=UUID(row["case_id"]),
        agency=row["agency"],
        severity=row["severity"],
        since=from_micros(row["since"]),
        resolved_at=None if row["resolved_at"] is None else from_micros(row["resolved_at"]),
        subject_id=UUID(row["subject"]) if row["subject"] else None,
    )
    return FindingRow(finding, row["n"])
