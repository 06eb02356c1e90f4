"""The rules on custody: handoffs acknowledged in time, no gap in the chain, nobody lost.

A custody gap is read from the chain of custody itself (``domain.custody_chain``), so that the
commission's findings and the custody view never disagree about when nobody held the person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from domain import case_events
from domain.consent import PPNNA
from domain.custody_chain import custody_chain
from domain.event_folds import follows
from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch

# Leaving care for these reasons is the end of the path, not a gap in it.
PATH_ENDS = frozenset({"reintegrated", "returned_to_country"})
# An adult who leaves a shelter or any agency's care decides so: shelters are not detention.
# Victims are never held against their will (Ley General de Trata art. 3 fr. I, maximum
# protection of the victims' dignity, freedom and security, and art. 90 fr. V: a stay in a
# shelter or halfway house is voluntary; OHCHR Recommended Principles on Human Rights and Human
# Trafficking, principle 7 and guideline 6, not confirmed against their text), so their
# departure is recorded as their own decision and raises no finding. Only an adult is released
# to nobody (``CaseCustody``); a child who leaves is reported with whereabouts unknown instead.
PERSONS_DECISION = frozenset({"voluntary_departure"})
PROSECUTOR = "prosecutor"


class CustodyRules(RuleGroup):
    """``handoff_unacknowledged`` and ``whereabouts_unknown`` (see ``custody_gaps``)."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.handoffs: dict[UUID, Watch] = {}
        self.missing: Watch | None = None
        self.escalation: Watch | None = None
        self.to_notify: set[str] = set()  # PPNNA and PROSECUTOR, while not yet notified

    @follows(case_events.CustodyHandoffInitiated)
    def on_CustodyHandoffInitiated(self, event: Any, facts: CaseFacts) -> None:
        self.handoffs[event.handoff_id] = Watch(
            Rule.HANDOFF_UNACKNOWLEDGED,
            event.to_agency,
            Severity.HIGH,
            event.timestamp + self.limits.handoff_ack,
            subject_id=event.handoff_id,
        )

    @follows(case_events.CustodyHandoffAcknowledged)
    def on_CustodyHandoffAcknowledged(self, event: Any, facts: CaseFacts) -> None:
        self.cure(self.handoffs.pop(event.handoff_id, None), event.timestamp)

    @follows(case_events.CustodyHandoffRefused)
    def on_CustodyHandoffRefused(self, event: Any, facts: CaseFacts) -> None:
        self.cure(self.handoffs.pop(event.handoff_id, None), event.timestamp)

    @follows(case_events.WhereaboutsUnknownReported)
    def on_WhereaboutsUnknownReported(self, event: Any, facts: CaseFacts) -> None:
        agency = facts.custodian or event.agency
        self.missing = Watch(
            Rule.WHEREABOUTS_UNKNOWN, agency, Severity.HIGH, event.timestamp, by_deadline=False
        )

        # Who must hear of it: PPNNA for a child, a prosecutor always. An agency that reported
        # it, holds the person or serves an open referral follows the case and has heard.
        def heard(code: str) -> bool:
            return code == event.agency or facts.involved_for_notice(code)

        self.to_notify = set()
        if facts.is_child and not heard(PPNNA):
            self.to_notify.add(PPNNA)
        if not any(heard(code) for code in self.limits.prosecutors):
            self.to_notify.add(PROSECUTOR)
        self.escalation = None
        if self.to_notify:
            deadline = event.timestamp + self.limits.whereabouts_notice
            self.escalation = Watch(Rule.WHEREABOUTS_UNKNOWN, agency, Severity.CRITICAL, deadline)

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any, facts: CaseFacts) -> None:
        if self.escalation is None:
            return
        self.to_notify.discard(self._role(event.to_agency))
        if not self.to_notify:
            self.cure(self.escalation, event.timestamp)
            self.escalation = None

    @follows(case_events.PersonLocated)
    def on_PersonLocated(self, event: Any, facts: CaseFacts) -> None:
        self.cure(self.missing, event.timestamp)
        self.cure(self.escalation, event.timestamp)
        self.missing = self.escalation = None
        self.to_notify.clear()

    def finish(self, facts: CaseFacts) -> list[Finding]:
        self.uncured([*self.handoffs.values(), self.missing, self.escalation])
        return self.found

    def _role(self, agency: str) -> str:
        if agency in self.limits.prosecutors:
            return PROSECUTOR
        return agency


def custody_gaps(case_id: UUID, events: Sequence[Any], facts: CaseFacts) -> list[Finding]:
    """``custody_gap``: one finding for each time nobody held a person who had been held,
    unless the path ended there or the adult decided to leave."""
    return [
        Finding(
            rule=str(Rule.CUSTODY_GAP),
            case_id=case_id,
            agency=gap.agency or facts.detecting_agency,
            severity=str(Severity.HIGH),
            since=gap.started_at,
            resolved_at=gap.ended_at,
        )
        for gap in custody_chain(case_id, events).gaps
        if gap.kind == "no_custodian" and gap.reason not in PATH_ENDS | PERSONS_DECISION
    ]
