"""The review findings of every case: what the commission must look at, and since when.

Findings need a case's whole history, not only its state (a referral answered late, a gap that
closed), so on each case event the projection reads the case's events up to that one and asks
the domain's pure ``review_findings`` again, replacing the case's rows. Rows keep ``since`` even
when it lies after the event (a deadline): the query decides at its own ``at`` whether a finding
has begun, so time-based rules fire without another event.

An ARCO request is a stream of its own about a case: on each of its events the projection reads
the request as of that event and asks ``arco_findings`` again, replacing the rows of the case
whose subject is the request. Those rows carry a rule no case event raises (``arco_overdue``), so
replacing the case's own rows keeps them; the request's version is kept under its own id, as a
case's is, so that each of its events is applied once and in order too.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import Tracking, TrackingRecorder

from domain.arco import ArcoRequest
from domain.case_state import CaseBase
from domain.hub import Hub
from domain.review_rules import DEFAULT_LIMITS, ReviewLimits, Rule, review_findings
from domain.review_rules_arco import arco_findings
from projections.per_case import PerCaseProjection
from projections.review_query import (
    FindingQuery,
    FindingRow,
    FindingsPage,
    State,
    finding_rows,
    page_of,
)

# The rule whose findings come from an ARCO request about a case, not from the case's own events:
# replacing a case's rows keeps the rows of this rule.
REQUEST_RULE: str = Rule.ARCO_OVERDUE.value


def replaced(row: FindingRow, request_id: UUID | None) -> bool:
    """Whether replacing a case's rows (``request_id`` None) or one request's rows replaces
    ``row``: a case's own rows are those of any rule but ``REQUEST_RULE``."""
    if request_id is None:
        return row.finding.rule != REQUEST_RULE
    return row.finding.rule == REQUEST_RULE and row.subject == request_id.hex


class ReviewView(TrackingRecorder, ABC):
    """Each case's findings, written with their tracking record."""

    @abstractmethod
    def case_version(self, case_id: UUID) -> int | None:
        """The version of the last event this view has processed of the case (or of the ARCO
        request) with this id."""

    @abstractmethod
    def replace_findings(
        self,
        case_id: UUID,
        version: int,
        rows: list[FindingRow],
        tracking: Tracking,
        request_id: UUID | None = None,
    ) -> None:
        """Replace the case's rows with ``rows``, computed from its events to ``version``; with
        ``request_id``, only the rows of that ARCO request about the case, computed from the
        request's events to ``version`` (``replaced`` says which rows).

        One transaction with the tracking record: a position already tracked raises
        ``IntegrityError`` and changes nothing, so each event is applied exactly once.
        """

    def findings(
        self,
        *,
        at: datetime,
        agency: str | None = None,
        rule: str | None = None,
        severity: str | None = None,
        state: State = "open",
        since_from: datetime | None = None,
        since_to: datetime | None = None,
        case_id: UUID | None = None,
        limit: int = 200,
        after: str | None = None,
    ) -> FindingsPage:
        """A page of the findings begun by ``at`` (``since <= at``), oldest first.

        ``state``: "open" (not resolved by ``at``), "resolved" (resolved by then) or "all";
        ``since_from <= since < since_to``; ``after`` is the ``next_cursor`` of a page.
        """
        query = FindingQuery(
            at, agency, rule, severity, state, since_from, since_to, case_id, limit, after
        )
        return page_of(self._select(query), query.limit)

    def count(
        self,
        *,
        at: datetime,
        agency: str | None = None,
        rule: str | None = None,
        severity: str | None = None,
        state: State = "open",
        since_from: datetime | None = None,
        since_to: datetime | None = None,
    ) -> int:
        """How many findings ``findings`` would list with these filters, page after page."""
        return self._count(FindingQuery(at, agency, rule, severity, state, since_from, since_to))

    @abstractmethod
    def _count(self, query: FindingQuery) -> int:
        """How many rows match ``query``, its page and cursor aside."""

    @abstractmethod
    def _select(self, query: FindingQuery) -> list[FindingRow]:
        """The rows that match ``query``, in their order, at most ``query.limit + 1``."""

    def close(self) -> None:
        """Release the view's connections (the runner closes its application, not its view)."""


@dataclass(frozen=True)
class CaseEvents:
    """A case's version in the view and, once read from the store, its events to that version:
    a case delivered again needs only the version, so its events are read only to move it on."""

    version: int
    events: tuple[Any, ...] | None = None


class ReviewProjection(PerCaseProjection[ReviewView, CaseEvents]):
    """Follows the hub's log and keeps each case's review findings."""

    name = "Review"  # the REVIEW_ settings, and the review_ tables on PostgreSQL

    def __init__(
        self, view: ReviewView, *, reader: Hub, limits: ReviewLimits = DEFAULT_LIMITS
    ) -> None:
        """``reader`` reads the cases' events (the composition root opens and closes it)."""
        super().__init__(view)
        self.limits = limits
        self.reader = reader

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        if isinstance(domain_event, ArcoRequest.Event):
            self._apply_request(domain_event, tracking)
        else:
            super().process_event(domain_event, tracking)

    def _apply_request(self, event: ArcoRequest.Event, tracking: Tracking) -> None:
        """A request's findings from the request as of ``event``: a few events each, read from
        the store every time (no state kept in memory)."""
        request_id, version = event.originator_id, event.originator_version
        known = self.view.case_version(request_id) or 0
        if known >= version:
            self.view.insert_tracking(tracking)  # delivered again: refused if tracked already
            return
        if version != known + 1:
            raise OriginatorVersionError(
                f"event {tracking.notification_id} is version {version} of ARCO request "
                f"{request_id}, but the view has it at version {known}"
            )
        request: ArcoRequest = self.reader.repository.get(request_id, version=version)
        rows = finding_rows(arco_findings(request, self.limits))
        self.view.replace_findings(request.case_id, version, rows, tracking, request_id)

    def stored_state(self, case_id: UUID) -> CaseEvents | None:
        version = self.view.case_version(case_id)
        return None if version is None else CaseEvents(version)

    def apply(
        self, before: CaseEvents | None, event: CaseBase.Event, tracking: Tracking
    ) -> CaseEvents:
        case_id, version = event.originator_id, event.originator_version
        if before is not None and before.events is not None:
            events = (*before.events, event)
        else:
            events = self._read(case_id, version)
        findings = review_findings(case_id, events, self.limits)
        self.view.replace_findings(case_id, version, finding_rows(findings), tracking)
        return CaseEvents(version, events)

    def _read(self, case_id: UUID, version: int) -> tuple[Any, ...]:
        """The case's events from its opening to ``version``, from the store."""
        events = tuple(self.reader.events.get(case_id, lte=version))
        versions = [e.originator_version for e in events]
        if versions != list(range(1, version + 1)):
            # Another store, or a log that lost events: findings from it would be wrong.
            raise OriginatorVersionError(
                f"the store holds versions {versions[:1]}..{versions[-1:]} of case {case_id}, "
                f"not 1..{version}"
            )
        return events
