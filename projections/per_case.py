"""A projection that keeps one state per case, moved on by each of the case's events in order.

The caseload, the chain of custody and the review findings share this skeleton. Every event of
the log is tracked, case events or not, so that a caller can wait for any position
(``runner.wait`` would time out on a position filtered out by topics). A case's events are
applied once and in order: one delivered again is only tracked, one after a missing one stops
the projection. The states of recent cases stay in memory, so following the log reads a case
from the view once, not once per event. A subclass says how its state is read from the view and
how an event moves it on; nothing else.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar, Generic, Protocol, TypeVar
from uuid import UUID

from cachetools import LRUCache
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from domain.case_state import CaseBase


class CaseState(Protocol):
    """What a per-case projection keeps of a case: at least the version of its last event."""

    @property
    def version(self) -> int: ...


TView = TypeVar("TView", bound=TrackingRecorder)
TState = TypeVar("TState", bound=CaseState)

CACHED_CASES = 2000


class PerCaseProjection(Projection[TView], Generic[TView, TState]):
    """Applies each case's events, once and in order, to that case's state in the view."""

    # Projection.__init_subclass__ does not call super(), so Generic never records this class's
    # own type parameters; without them ``PerCaseProjection[View, State]`` is refused.
    __parameters__ = (TView, TState)  # type: ignore[misc]
    topics = ()  # every event, so that waiting for any position works
    cached_cases: ClassVar[int] = CACHED_CASES

    def __init__(self, view: TView) -> None:
        super().__init__(view)
        # Read and written by the runner's one thread only: no lock.
        self._states: LRUCache[UUID, TState] = LRUCache(maxsize=self.cached_cases)

    @abstractmethod
    def stored_state(self, case_id: UUID) -> TState | None:
        """The case's state as the view holds it; None for a case the view has not seen."""

    @abstractmethod
    def apply(self, before: TState | None, event: CaseBase.Event, tracking: Tracking) -> TState:
        """Move the case on from ``before`` (None: a new case) by ``event``, write its new state
        to the view with ``tracking`` in one transaction, and return that state."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates (folios, accounts, records): tracked, nothing else."""
        self.view.insert_tracking(tracking)

    # One runner per view. Reading the state and writing it are two transactions, but the
    # tracking record only moves forward, so a second runner would fail on it rather than write
    # a state computed from a stale one.
    @process_event.register
    def _(self, domain_event: CaseBase.Event, tracking: Tracking) -> None:
        # CaseBase.Event, not Case.Event: each part of the case (CaseReferrals, CaseCustody...)
        # declares its own event classes, and those are the classes stored and decoded.
        case_id = domain_event.originator_id
        version = domain_event.originator_version
        before = self._states.pop(case_id, None)
        if before is None:
            before = self.stored_state(case_id)
        if before is not None and before.version >= version:
            # Already in the stored state (delivered again): only track it, which refuses a
            # position already tracked, so the event is never applied twice.
            self._states[case_id] = before
            self.view.insert_tracking(tracking)
            return
        known = 0 if before is None else before.version
        if version != known + 1:
            # A state that missed an event would be wrong for good: stop rather than store it.
            raise OriginatorVersionError(
                f"event {tracking.notification_id} is version {version} of case {case_id}, "
                f"but the view has the case at version {known}"
            )
        after = self.apply(before, domain_event, tracking)
        # Kept only once written: a failed write leaves the cache without the case, and the
        # next event reads the stored state again.
        self._states[case_id] = after
