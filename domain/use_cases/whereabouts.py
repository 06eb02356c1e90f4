"""Whereabouts: the person went missing, or was located again."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.hub_reads import HubReads


class WhereaboutsUseCases(HubReads):
    """Reporting the person's whereabouts unknown, and located."""

    def report_whereabouts_unknown(
        self, case_id: UUID, last_seen_at: datetime, place: str | None = None
    ) -> int:
        self._party()
        case = self.get_case(case_id)
        sealed = self._seal_text(case_id, "whereabouts.place", place)
        case.report_whereabouts_unknown(last_seen_at, sealed)
        return self._save(case)

    def report_located(
        self, case_id: UUID, custody_with: str | None = None, place: str | None = None
    ) -> int:
        self._party()
        holder = (
            self.catalogue.case_party(custody_with, field="custody_with") if custody_with else None
        )
        case = self.get_case(case_id)
        case.report_located(holder, self._seal_text(case_id, "whereabouts.place", place))
        return self._save(case)
