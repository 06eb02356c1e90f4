"""The review rules: what the law forbids but may still happen, found in a case's events alone.

``review_findings`` is a pure function of one case's events and the limits: it never reads the
clock, so a replay gives the same findings, and a rule whose deadline passes with no further
event still "fires on its own" (its finding's ``since`` is that deadline). The reader decides
which findings exist at a moment ``now`` with ``is_open`` or ``has_begun``. A condition cured by
its deadline leaves no finding; cured after it, the finding records when (``resolved_at``).

Defaults of the limits are in ``ReviewLimits``.

=========================== ======================= ================ ======== ======================
rule (source)               begins (since)          agency concerned severity cured by (resolved_at)
=========================== ======================= ================ ======== ======================
child_not_notified_to_ppnna detected_at +           the detecting    high     the first referral to
(LGDNNA art. 12             ppnna_notice, for a     agency (or the            ppnna (any status); an
("immediately"); 1 h is the presumed child (or      assessing one)            assessment saying
hub's alarm)                assessment finding a                              adult
                            child + ppnna_notice)

child_in_detention          a migration_detention   the measure's    critical the measure's
(Ley de Migración, art.     measure's started_at,   provider                  ended_at; an
99, DOF 11-11-2020)         for a presumed child                              assessment saying
                                                                              adult

referral_unanswered         the referral's due_at   the addressee    high if  accepted, declined or
(practice of case-          (its urgency and the                     urgent,  withdrawn
management systems)         risk are in it)                          else
                                                                     medium

declined_not_rerouted       decline + reroute,      the sender of    medium   a referral for the
(continuity of care)        unless a referral for   the declined              same service (any
                            the service is in force referral                  agency); the case
                                                                              closed

handoff_unacknowledged      initiated + handoff_ack the receiving    high     acknowledged or
(chain of custody)                                  agency                    refused

custody_gap                 custody released,       the last         high     custody taken again;
(chain of custody)          unless reintegrated or  custodian                 the case closed (the
                            returned_to_country                               gap's end in
                                                                              custody_chain)

consent_overridden          each ConsentOverridden  the overriding   medium   a later observation
(always reviewed)                                   agency                    concerning that agency

interpreter_missing         the first consent       who recorded it  medium   the first interpreter:
(due process)               without interpreter, or or initiated the          an interpretation
                            handoff, before any     handoff                   measure (started_at),
                            interpreter, when the                             an accepted
                            detection needs one                               interpretation
                                                                              referral, a consent
                                                                              with interpreter

whereabouts_unknown         the report              the custodian,   high     PersonLocated
(protection)                                        else the
                                                    reporting agency

whereabouts_unknown         escalation: report +    the same         critical both notified (a
(protection, escalated)     whereabouts_notice,                               referral to each), or
                            without PPNNA (a child)                           located
                            and a prosecutor
                            notified

services_conditioned        a referral declined for the declining    high     a referral for the
(LG de Trata, art. 3 XI)    no_complaint_filed      agency                    service accepted after
                                                                              the decline

observation_unanswered      the end of the Nth      the agency       medium   its answer
(the commission's practice) business day after      concerned
                            issue (local time)

case_idle                   last event + idle,      the custodian,   low      the next event
(follow-up)                 while the case is open  else the
                                                    detecting agency

prosecutor_not_notified     detected_at +           the lead when    high     the first
(CNPP art. 222              prosecutor_notice,      the deadline              ProsecutorNotified
("inmediatamente"); 24 h is unless a prosecutor     passed                    (fge or fgr)
the hub's alarm)            detected the case

urgent_medical_care_not_    detected_at + the       the lead, as at  high     the first offer
offered (NOM-046-SSA2-2005, earliest of             the limit                 (offered_at), accepted
6.4.2; 6.4.2.3;             antiretroviral_                                   or declined; the case
NOM-010-SSA2-2010)          prophylaxis (72 h) and                            closed
                            emergency_contraception
                            (120 h), when the
                            detection names sexual
                            exploitation

urgent_measure_not_notified an urgent_protection_   the measure's    high     both notices recorded
(LGDNNA art. 122 fr. VII:   measure's started_at +  provider (PPNNA)          (UrgentMeasureNotified
aviso de inmediato; 24 h)   urgent_measure_notice                             to prosecutor and
                                                                              judge): notified_at

comar_not_notified          the screening, once the who recorded the high     a referral to comar;
(LRPCAP art. 21,            person accepted COMAR,  screening                 a later screening
"inmediatamente"; 24 h is   + comar_notice                                    declining
the hub's alarm)

refugee_claim_deadline_near warning days before the who recorded the medium   a referral to comar;
(LRPCAP art. 18; the        deadline, once the      screening                 a later screening
warning is the hub's)       person accepted COMAR                             declining; the
                                                                              deadline

refugee_claim_deadline_     the end of the 30th     who recorded the high     a referral to comar
missed (LRPCAP art. 18;     business day after      screening                 (late); a later
Reglamento art. 19)         entry, else detection                             screening declining
=========================== ======================= ================ ======== ======================

Decisions where the rules leave room:

- A deadline met exactly (cured at ``since``) leaves no finding. An act that is a finding in
  itself (a child detained, consent overridden, services conditioned, whereabouts unknown) is
  kept however soon it is cured.
- A person found to be a child by an assessment, after a detection as adult, is owed the PPNNA
  notice from that assessment (the assessing agency answers for it), and a detention then in
  force becomes a child's detention.
- A decline while another referral for the same service is in force (pending or accepted)
  needs no re-routing; closing the case ends the need to re-route.
- An override's subject is the referral or handoff recorded with it (the next event).
- An interpreter is present from an interpretation measure's ``started_at`` (it may be dated
  before it was recorded), so the finding is settled with all the events known.
- An agency "notified" of a disappearance is one that reported it, holds the person, or serves
  an open (pending or accepted) referral; the others need a referral issued after the report.
  ``prosecutors`` (limits) names the prosecution agencies, since the domain's rules do not read
  the catalogue.
- Business days run Monday to Friday in local time (``local_offset``), skipping ``holidays``;
  the deadline is 23:59:59.999999 local of the last one. The day of issue never counts.
- The commission's own observations are not follow-up: they neither start nor end idleness.
  Events recorded while the case is closed (answers, erasure) do not count either.
- Urgent medical care after sexual violence is one finding with the earliest limit, counted
  from the detection (``domain/review_rules_health.py`` says why).
- A notice of an urgent measure counts from its ``notified_at`` (the time it was given, which
  may be before it was recorded); both the prosecutor's and the judge's are owed.
- Events are one case's, in order (``hub.timeline``); pass those up to a past moment to see the
  findings as they stood then.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_children import ChildRules
from domain.review_rules_custody import CustodyRules, custody_gaps
from domain.review_rules_finding import (
    Finding,
    ReviewLimits,
    Rule,
    Severity,
    has_begun,
    is_open,
)
from domain.review_rules_followup import FollowUpRules, business_deadline
from domain.review_rules_health import HealthRules
from domain.review_rules_prosecutor import ProsecutorRules
from domain.review_rules_protection import ProtectionRules
from domain.review_rules_referrals import ReferralRules

__all__ = [
    "DEFAULT_LIMITS",
    "FINDING_RULES",
    "Finding",
    "ReviewLimits",
    "Rule",
    "Severity",
    "business_deadline",
    "has_begun",
    "is_open",
    "review_findings",
]

FINDING_RULES: tuple[str, ...] = tuple(rule.value for rule in Rule)
DEFAULT_LIMITS = ReviewLimits()


def review_findings(
    case_id: UUID, events: Iterable[object], limits: ReviewLimits = DEFAULT_LIMITS
) -> list[Finding]:
    """Every finding of one case, open or resolved, from its events (in order) alone."""
    timeline: list[Any] = list(events)
    facts = CaseFacts()
    groups: list[RuleGroup] = [
        rules(case_id, limits)
        for rules in (
            ChildRules,
            ReferralRules,
            CustodyRules,
            FollowUpRules,
            ProsecutorRules,
            HealthRules,
            ProtectionRules,
        )
    ]
    for event in timeline:
        for group in groups:
            group.observe(event, facts)
        facts.take(event)
    found = [finding for group in groups for finding in group.finish(facts)]
    found.extend(custody_gaps(case_id, timeline, facts))
    return sorted(found, key=_order)


def _order(finding: Finding) -> tuple[Any, ...]:
    subject = str(finding.subject_id or "")
    return (finding.since, finding.rule, subject, finding.agency, finding.severity)
