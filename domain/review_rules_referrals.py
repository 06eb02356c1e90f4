"""The rules on referrals: answered in time, re-routed when declined, never conditioned.

A referral's ``due_at`` is set at issue and already reflects its urgency and the person's risk,
so the rule reads it rather than recomputing it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import follows
from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch

URGENT = "urgent"
# Assistance never depends on prosecution (Ley General de Trata, art. 3 fr. XI: whether the
# offender is identified, caught, tried or sentenced).
NO_COMPLAINT_FILED = "no_complaint_filed"


class ReferralRules(RuleGroup):
    """``referral_unanswered``, ``declined_not_rerouted`` and ``services_conditioned``."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.unanswered: dict[UUID, Watch] = {}
        self.rerouting: dict[UUID, tuple[str, Watch]] = {}  # declined referral -> service
        self.conditioned: dict[UUID, tuple[str, Watch]] = {}  # declined referral -> service

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any, facts: CaseFacts) -> None:
        severity = Severity.HIGH if event.urgency == URGENT else Severity.MEDIUM
        self.unanswered[event.referral_id] = Watch(
            Rule.REFERRAL_UNANSWERED,
            event.to_agency,
            severity,
            event.due_at,
            subject_id=event.referral_id,
        )
        for declined, (service, watch) in list(self.rerouting.items()):
            if service == event.service:
                self.cure(watch, event.timestamp)
                del self.rerouting[declined]

    @follows(case_events.ReferralAccepted)
    def on_ReferralAccepted(self, event: Any, facts: CaseFacts) -> None:
        self._answered(event)
        referral = facts.referrals.get(event.referral_id)
        if referral is None:
            return
        # Accepted after the decline: the person has the service after all.
        for declined, (service, watch) in list(self.conditioned.items()):
            if referral.service == service:
                self.cure(watch, event.timestamp)
                del self.conditioned[declined]

    @follows(case_events.ReferralDeclined)
    def on_ReferralDeclined(self, event: Any, facts: CaseFacts) -> None:
        self._answered(event)
        referral = facts.referrals.get(event.referral_id)
        if referral is None:
            return
        # Another referral for the service still in force already continues the care.
        in_force = any(
            other.is_open and other.service == referral.service
            for other_id, other in facts.referrals.items()
            if other_id != event.referral_id
        )
        if not in_force:
            deadline = event.timestamp + self.limits.reroute
            watch = Watch(
                Rule.DECLINED_NOT_REROUTED,
                referral.from_agency,
                Severity.MEDIUM,
                deadline,
                subject_id=event.referral_id,
            )
            self.rerouting[event.referral_id] = (referral.service, watch)
        if event.reason == NO_COMPLAINT_FILED:
            watch = Watch(
                Rule.SERVICES_CONDITIONED,
                event.agency,
                Severity.HIGH,
                event.timestamp,
                subject_id=event.referral_id,
                by_deadline=False,
            )
            self.conditioned[event.referral_id] = (referral.service, watch)

    @follows(case_events.ReferralWithdrawn)
    def on_ReferralWithdrawn(self, event: Any, facts: CaseFacts) -> None:
        self._answered(event)

    @follows(case_events.CaseClosed)
    def on_CaseClosed(self, event: Any, facts: CaseFacts) -> None:
        # A closed case's path has ended: nothing is left to re-route.
        for _, watch in self.rerouting.values():
            self.cure(watch, event.timestamp)
        self.rerouting.clear()

    def finish(self, facts: CaseFacts) -> list[Finding]:
        self.uncured(self.unanswered.values())
        self.uncured(watch for _, watch in self.rerouting.values())
        self.uncured(watch for _, watch in self.conditioned.values())
        return self.found

    def _answered(self, event: Any) -> None:
        self.cure(self.unanswered.pop(event.referral_id, None), event.timestamp)
