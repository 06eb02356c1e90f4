"""The caseload view in memory, for unit tests and the in-memory store."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.case_snapshots import StoredCase
from projections.caseload import CaseloadView
from projections.caseload_rows import CaseloadEntry, CaseloadQuery


class POPOCaseloadView(POPOTrackingRecorder, CaseloadView):
    """Dictionaries under the recorder's lock: the tracking check and the writes are atomic."""

    def __init__(self) -> None:
        super().__init__()
        self._cases: dict[UUID, StoredCase] = {}
        self._entries: dict[UUID, dict[str, CaseloadEntry]] = {}

    def stored_case(self, case_id: UUID) -> StoredCase | None:
        with self._database_lock:
            return self._cases.get(case_id)

    def replace_cases(
        self, cases: Sequence[tuple[StoredCase, list[CaseloadEntry]]], tracked: Sequence[Tracking]
    ) -> None:
        with self._database_lock:
            if tracked:  # before any change: all or nothing
                self._assert_tracking_uniqueness(tracked[0])
            for case, entries in cases:
                self._cases[case.case_id] = case
                self._entries[case.case_id] = {e.agency: e for e in entries}
            if tracked:
                self._insert_tracking(tracked[-1])

    def entry(self, agency: str, case_id: UUID) -> CaseloadEntry | None:
        with self._database_lock:
            return self._entries.get(case_id, {}).get(agency)

    def _select(self, query: CaseloadQuery) -> list[CaseloadEntry]:
        with self._database_lock:
            found = [
                entry
                for rows in self._entries.values()
                if (entry := rows.get(query.agency)) is not None and query.matches(entry)
            ]
        found.sort(key=lambda e: e.folio, reverse=True)
        return found[: query.limit]
