"""The caseload: the cases each agency is involved in, how, and what it owes by when.

Each case event moves the case itself on with the domain's own ``mutate`` (the case's state is
stored as a snapshot), and its rows are computed again from the case, once per batch of events
written (``projections.per_case.BatchedPerCaseProjection``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
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
from projections.per_case import BatchedPerCaseProjection, Held


class CaseloadView(TrackingRecorder, ABC):
    """Each case's state and its caseload rows, written with their tracking record."""

    @abstractmethod
    def stored_case(self, case_id: UUID) -> StoredCase | None:
        """The case's state after the last of its events this view has processed."""

    def replace_case(
        self, case: StoredCase, entries: list[CaseloadEntry], tracking: Tracking
    ) -> None:
        """Store the case's new state and replace all its rows with ``entries``.

        One transaction with the tracking record: a position already tracked raises
        ``IntegrityError`` and changes nothing, so each event is applied exactly once.
        """
        self.replace_cases([(case, entries)], [tracking])

    @abstractmethod
    def replace_cases(
        self, cases: Sequence[tuple[StoredCase, list[CaseloadEntry]]], tracked: Sequence[Tracking]
    ) -> None:
        """Store each case's new state and replace all its rows, for a batch of events whose
        tracking is ``tracked`` (in log order; each case once, in its latest state).

        One transaction: a position of the batch already tracked raises ``IntegrityError`` and
        nothing is written, so each batch is written whole or not at all, exactly once.
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


class CaseloadProjection(BatchedPerCaseProjection[CaseloadView, Case]):
    """Follows the hub's log and keeps each agency's caseload, written in batches: a case's
    rows are computed once per batch, from its latest state."""

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

    def move(self, before: Case | None, event: CaseBase.Event, tracking: Tracking) -> Case:
        # The domain's own logic moves the case on; it refuses an event out of order.
        case = event.mutate(before)
        if not isinstance(case, Case):
            raise TypeError(f"event {tracking.notification_id} did not produce a case")
        return case

    def write(self, held: Sequence[Held[Case]], tracked: Sequence[Tracking]) -> None:
        self.view.replace_cases([self._rows(each) for each in held], tracked)

    def _rows(self, held: Held[Case]) -> tuple[StoredCase, list[CaseloadEntry]]:
        """The case's state as stored and its rows, as of the last of its events held."""
        at = held.event.timestamp
        entries = caseload_entries(
            held.state,
            catalogue=self.catalogue,
            position=held.tracking.notification_id,
            at=at,
            handoff_limit=self.handoff_limit,
        )
        return self._snapshots.take(held.state, at), entries
