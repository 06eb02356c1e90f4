"""What the review rules produce: findings, their codes and severities, and the rules' limits.

A finding is a value computed from a case's events: it begins at ``since`` (often a deadline
later than the last event) and ends at ``resolved_at`` (None while uncured). Whether it exists at
a moment is for the reader to ask, with ``is_open``; nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from uuid import UUID


class Rule(StrEnum):
    """The review rules' codes: a contract with the commission's tools (add, never rename)."""

    CHILD_NOT_NOTIFIED_TO_PPNNA = "child_not_notified_to_ppnna"
    CHILD_IN_DETENTION = "child_in_detention"
    REFERRAL_UNANSWERED = "referral_unanswered"
    DECLINED_NOT_REROUTED = "declined_not_rerouted"
    HANDOFF_UNACKNOWLEDGED = "handoff_unacknowledged"
    CUSTODY_GAP = "custody_gap"
    CONSENT_OVERRIDDEN = "consent_overridden"
    INTERPRETER_MISSING = "interpreter_missing"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    SERVICES_CONDITIONED = "services_conditioned"
    OBSERVATION_UNANSWERED = "observation_unanswered"
    CASE_IDLE = "case_idle"
    REFUGEE_CLAIM_DEADLINE_NEAR = "refugee_claim_deadline_near"
    REFUGEE_CLAIM_DEADLINE_MISSED = "refugee_claim_deadline_missed"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True)
class ReviewLimits:
    """The review rules' limits: configuration, with these defaults (and their sources)."""

    ppnna_notice: timedelta = timedelta(hours=1)  # LGDNNA art. 12 ("immediately"); the alarm
    reroute: timedelta = timedelta(hours=24)  # continuity of care
    handoff_ack: timedelta = timedelta(hours=2)  # chain of custody
    whereabouts_notice: timedelta = timedelta(hours=1)  # protection
    observation_answer_business_days: int = 15  # the commission's practice
    idle: timedelta = timedelta(days=30)  # follow-up
    refugee_claim_business_days: int = 30  # LRPCAP art. 18
    refugee_claim_warning_days: int = 5  # business days before it: the hub's alarm
    # Business days are counted in local time (Quintana Roo), Monday to Friday, skipping these.
    local_offset: timezone = timezone(timedelta(hours=-5))
    holidays: frozenset[date] = field(default_factory=frozenset)
    # The agencies of kind "prosecution" in the catalogue: the domain's rules do not read it.
    prosecutors: frozenset[str] = frozenset({"fge", "fgr"})


@dataclass(frozen=True)
class Finding:
    """A rule's finding about one case: who must act, how grave, from when, until when."""

    rule: str  # a Rule code
    case_id: UUID
    agency: str  # the agency concerned: who must act, or answers for it
    severity: str  # a Severity code
    since: datetime
    resolved_at: datetime | None = None
    subject_id: UUID | None = None  # the referral, handoff, measure or observation concerned


def has_begun(finding: Finding, now: datetime) -> bool:
    return finding.since <= now


def is_open(finding: Finding, now: datetime) -> bool:
    """Begun by ``now`` and not yet resolved then."""
    return finding.since <= now and (finding.resolved_at is None or finding.resolved_at > now)


@dataclass(frozen=True)
class Watch:
    """A condition under watch: a finding from ``since`` unless cured in time.

    A deadline (``by_deadline``) cured at or before ``since`` leaves no finding at all; an act
    that is a finding in itself (a consent override, a child detained) is kept however soon it
    is cured.
    """

    rule: Rule
    agency: str
    severity: Severity
    since: datetime
    subject_id: UUID | None = None
    by_deadline: bool = True

    def cured(self, case_id: UUID, at: datetime) -> Finding | None:
        if self.by_deadline and at <= self.since:
            return None
        return self.finding(case_id, max(at, self.since))

    def finding(self, case_id: UUID, resolved_at: datetime | None = None) -> Finding:
        return Finding(
            rule=str(self.rule),
            case_id=case_id,
            agency=self.agency,
            severity=str(self.severity),
            since=self.since,
            resolved_at=resolved_at,
            subject_id=self.subject_id,
        )
