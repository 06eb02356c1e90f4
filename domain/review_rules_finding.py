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

from domain.holidays import official_holidays


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
    PROSECUTOR_NOT_NOTIFIED = "prosecutor_not_notified"
    URGENT_MEDICAL_CARE_NOT_OFFERED = "urgent_medical_care_not_offered"
    URGENT_MEASURE_NOT_NOTIFIED = "urgent_measure_not_notified"
    ARCO_OVERDUE = "arco_overdue"
    COMAR_NOT_NOTIFIED = "comar_not_notified"
    REFUGEE_CLAIM_DEADLINE_NEAR = "refugee_claim_deadline_near"
    REFUGEE_CLAIM_DEADLINE_MISSED = "refugee_claim_deadline_missed"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True)
class ReviewLimits:
    """The review rules' limits: configuration, with these defaults (and their sources).

    A deployment changes the durations and the business days in its limits file
    (``RUTA_REVIEW_LIMITS``, ``adapters/review_limits_file.py``); the local time and the
    prosecutors come from its catalogue.
    """

    ppnna_notice: timedelta = timedelta(hours=1)  # LGDNNA art. 12 ("immediately"); the alarm
    reroute: timedelta = timedelta(hours=24)  # continuity of care
    handoff_ack: timedelta = timedelta(hours=2)  # chain of custody
    whereabouts_notice: timedelta = timedelta(hours=1)  # protection
    observation_answer_business_days: int = 15  # the commission's practice
    idle: timedelta = timedelta(days=30)  # follow-up
    # CNPP art. 222 ("inmediatamente"); 24 h is the hub's alarm, as for an unanswered referral.
    prosecutor_notice: timedelta = timedelta(hours=24)
    # Urgent care after sexual violence, NOM-046-SSA2-2005 ("Violencia familiar, sexual y contra
    # las mujeres"), 6.4.2: antiretroviral prophylaxis within 72 h (with NOM-010-SSA2-2010) and
    # emergency contraception up to 120 h after the event (6.4.2.3), both offered at once. The
    # hub knows no time of the event: it counts from the detection (review_rules_health.py).
    antiretroviral_prophylaxis: timedelta = timedelta(hours=72)
    emergency_contraception: timedelta = timedelta(hours=120)
    # LGDNNA art. 122 fr. VII: PPNNA gives notice of an urgent protection measure "de inmediato"
    # to the Ministerio Público and the judge, who ratifies, modifies or cancels it within 24 h;
    # the notices are owed before that.
    urgent_measure_notice: timedelta = timedelta(hours=24)
    # LRPCAP art. 21: COMAR is told "inmediatamente"; 24 h is the hub's alarm, as for a vista.
    comar_notice: timedelta = timedelta(hours=24)
    refugee_claim_business_days: int = 30  # LRPCAP art. 18
    refugee_claim_warning_days: int = 5  # business days before it: the hub's alarm
    # Business days are counted in local time (Quintana Roo), Monday to Friday, skipping these:
    # the official days of rest (Ley Federal del Trabajo art. 74, ``domain/holidays.py``).
    local_offset: timezone = timezone(timedelta(hours=-5))
    holidays: frozenset[date] = field(default_factory=official_holidays)
    # ARCO requests (LGPDPPSO art. 45): answer in 20 business days, once extended by 10, and
    # carry out a grant in 15 after the answer; the deployment's administrator answers for it.
    arco_answer_business_days: int = 20
    arco_extension_business_days: int = 10
    arco_carry_out_business_days: int = 15
    administrator: str = "segob"
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
