"""The chain of custody of every case: who held the person, from when to when, and the gaps.

Each case event moves the case's stored chain on with the domain's own ``CustodyChain.then``, so
the view's chain is the chain ``domain.custody_chain.custody_chain`` computes from the case's
events, and ``GET /cases/{id}/custody`` can read it here while ``?as_of=`` computes from events.
Every event of the log is tracked, case events or not, so that a caller can wait for any position.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from domain.case_state import CaseBase
from domain.custody_chain import CustodyChain
from projections.custody_chain_json import StoredChain


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


CACHED_CHAINS = 2000


class CustodyChainProjection(Projection[CustodyChainView]):
    """Follows the hub's log and keeps each case's chain of custody."""

    name = "Custody"  # the CUSTODY_ settings, and the custody_ tables on PostgreSQL
    topics = ()  # every event, so that waiting for any position works

    def __init__(self, view: CustodyChainView) -> None:
        super().__init__(view)
        self._chains: OrderedDict[UUID, StoredChain] = OrderedDict()

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates (folios, accounts, records): tracked, nothing else."""
        self.view.insert_tracking(tracking)

    # One runner per view: the chain is read in one transaction and written in another, but the
    # tracking record only moves forward, so a second writer fails rather than write a chain
    # computed from a stale one.
    @process_event.register
    def _(self, domain_event: CaseBase.Event, tracking: Tracking) -> None:
        # CaseBase.Event, not Case.Event: each part of the case declares its own event classes.
        case_id = domain_event.originator_id
        version = domain_event.originator_version
        before = self._chains.pop(case_id, None) or self.view.stored_chain(case_id)
        if before is not None and before.version >= version:
            # Already in the stored chain (delivered again): only track it, which refuses a
            # position already tracked, so the event is never applied twice.
            self._remember(before)
            self.view.insert_tracking(tracking)
            return
        last = 0 if before is None else before.version
        if version != last + 1:
            # A chain that missed an event would be wrong for good: stop rather than store it.
            raise OriginatorVersionError(
                f"event {tracking.notification_id} is version {version} of case {case_id}, "
                f"but the view has the case at version {last}"
            )
        chain = CustodyChain.empty(case_id) if before is None else before.chain
        after = StoredChain(version, chain.then(domain_event))
        self.view.replace_chain(after, tracking)
        # Kept only once written: a failed write leaves the cache without the case, and the
        # next event reads the stored chain again.
        self._remember(after)

    def _remember(self, stored: StoredChain) -> None:
        """Recent chains stay in memory: this runner is the view's only writer."""
        self._chains[stored.case_id] = stored
        if len(self._chains) > CACHED_CHAINS:
            self._chains.popitem(last=False)
