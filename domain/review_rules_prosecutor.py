"""The notice to the prosecutor: ``prosecutor_not_notified``.

Whoever learns of a probable crime in the exercise of public functions must report it to the
Ministerio Público "inmediatamente" (CNPP art. 222, second paragraph), and trafficking is
prosecuted ex officio (Ley General de Trata, art. 7 fr. III). The law sets no hours: the alarm is
``ReviewLimits.prosecutor_notice`` after detection (24 h by default, as for an unanswered
referral: the first day goes to the person's urgent care, and a notice still missing a day
later is a finding). A case detected by a prosecutor's office needs no notice: the Ministerio
Público has the news of the crime itself (CNPP art. 221). Only a ``ProsecutorNotified`` cures
the finding; a referral for investigation, even accepted, does not (``domain/case_prosecutor.py``
says why).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import follows
from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch


class ProsecutorRules(RuleGroup):
    """``prosecutor_not_notified``: against the case's lead as it stood at the deadline."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.deadline: datetime | None = None  # while no notice is recorded
        self.answerable: str | None = None  # the lead when the deadline passed
        self.last_holder: str | None = None

    def observe(self, event: Any, facts: CaseFacts) -> None:
        if facts.custodian is not None:
            self.last_holder = facts.custodian
        if (
            self.deadline is not None
            and self.answerable is None
            and event.timestamp > self.deadline
        ):
            self.answerable = self._lead(facts)
        super().observe(event, facts)

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any, facts: CaseFacts) -> None:
        detection = event.detection
        if detection.agency not in self.limits.prosecutors:
            self.deadline = detection.detected_at + self.limits.prosecutor_notice

    @follows(case_events.ProsecutorNotified)
    def on_ProsecutorNotified(self, event: Any, facts: CaseFacts) -> None:
        self.cure(self._watch(facts), event.timestamp)
        self.deadline = None

    def finish(self, facts: CaseFacts) -> list[Finding]:
        if facts.custodian is not None:
            self.last_holder = facts.custodian
        self.uncured([self._watch(facts)])
        return self.found

    def _watch(self, facts: CaseFacts) -> Watch | None:
        if self.deadline is None:
            return None
        agency = self.answerable or self._lead(facts)
        return Watch(Rule.PROSECUTOR_NOT_NOTIFIED, agency, Severity.HIGH, self.deadline)

    def _lead(self, facts: CaseFacts) -> str:
        """As ``CaseState.lead``: the custodian, else the last holder, else the detecting agency."""
        return facts.custodian or self.last_holder or facts.detecting_agency
