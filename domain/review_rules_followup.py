"""The rules on due process and follow-up: overrides reviewed, interpreters, answers, idleness."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import follows
from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch

INTERPRETATION = "interpretation"
# The commission observes but never changes a case: its observations are not follow-up.
NOT_FOLLOW_UP = frozenset({case_events.ObservationIssued})


def business_deadline(
    issued_at: datetime, business_days: int, offset: timezone, holidays: frozenset[date]
) -> datetime:
    """The end (23:59:59.999999, local) of the Nth business day after the day of issue.

    Business days are Monday to Friday in local time, except the holidays given; the day of
    issue never counts, however early the observation came.
    """
    day = issued_at.astimezone(offset).date()
    counted = 0
    while counted < business_days:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    return datetime.combine(day, time.max, tzinfo=offset)


class FollowUpRules(RuleGroup):
    """Overrides reviewed, interpreters present, observations answered, cases followed up."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.overrides: list[Watch] = []  # not yet reviewed by the commission
        self.occasions: list[tuple[datetime, str]] = []  # needing an interpreter: when, who
        self.interpreted: list[datetime] = []  # when an interpreter was provided
        self.observations: dict[UUID, Watch] = {}
        self.last_activity: datetime | None = None  # None while the case is closed

    def observe(self, event: Any, facts: CaseFacts) -> None:
        super().observe(event, facts)
        self._follow_idleness(event, facts)

    @follows(case_events.ConsentOverridden)
    def on_ConsentOverridden(self, event: Any, facts: CaseFacts) -> None:
        self.overrides.append(
            Watch(
                Rule.CONSENT_OVERRIDDEN,
                event.agency,
                Severity.MEDIUM,
                event.timestamp,
                by_deadline=False,
            )
        )

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any, facts: CaseFacts) -> None:
        self._override_made_for(event.referral_id, facts)

    @follows(case_events.CustodyHandoffInitiated)
    def on_CustodyHandoffInitiated(self, event: Any, facts: CaseFacts) -> None:
        self._override_made_for(event.handoff_id, facts)
        self.occasions.append((event.timestamp, event.agency))

    @follows(case_events.ConsentRecorded)
    def on_ConsentRecorded(self, event: Any, facts: CaseFacts) -> None:
        if event.interpreter:
            self.interpreted.append(event.timestamp)
        else:
            self.occasions.append((event.timestamp, event.agency))

    @follows(case_events.ProtectionMeasureStarted)
    def on_ProtectionMeasureStarted(self, event: Any, facts: CaseFacts) -> None:
        self._override_made_for(event.measure_id, facts)
        if event.kind == INTERPRETATION:
            self.interpreted.append(event.started_at)

    @follows(case_events.ReferralAccepted)
    def on_ReferralAccepted(self, event: Any, facts: CaseFacts) -> None:
        referral = facts.referrals.get(event.referral_id)
        if referral is not None and referral.service == INTERPRETATION:
            self.interpreted.append(event.timestamp)

    @follows(case_events.ObservationIssued)
    def on_ObservationIssued(self, event: Any, facts: CaseFacts) -> None:
        # An observation concerning the agency that overrode consent is the override reviewed.
        for watch in [w for w in self.overrides if w.agency == event.concerning]:
            self.cure(watch, event.timestamp)
            self.overrides.remove(watch)
        deadline = business_deadline(
            event.timestamp,
            self.limits.observation_answer_business_days,
            self.limits.local_offset,
            self.limits.holidays,
        )
        self.observations[event.observation_id] = Watch(
            Rule.OBSERVATION_UNANSWERED,
            event.concerning,
            Severity.MEDIUM,
            deadline,
            subject_id=event.observation_id,
        )

    @follows(case_events.ObservationAnswered)
    def on_ObservationAnswered(self, event: Any, facts: CaseFacts) -> None:
        self.cure(self.observations.pop(event.observation_id, None), event.timestamp)

    def finish(self, facts: CaseFacts) -> list[Finding]:
        self.uncured([*self.overrides, *self.observations.values()])
        self._interpreter_missing(facts)
        if self.last_activity is not None:
            self.uncured([self._idle_watch(self.last_activity, facts)])
        return self.found

    def _override_made_for(self, subject_id: UUID, facts: CaseFacts) -> None:
        # An override is recorded just before the referral, handoff or measure that needed it.
        if facts.previous is case_events.ConsentOverridden and self.overrides:
            last = self.overrides[-1]
            if last.subject_id is None:
                self.overrides[-1] = replace(last, subject_id=subject_id)

    def _interpreter_missing(self, facts: CaseFacts) -> None:
        # Provision times are when the interpreter was there (a measure's start may be dated
        # before it was recorded), so the finding is computed once all events are known.
        if not facts.needs_interpreter or not self.occasions:
            return
        since, agency = self.occasions[0]  # events come in order
        provided = min(self.interpreted, default=None)
        if provided is not None and provided <= since:
            return
        watch = Watch(Rule.INTERPRETER_MISSING, agency, Severity.MEDIUM, since, by_deadline=False)
        self.found.append(watch.finding(self.case_id, provided))

    def _follow_idleness(self, event: Any, facts: CaseFacts) -> None:
        kind = type(event)
        if kind in NOT_FOLLOW_UP:
            return
        if self.last_activity is not None:
            self.cure(self._idle_watch(self.last_activity, facts), event.timestamp)
        if kind is case_events.CaseClosed:
            self.last_activity = None
        elif not facts.closed or kind is case_events.CaseReopened:
            self.last_activity = event.timestamp

    def _idle_watch(self, last_activity: datetime, facts: CaseFacts) -> Watch:
        """Nothing since ``last_activity``: the custodian answers for it, else the detector."""
        agency = facts.custodian or facts.detecting_agency
        return Watch(Rule.CASE_IDLE, agency, Severity.LOW, last_activity + self.limits.idle)
