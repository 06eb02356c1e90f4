"""The chain of custody of every case: who held the person, from when to when, and the gaps.

Each case event moves the case's stored chain on with the domain's own ``CustodyChain.then``, so
the view's chain is the chain ``domain.custody_chain.custody_chain`` computes from the case's
events, and ``GET /cases/{id}/custody`` can read it here while ``?as_of=`` computes from events.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from uuid import UUID

from eventsourcing.persistence import Tracking, TrackingRecorder

from domain.case_state import CaseBase
from domain.custody_chain import CustodyChain
from projections.custody_chain_json import StoredChain
from projections.per_case import PerCaseProjection


class CustodyChainView(TrackingRecorder, ABC):
    """Each case's chain of custody, written with its tracking record."""

    @abstractmethod
    def stored_chain(self, case_id: UUID) -> StoredChain | None:
        """The case's chain after the last of its events this view has processed."""

    @abstractmethod
    def replace_chain(self, stored: StoredChain, tracking: Tracking) -> None:
        """Store the case's chain in place of the one it had.

        One transaction with the tracking record: a position already tracked raises
        ``IntegrityError`` and changes nothing, so each event is applied exactly once.
        """

    def chain(self, case_id: UUID) -> CustodyChain | None:
        """The case's chain of custody, or None for a case this view has not seen."""
        stored = self.stored_chain(case_id)
        return None if stored is None else stored.chain

    def close(self) -> None:
        """Release the view's connections (the runner closes its application, not its view)."""


class CustodyChainProjection(PerCaseProjection[CustodyChainView, StoredChain]):
    """Follows the hub's log and keeps each case's chain of custody."""

    name = "Custody"  # the CUSTODY_ settings, and the custody_ tables on PostgreSQL

    def stored_state(self, case_id: UUID) -> StoredChain | None:
        return self.view.stored_chain(case_id)

    def apply(
        self, before: StoredChain | None, event: CaseBase.Event, tracking: Tracking
    ) -> StoredChain:
        chain = CustodyChain.empty(event.originator_id) if before is None else before.chain
        after = StoredChain(event.originator_version, chain.then(event))
        self.view.replace_chain(after, tracking)
        return after
