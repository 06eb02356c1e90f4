"""The review view in memory, for unit tests and the in-memory store."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.review import ReviewView, replaced
from projections.review_query import FindingQuery, FindingRow


class POPOReviewView(POPOTrackingRecorder, ReviewView):
    """Dictionaries under the recorder's lock: the tracking check and the writes are atomic."""

    def __init__(self) -> None:
        super().__init__()
        self._versions: dict[UUID, int] = {}
        self._rows: dict[UUID, list[FindingRow]] = {}

    def case_version(self, case_id: UUID) -> int | None:
        with self._database_lock:
            return self._versions.get(case_id)

    def replace_findings(
        self,
        case_id: UUID,
        version: int,
        rows: list[FindingRow],
        tracking: Tracking,
        request_id: UUID | None = None,
    ) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)  # before any change: all or nothing
            self._versions[request_id or case_id] = version
            kept = [r for r in self._rows.get(case_id, []) if not replaced(r, request_id)]
            self._rows[case_id] = [*kept, *rows]
            self._insert_tracking(tracking)

    def _count(self, query: FindingQuery) -> int:
        unpaged = replace(query, after=None)
        with self._database_lock:
            return sum(1 for rows in self._rows.values() for row in rows if unpaged.matches(row))

    def _select(self, query: FindingQuery) -> list[FindingRow]:
        with self._database_lock:
            found = [row for rows in self._rows.values() for row in rows if query.matches(row)]
        found.sort(key=lambda row: row.key)
        return found[: query.limit + 1]
