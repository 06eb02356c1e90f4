"""The rule on urgent medical care after sexual violence: offered in time, whatever the answer.

NOM-046-SSA2-2005 ("Violencia familiar, sexual y contra las mujeres. Criterios para la prevención
y atención"), 6.4.2, makes sexual violence a medical emergency: antiretroviral prophylaxis within
72 hours (as NOM-010-SSA2-2010 sets it) and emergency contraception up to 120 hours after the
event (6.4.2.3), both offered at once, with the information the person needs to decide. A case
whose detection names sexual exploitation is owed that offer; the person may decline it, and
offering is what the rule checks (``UrgentMedicalCareOffered``, with the answer).

Decisions where the norm leaves room:

- One finding, not two. The event says that urgent care was offered, never which care (need to
  know: no clinical detail leaves the clinical record), so the offer is one act and it is owed
  by the earliest limit (``antiretroviral_prophylaxis``, 72 h by default; a deployment that
  changes a limit keeps the earliest of the two).
- The limits count from the detection's ``detected_at``: the hub records no time of the
  violence (that would be narrative), and the route cannot offer care before it knows of the
  person. The law's clock may have started earlier, so the finding is the latest alarm there is.
- The lead answers for it (the custodian; when nobody holds the person, the last custodian; the
  detecting agency when nobody ever did), as the case stood when the limit passed.
- The offer counts from its ``offered_at`` (it may be recorded after the fact), so the finding
  is settled with all the events known. Closing the case ends the watch: a closed case records
  nothing else, and reopening it does not start the limit again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import follows
from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch

SEXUAL = "sexual"


class HealthRules(RuleGroup):
    """``urgent_medical_care_not_offered``."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.due: datetime | None = None  # None: the case is owed no such offer
        self.lead_then: str | None = None  # the lead when the limit passed
        self.offered: list[datetime] = []
        self.closed_at: datetime | None = None

    def observe(self, event: Any, facts: CaseFacts) -> None:
        # ``facts`` are the case before this event: past the limit, they are the case at it.
        if self.due is not None and self.lead_then is None and event.timestamp > self.due:
            self.lead_then = facts.lead
        super().observe(event, facts)

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any, facts: CaseFacts) -> None:
        detection = event.detection
        if SEXUAL in {str(form) for form in detection.exploitation_forms}:
            limit = min(self.limits.antiretroviral_prophylaxis, self.limits.emergency_contraception)
            self.due = detection.detected_at + limit

    @follows(case_events.UrgentMedicalCareOffered)
    def on_UrgentMedicalCareOffered(self, event: Any, facts: CaseFacts) -> None:
        self.offered.append(event.offered_at)  # accepted or declined: it was offered

    @follows(case_events.CaseClosed)
    def on_CaseClosed(self, event: Any, facts: CaseFacts) -> None:
        if self.closed_at is None:
            self.closed_at = event.timestamp

    def finish(self, facts: CaseFacts) -> list[Finding]:
        if self.due is None:
            return self.found
        # With no event after the limit, the case as it stands now is the case at the limit.
        agency = self.lead_then or facts.lead
        watch = Watch(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, agency, Severity.HIGH, self.due)
        ends = [*self.offered, *([self.closed_at] if self.closed_at else [])]
        if ends:
            self.cure(watch, min(ends))
        else:
            self.uncured([watch])
        return self.found
