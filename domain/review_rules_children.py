"""The rules that protect children: notice to PPNNA at once, never in migration detention, an
urgent protection measure notified to the prosecutor and the judge (LGDNNA art. 122 fr. VII).

A person is presumed a child (under 18, or of unknown or disputed age) until an ``AgeAssessed``
says adult (LGDNNA art. 5); an assessment that says adult ends both findings at its time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain import case_events
from domain.consent import PPNNA
from domain.event_folds import follows
from domain.review_rules_case import ADULT, CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch

MIGRATION_DETENTION = "migration_detention"
URGENT_PROTECTION_MEASURE = "urgent_protection_measure"
NOTICES_OWED = frozenset({"prosecutor", "judge"})  # ``NoticeRecipient``'s codes


class ChildRules(RuleGroup):
    """``child_not_notified_to_ppnna``, ``child_in_detention``, ``urgent_measure_not_notified``."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.notice: Watch | None = None
        self.notified = False
        self.detained: dict[UUID, str] = {}  # each detention measure in force -> its provider
        self.detained_child: dict[UUID, Watch] = {}
        # Each urgent measure whose notices are owed -> its watch, and the recipients owed.
        self.unnotified: dict[UUID, tuple[Watch, set[str]]] = {}

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any, facts: CaseFacts) -> None:
        detection = event.detection
        # PPNNA's own detection is the notice: it knows of the case and cannot refer to itself
        # (LGDNNA art. 12 asks that the competent authority know at once; art. 123 fr. I has
        # PPNNA detect or receive the cases).
        self.notified = detection.agency == PPNNA
        if detection.age_group != ADULT:
            self._watch_notice(detection.agency, detection.detected_at + self.limits.ppnna_notice)

    @follows(case_events.AgeAssessed)
    def on_AgeAssessed(self, event: Any, facts: CaseFacts) -> None:
        if event.age_group == ADULT:
            self.cure(self.notice, event.timestamp)
            self.notice = None
            for watch in self.detained_child.values():
                self.cure(watch, event.timestamp)
            self.detained_child.clear()
        elif not facts.is_child:
            # Found to be a child after all: the notice is due from this assessment, and a
            # detention in force becomes a child's detention now.
            self._watch_notice(event.agency, event.timestamp + self.limits.ppnna_notice)
            for measure_id, provider in self.detained.items():
                self._watch_detention(measure_id, provider, event.timestamp)

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any, facts: CaseFacts) -> None:
        if event.to_agency == PPNNA:
            self.notified = True
            self.cure(self.notice, event.timestamp)
            self.notice = None

    @follows(case_events.ProtectionMeasureStarted)
    def on_ProtectionMeasureStarted(self, event: Any, facts: CaseFacts) -> None:
        if event.kind == URGENT_PROTECTION_MEASURE:
            deadline = event.started_at + self.limits.urgent_measure_notice
            watch = Watch(
                Rule.URGENT_MEASURE_NOT_NOTIFIED,
                event.provider,
                Severity.HIGH,
                deadline,
                subject_id=event.measure_id,
            )
            self.unnotified[event.measure_id] = (watch, set(NOTICES_OWED))
        if event.kind == MIGRATION_DETENTION:
            self.detained[event.measure_id] = event.provider
            if facts.is_child:
                self._watch_detention(event.measure_id, event.provider, event.started_at)

    @follows(case_events.ProtectionMeasureEnded)
    def on_ProtectionMeasureEnded(self, event: Any, facts: CaseFacts) -> None:
        self.detained.pop(event.measure_id, None)
        self.cure(self.detained_child.pop(event.measure_id, None), event.ended_at)

    @follows(case_events.UrgentMeasureNotified)
    def on_UrgentMeasureNotified(self, event: Any, facts: CaseFacts) -> None:
        """Cured when both notices are recorded, at the later one's time."""
        owed = self.unnotified.get(event.measure_id)
        if owed is None:
            return
        watch, recipients = owed
        recipients.discard(str(event.recipient))
        if not recipients:
            self.cure(watch, event.notified_at)
            del self.unnotified[event.measure_id]

    def finish(self, facts: CaseFacts) -> list[Finding]:
        watches = [watch for watch, _ in self.unnotified.values()]
        self.uncured([self.notice, *self.detained_child.values(), *watches])
        return self.found

    def _watch_notice(self, agency: str, deadline: datetime) -> None:
        if not self.notified:
            self.notice = Watch(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, agency, Severity.HIGH, deadline)

    def _watch_detention(self, measure_id: UUID, provider: str, since: datetime) -> None:
        self.detained_child[measure_id] = Watch(
            Rule.CHILD_IN_DETENTION,
            provider,
            Severity.CRITICAL,
            since,
            subject_id=measure_id,
            by_deadline=False,
        )
