"""The caseload: the cases each agency is involved in, how, and what it owes by when.

Each case event moves the case itself on with the domain's own ``mutate`` (the case's state is
stored as a snapshot), and its rows are computed again from the case.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.persistence import Tracking, TrackingRecorder

from domain.agencies import AgencyCatalogue
from domain.case import Case
from domain.case_state import CaseBase
from projections.case_snapshots import CaseSnapshots, StoredCase
from projections.caseload_rows import (
    HANDOFF_LIMIT,
    CaseloadEntry,
    CaseloadQuery,
    Status,
    caseload_entries,
)
from projections.per_case import PerCaseProjection


class CaseloadView(TrackingRecorder, ABC):
    """Each case's state and its caseload rows, written with their tracking record."""

    @abstractmethod
    def stored_case(self, case_id: UUID) -> StoredCase | None:
        """The case's state after the last of its events this view has processed."""

    @abstractmethod
    def replace_case(
        self, case: StoredCase, entries: list[CaseloadEntry], tracking: Tracking
    ) -> None:
        """Store the case's new state and replace all its rows with ``entries``.

        One transaction with the tracking record: a position already tracked raises
        ``IntegrityError`` and changes nothing, so each event is applied exactly once.
        """

    @abstractmethod
    def entry(self, agency: str, case_id: UUID) -> CaseloadEntry | None:
        """The agency's row for the case, if the case is in its caseload."""

    def caseload(
        self,
        agency: str,
        *,
        status: Status | None = None,
        relation: str | None = None,
        overdue_at: datetime | None = None,
        after: str | None = None,
        limit: int = 100,
        owing: bool = False,
        moved_after: datetime | None = None,
    ) -> list[CaseloadEntry]:
        """A page of the agency's caseload, newest folio first; ``after`` is an entry's cursor.

        ``overdue_at`` keeps the rows whose next deadline is before that time; ``owing`` the
        rows where the agency owes a referral's answer or a handoff's acknowledgement;
        ``moved_after`` the rows whose case had an event after that time.
        """
        query = CaseloadQuery(
            agency, status, relation, overdue_at, after, limit, owing, moved_after
        )
        return self._select(query)

    @abstractmethod
    def _select(self, query: CaseloadQuery) -> list[CaseloadEntry]:
        """The rows that match ``query``, in its order, at most ``query.limit``."""

    def close(self) -> None:
        """Release the view's connections (the runner closes its application, not its view)."""


class CaseloadProjection(PerCaseProjection[CaseloadView, Case]):
    """Follows the hub's log and keeps each agency's caseload."""

    name = "Caseload"  # the CASELOAD_ settings, and the caseload_ tables on PostgreSQL

    def __init__(
        self,
        view: CaseloadView,
        *,
        catalogue: AgencyCatalogue,
        handoff_limit: timedelta = HANDOFF_LIMIT,
    ) -> None:
        super().__init__(view)
        self.catalogue = catalogue
        self.handoff_limit = handoff_limit
        self._snapshots = CaseSnapshots()

    def stored_state(self, case_id: UUID) -> Case | None:
        stored = self.view.stored_case(case_id)
        return None if stored is None else self._snapshots.restore(stored)

    def apply(self, before: Case | None, event: CaseBase.Event, tracking: Tracking) -> Case:
        # The domain's own logic moves the case on; it refuses an event out of order.
        case = event.mutate(before)
        if not isinstance(case, Case):
            raise TypeError(f"event {tracking.notification_id} did not produce a case")
        entries = caseload_entries(
            case,
            catalogue=self.catalogue,
            position=tracking.notification_id,
            at=event.timestamp,
            handoff_limit=self.handoff_limit,
        )
        state = self._snapshots.take(case, event.timestamp)
        self.view.replace_case(state, entries, tracking)
        return case
