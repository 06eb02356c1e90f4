"""The chain of custody of a case, computed from its events alone.

One pure function serves the custody view (rebuilt from the log, it gives the same chain) and
the case as of any past moment (the events up to then). Intervals are who held the person, from
when to when, and what began and ended each; gaps are the times the chain does not account for
the person: a handoff still waiting for its acknowledgement, nobody holding a person who had been
held, a person whose whereabouts are unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import Fold, follows


@dataclass(frozen=True)
class CustodyInterval:
    agency: str
    started_at: datetime
    began_with: str  # detection, handoff, assumed, located
    ended_at: datetime | None = None
    ended_with: str | None = None  # handoff, released, located
    began_handoff: UUID | None = None
    ended_handoff: UUID | None = None
    acknowledged_by: str | None = None  # the account that acknowledged the handoff


@dataclass(frozen=True)
class PendingHandoff:
    handoff_id: UUID
    from_agency: str
    to_agency: str
    initiated_at: datetime
    initiated_by: str


@dataclass(frozen=True)
class CustodyGap:
    kind: str  # handoff_pending, no_custodian, whereabouts_unknown
    started_at: datetime
    agency: str | None  # who answers for the gap: the custodian, or the last one
    ended_at: datetime | None = None
    handoff_id: UUID | None = None
    reason: str | None = None


@dataclass(frozen=True)
class CustodyChain:
    case_id: UUID
    current_custodian: str | None
    intervals: tuple[CustodyInterval, ...]
    pending_handoffs: tuple[PendingHandoff, ...]
    gaps: tuple[CustodyGap, ...]

    @classmethod
    def empty(cls, case_id: UUID) -> CustodyChain:
        return cls(case_id, None, (), (), ())

    def then(self, event: Any) -> CustodyChain:
        """The chain after one more event of the case (events of no concern change nothing)."""
        chain = _Chain(self)
        handler = chain.handler(event)
        if handler is None:
            return self
        handler(event)
        return chain.result(self.case_id)


def custody_chain(case_id: UUID, events: Iterable[Any]) -> CustodyChain:
    """The chain after ``events`` (one case's, in order; stop early for a past moment)."""
    chain = CustodyChain.empty(case_id)
    for event in events:
        chain = chain.then(event)
    return chain


class _Chain(Fold):
    """One step of the chain; each handler follows the event class it names."""

    def __init__(self, chain: CustodyChain) -> None:
        self.intervals = list(chain.intervals)
        self.pending = {p.handoff_id: p for p in chain.pending_handoffs}
        # Pending handoffs are shown as gaps too, but they are derived from ``pending``.
        self.gaps = [g for g in chain.gaps if g.kind != "handoff_pending"]
        self.last_holder = self.intervals[-1].agency if self.intervals else None

    def result(self, case_id: UUID) -> CustodyChain:
        pending = [
            CustodyGap("handoff_pending", h.initiated_at, h.from_agency, handoff_id=h.handoff_id)
            for h in self.pending.values()
        ]
        return CustodyChain(
            case_id=case_id,
            current_custodian=self.custodian,
            intervals=tuple(self.intervals),
            pending_handoffs=tuple(self.pending.values()),
            gaps=tuple(sorted([*self.gaps, *pending], key=lambda g: g.started_at)),
        )

    @property
    def custodian(self) -> str | None:
        last = self.intervals[-1] if self.intervals else None
        return last.agency if last is not None and last.ended_at is None else None

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any) -> None:
        detection = event.detection
        if detection.in_custody:
            self._begin(detection.agency, detection.detected_at, "detection")

    @follows(case_events.CustodyHandoffInitiated)
    def on_CustodyHandoffInitiated(self, event: Any) -> None:
        self.pending[event.handoff_id] = PendingHandoff(
            event.handoff_id, event.agency, event.to_agency, event.timestamp, event.account
        )

    @follows(case_events.CustodyHandoffAcknowledged)
    def on_CustodyHandoffAcknowledged(self, event: Any) -> None:
        handoff = self.pending.pop(event.handoff_id, None)
        if handoff is None:
            return
        self._end(event.timestamp, "handoff", ended_handoff=handoff.handoff_id)
        self._begin(
            handoff.to_agency,
            event.timestamp,
            "handoff",
            began_handoff=handoff.handoff_id,
            acknowledged_by=event.account,
        )

    @follows(case_events.CustodyHandoffRefused)
    def on_CustodyHandoffRefused(self, event: Any) -> None:
        self.pending.pop(event.handoff_id, None)

    @follows(case_events.CustodyReleased)
    def on_CustodyReleased(self, event: Any) -> None:
        holder = self.custodian
        self._end(event.timestamp, "released")
        self.gaps.append(CustodyGap("no_custodian", event.timestamp, holder, reason=event.reason))

    @follows(case_events.CustodyAssumed)
    def on_CustodyAssumed(self, event: Any) -> None:
        self._close_gaps("no_custodian", event.timestamp)
        self._close_gaps("whereabouts_unknown", event.timestamp)
        self._begin(event.agency, event.timestamp, "assumed")

    @follows(case_events.WhereaboutsUnknownReported)
    def on_WhereaboutsUnknownReported(self, event: Any) -> None:
        holder = self.custodian or self.last_holder
        self.gaps.append(CustodyGap("whereabouts_unknown", event.last_seen_at, holder))

    @follows(case_events.PersonLocated)
    def on_PersonLocated(self, event: Any) -> None:
        self._close_gaps("whereabouts_unknown", event.timestamp)
        if event.custody_with is not None and event.custody_with != self.custodian:
            self._close_gaps("no_custodian", event.timestamp)
            self._end(event.timestamp, "located")
            self._begin(event.custody_with, event.timestamp, "located")

    @follows(case_events.CaseClosed)
    def on_CaseClosed(self, event: Any) -> None:
        # A closed case's path has ended: nobody holding the person is no longer a gap.
        self._close_gaps("no_custodian", event.timestamp)

    def _begin(self, agency: str, at: datetime, began_with: str, **more: Any) -> None:
        self.intervals.append(CustodyInterval(agency, at, began_with, **more))
        self.last_holder = agency

    def _end(self, at: datetime, ended_with: str, **more: Any) -> None:
        if self.custodian is not None:
            self.intervals[-1] = replace(
                self.intervals[-1], ended_at=at, ended_with=ended_with, **more
            )

    def _close_gaps(self, kind: str, at: datetime) -> None:
        self.gaps = [
            replace(g, ended_at=at) if g.kind == kind and g.ended_at is None else g
            for g in self.gaps
        ]
