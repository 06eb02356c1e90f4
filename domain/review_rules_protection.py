"""The rules on international protection: a person who wants asylum is referred to COMAR in time.

Any authority that learns that a foreigner wants to seek refugee status tells COMAR in writing at
once (LRPCAP art. 21, "inmediatamente"); in Ruta that notice is the referral to ``comar``.

The claim for refugee status is filed within 30 business days counted from the business day
after the person entered Mexico, or after the day it became materially possible to file (Ley
sobre Refugiados, Protección Complementaria y Asilo Político, art. 18; its Reglamento, art. 19,
admits a late claim for a cause not attributable to the person, read without rigour by the
Suprema Corte: Segunda Sala, amparos en revisión 353/2019 and 399/2019). Ruta counts from the
entry date when the screening records one, else from the detection: a victim under the
exploiters' control could not file before, so a late claim then states that cause.

- ``comar_not_notified``: the person accepted the referral to COMAR in the screening and none
  was issued within ``comar_notice`` of it (24 h: the hub's alarm for "inmediatamente"); it ends
  at the referral or a later screening that declines.
- ``refugee_claim_deadline_near``: the person accepted the referral to COMAR in the screening
  and none has been issued ``refugee_claim_warning_business_days`` before the deadline; it ends
  at the referral, a later screening that declines, or the deadline (when ``..._missed`` begins).
- ``refugee_claim_deadline_missed``: the deadline passed without the referral; it ends at the
  referral (late, so the claim must state why) or a later screening that declines.

The agency concerned is the one that recorded the screening: it owes the referral.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain import case_events
from domain.event_folds import follows
from domain.review_rules_case import CaseFacts, RuleGroup
from domain.review_rules_finding import Finding, ReviewLimits, Rule, Severity, Watch
from domain.review_rules_followup import business_deadline

COMAR = "comar"
ACCEPTED = "accepted"


class ProtectionRules(RuleGroup):
    """``comar_not_notified``, ``refugee_claim_deadline_near`` and
    ``refugee_claim_deadline_missed``."""

    def __init__(self, case_id: UUID, limits: ReviewLimits) -> None:
        super().__init__(case_id, limits)
        self.detected_at: datetime | None = None
        self.referred = False
        self.deadline: datetime | None = None
        self.notice: Watch | None = None
        self.near: Watch | None = None
        self.missed: Watch | None = None

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any, facts: CaseFacts) -> None:
        self.detected_at = event.detection.detected_at

    @follows(case_events.InternationalProtectionScreened)
    def on_InternationalProtectionScreened(self, event: Any, facts: CaseFacts) -> None:
        self._cure(event.timestamp)
        if str(event.comar_referral) != ACCEPTED or self.referred:
            return
        start = event.entered_at or self.detected_at or event.timestamp
        limits = self.limits
        days, warning = limits.refugee_claim_business_days, limits.refugee_claim_warning_days
        deadline = self._deadline(start, days)
        self.deadline = deadline
        warn = self._deadline(start, max(days - warning, 0))
        agency = event.agency
        self.notice = Watch(
            Rule.COMAR_NOT_NOTIFIED, agency, Severity.HIGH, event.timestamp + limits.comar_notice
        )
        if event.timestamp < deadline:
            since = max(warn, event.timestamp)
            self.near = Watch(Rule.REFUGEE_CLAIM_DEADLINE_NEAR, agency, Severity.MEDIUM, since)
        self.missed = Watch(
            Rule.REFUGEE_CLAIM_DEADLINE_MISSED,
            agency,
            Severity.HIGH,
            max(deadline, event.timestamp),
        )

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any, facts: CaseFacts) -> None:
        if event.to_agency == COMAR:
            self.referred = True
            self._cure(event.timestamp)

    def finish(self, facts: CaseFacts) -> list[Finding]:
        if self.near is not None and self.deadline is not None:
            self.cure(self.near, self.deadline)  # the warning ends where the miss begins
        self.uncured([self.notice, self.missed])
        return self.found

    def _cure(self, at: datetime) -> None:
        if self.near is not None and self.deadline is not None:
            self.cure(self.near, min(at, self.deadline))
        self.cure(self.notice, at)
        self.cure(self.missed, at)
        self.notice = self.near = self.missed = None

    def _deadline(self, start: datetime, days: int) -> datetime:
        limits = self.limits
        return business_deadline(start, days, limits.local_offset, limits.holidays)
