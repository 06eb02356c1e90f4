"""A projection that keeps one state per case, moved on by each of the case's events in order.

The caseload, the chain of custody and the review findings share this skeleton. Every event of
the log is tracked, case events or not, so that a caller can wait for any position
(``runner.wait`` would time out on a position filtered out by topics). A case's events are
applied once and in order: one delivered again is only tracked, one after a missing one stops
the projection. The states of recent cases stay in memory, so following the log reads a case
from the view once, not once per event. A subclass says how its state is read from the view and
how an event moves it on; nothing else. Custody and review write each event as it comes; the
caseload (``BatchedPerCaseProjection``) holds the latest state of each case it moves and writes
a batch of events in one transaction.
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar
from uuid import UUID

from cachetools import LRUCache
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from domain.case_state import CaseBase
from projections.log_head import FollowsLogHead


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
        self.track(tracking)

    # One runner per view. Reading the state and writing it are two transactions, but the
    # tracking record only moves forward, so a second runner would fail on it rather than write
    # a state computed from a stale one.
    @process_event.register
    def _(self, domain_event: CaseBase.Event, tracking: Tracking) -> None:
        # CaseBase.Event, not Case.Event: each part of the case (CaseReferrals, CaseCustody...)
        # declares its own event classes, and those are the classes stored and decoded.
        self.move_case(domain_event, tracking)

    def move_case(self, domain_event: CaseBase.Event, tracking: Tracking) -> None:
        """Apply the case's event once and in order to the case's latest state."""
        case_id = domain_event.originator_id
        version = domain_event.originator_version
        before = self.current_state(domain_event, tracking)
        if before is not None and before.version >= version:
            # Already in the stored state (delivered again): only track it, which refuses a
            # position already tracked, so the event is never applied twice.
            self._states[case_id] = before
            self.track_again(tracking)
            return
        known = 0 if before is None else before.version
        if version != known + 1:
            # A state that missed an event would be wrong for good: stop rather than store it.
            raise OriginatorVersionError(
                f"event {tracking.notification_id} is version {version} of case {case_id}, "
                f"but the view has the case at version {known}"
            )
        after = self.apply(before, domain_event, tracking)
        # Kept only once written (or held for a batch, which forgets it if its write fails):
        # a failed write leaves the cache without the case, and the next event reads the
        # stored state again.
        self._states[case_id] = after

    def current_state(self, event: CaseBase.Event, tracking: Tracking) -> TState | None:
        """The latest state of the event's case: kept in memory, or else read from the view."""
        case_id = event.originator_id
        before = self._states.pop(case_id, None)
        return self.stored_state(case_id) if before is None else before

    def track(self, tracking: Tracking) -> None:
        """Track an event that changes no case's state."""
        self.view.insert_tracking(tracking)

    def track_again(self, tracking: Tracking) -> None:
        """Track an event the case's stored state already has, at once: a position already
        tracked is refused here."""
        self.view.insert_tracking(tracking)


@dataclass(frozen=True)
class Held(Generic[TState]):
    """A case's new state held for the next batch, with the event that made it and its
    tracking: the last of the case's events in the batch."""

    state: TState
    event: CaseBase.Event
    tracking: Tracking


class BatchedPerCaseProjection(FollowsLogHead, PerCaseProjection[TView, TState]):
    """A per-case projection that writes its view in batches, each with the tracking of its
    events in one transaction, so exactly once holds per batch and the view never stores part
    of one.

    An event is held while the log is known to have more after it (``log_head``, set by the
    runner), up to ``batch_size`` events or ``max_hold`` seconds since the first one held; an
    event at the log's head is written at once. A case moved several times in a batch is
    written once, in its latest state. If a batch's write fails, its states are forgotten (the
    cache's too), so the next event reads the stored state again.
    """

    __parameters__ = (TView, TState)  # type: ignore[misc]
    batch_size: ClassVar[int] = 500
    max_hold: ClassVar[float] = 0.1  # seconds

    def __init__(self, view: TView) -> None:
        super().__init__(view)
        self._held: dict[UUID, Held[TState]] = {}
        self._tracked: list[Tracking] = []
        self._held_since = 0.0
        self._started_at: int | None = None  # the position the view had tracked, read once

    @abstractmethod
    def move(self, before: TState | None, event: CaseBase.Event, tracking: Tracking) -> TState:
        """The case moved on from ``before`` (None: a new case) by ``event``; nothing written."""

    @abstractmethod
    def write(self, held: Sequence[Held[TState]], tracked: Sequence[Tracking]) -> None:
        """Write the cases' new states and the tracking of the batch's events (in log order)
        in one transaction; a position already tracked refuses the whole batch."""

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if not self._tracked:
            self._held_since = time.monotonic()
        # Dispatched here rather than by ``singledispatchmethod``, which costs more per event
        # than the rest of an event's work in a batch.
        if isinstance(domain_event, CaseBase.Event):
            self.move_case(domain_event, tracking)
        else:
            self.track(tracking)
        if self._tracked and (
            len(self._tracked) >= self.batch_size
            or time.monotonic() - self._held_since >= self.max_hold
            or not self._more_after(tracking.notification_id)
        ):
            self.flush()

    def apply(self, before: TState | None, event: CaseBase.Event, tracking: Tracking) -> TState:
        after = self.move(before, event, tracking)
        self._held[event.originator_id] = Held(after, event, tracking)
        self._tracked.append(tracking)
        return after

    def current_state(self, event: CaseBase.Event, tracking: Tracking) -> TState | None:
        held = self._held.get(event.originator_id)
        if held is not None:
            return held.state
        if (
            event.originator_version == 1
            and event.originator_id not in self._states
            and tracking.notification_id > self._tracked_at_start(tracking)
        ):
            # The case's first event, after every position the view had tracked when this
            # projection first asked: the view cannot hold the case (a state is written with
            # its events' tracking, and since then only by this projection, which would have
            # it in memory), so it is not read for it.
            return None
        return super().current_state(event, tracking)

    def _tracked_at_start(self, tracking: Tracking) -> int:
        if self._started_at is None:
            self._started_at = self.view.max_tracking_id(tracking.application_name) or 0
        return self._started_at

    def track(self, tracking: Tracking) -> None:
        self._tracked.append(tracking)

    def track_again(self, tracking: Tracking) -> None:
        self.flush()
        super().track_again(tracking)

    def flush(self) -> None:
        """Write what is held, with its tracking; on failure, forget it, the cache's too."""
        if not self._tracked:
            return
        held, tracked = list(self._held.values()), self._tracked
        self._held, self._tracked = {}, []
        try:
            self.write(held, tracked)
        except BaseException:
            for each in held:
                self._states.pop(each.event.originator_id, None)
            raise
