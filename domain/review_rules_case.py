"""What the review rules know of a case as its events go by, and the base of the rule groups.

``CaseFacts`` follows the events that several rules ask about (is the person presumed a child,
who holds them, which referrals exist and in what state, is the case closed). Each rule group
sees an event before the facts take it in, so that it can compare the case before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import Fold, follows
from domain.review_rules_finding import Finding, ReviewLimits, Watch

ADULT = "adult"
OPEN_STATUSES = frozenset({"pending", "accepted"})


@dataclass
class ReferralFacts:
    from_agency: str
    to_agency: str
    service: str
    status: str = "pending"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseFacts(Fold):
    """The case as its events go by; each handler follows the event class it names."""

    def __init__(self) -> None:
        self.previous: type | None = None  # the class of the last event taken
        self.detecting_agency = ""
        self.needs_interpreter = False
        self.is_child = True  # presumption of minority until an assessment says adult
        self.custodian: str | None = None
        self.last_custodian: str | None = None  # who held the person last, if anybody did
        self.closed = False
        self.referrals: dict[UUID, ReferralFacts] = {}
        self.handoff_receivers: dict[UUID, str] = {}

    def take(self, event: Any) -> None:
        handler = self.handler(event)
        if handler is not None:
            handler(event)
        if self.custodian is not None:
            self.last_custodian = self.custodian
        self.previous = type(event)

    @property
    def lead(self) -> str:
        """The agency that leads the case (``domain/case_roles.py``): the custodian; when nobody
        holds the person, the last custodian; the detecting agency when nobody ever did."""
        return self.custodian or self.last_custodian or self.detecting_agency

    def involved_for_notice(self, agency: str) -> bool:
        """Holding the person or an open referral: the agency already follows the case."""
        return self.custodian == agency or any(
            r.to_agency == agency and r.is_open for r in self.referrals.values()
        )

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any) -> None:
        detection = event.detection
        self.detecting_agency = detection.agency
        self.needs_interpreter = bool(detection.needs_interpreter)
        self.is_child = detection.age_group != ADULT
        self.custodian = detection.agency if detection.in_custody else None

    @follows(case_events.AgeAssessed)
    def on_AgeAssessed(self, event: Any) -> None:
        self.is_child = event.age_group != ADULT

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any) -> None:
        self.referrals[event.referral_id] = ReferralFacts(
            event.agency, event.to_agency, str(event.service)
        )

    @follows(case_events.ReferralAccepted)
    def on_ReferralAccepted(self, event: Any) -> None:
        self._referral_status(event.referral_id, "accepted")

    @follows(case_events.ReferralDeclined)
    def on_ReferralDeclined(self, event: Any) -> None:
        self._referral_status(event.referral_id, "declined")

    @follows(case_events.ReferralWithdrawn)
    def on_ReferralWithdrawn(self, event: Any) -> None:
        self._referral_status(event.referral_id, "withdrawn")

    @follows(case_events.ReferralCompleted)
    def on_ReferralCompleted(self, event: Any) -> None:
        self._referral_status(event.referral_id, "completed")

    @follows(case_events.CustodyHandoffInitiated)
    def on_CustodyHandoffInitiated(self, event: Any) -> None:
        self.handoff_receivers[event.handoff_id] = event.to_agency

    @follows(case_events.CustodyHandoffAcknowledged)
    def on_CustodyHandoffAcknowledged(self, event: Any) -> None:
        self.custodian = self.handoff_receivers.get(event.handoff_id, self.custodian)

    @follows(case_events.CustodyAssumed)
    def on_CustodyAssumed(self, event: Any) -> None:
        self.custodian = event.agency

    @follows(case_events.CustodyReleased)
    def on_CustodyReleased(self, event: Any) -> None:
        self.custodian = None

    @follows(case_events.PersonLocated)
    def on_PersonLocated(self, event: Any) -> None:
        if event.custody_with is not None:
            self.custodian = event.custody_with

    @follows(case_events.CaseClosed)
    def on_CaseClosed(self, event: Any) -> None:
        self.closed = True

    @follows(case_events.CaseReopened)
    def on_CaseReopened(self, event: Any) -> None:
        self.closed = False

    def _referral_status(self, referral_id: UUID, status: str) -> None:
        referral = self.referrals.get(referral_id)
        if referral is not None:
            referral.status = status


class RuleGroup(Fold):
    """Rules that follow a case's events: a handler per event class, findings at the end."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        self.case_id = case_id
        self.limits = limits
        self.found: list[Finding] = []

    def observe(self, event: Any, facts: CaseFacts) -> None:
        """Follow one event; ``facts`` are the case as it stood before it."""
        handler = self.handler(event)
        if handler is not None:
            handler(event, facts)

    def finish(self, facts: CaseFacts) -> list[Finding]:
        """The findings, after the last event: what is still under watch stays unresolved."""
        return self.found

    def cure(self, watch: Watch | None, at: datetime) -> None:
        if watch is not None and (finding := watch.cured(self.case_id, at)) is not None:
            self.found.append(finding)

    def uncured(self, watches: Iterable[Watch | None]) -> None:
        self.found.extend(w.finding(self.case_id) for w in watches if w is not None)
