"""Referrals: one agency asks another to serve the person; the addressee answers."""

from __future__ import annotations

from uuid import UUID

from domain.errors import DeclineNeedsReason
from domain.hub_base import Created
from domain.hub_reads import HubReads
from domain.vocabulary import (
    DeclineReason,
    LegalBasis,
    Service,
    Urgency,
    WithdrawalReason,
    parse_code,
)


class ReferralUseCases(HubReads):
    """Issuing, answering, withdrawing and completing referrals."""

    def issue_referral(
        self,
        case_id: UUID,
        to_agency: str,
        service: str,
        urgency: str = "normal",
        note: str | None = None,
        legal_basis: str | None = None,
    ) -> Created:
        self._party()
        wanted = parse_code(Service, service, field="service")
        to = self.catalogue.offering(to_agency, wanted, field="to_agency")
        level = parse_code(Urgency, urgency, field="urgency")
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        due_at = self.deadlines.referral_due(self.clock(), level, case.risk_level)
        sealed = self._seal_text(case_id, "referral.note", note)
        referral_id = case.issue_referral(to, wanted, level, due_at, sealed, basis)
        return Created(referral_id, self._save(case, referral_id=str(referral_id)))

    def accept_referral(self, case_id: UUID, referral_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.accept_referral(referral_id)
        return self._save(case)

    def decline_referral(
        self, case_id: UUID, referral_id: UUID, reason: str, detail: str | None = None
    ) -> int:
        self._party()
        if not reason or not reason.strip():
            raise DeclineNeedsReason(field="reason")
        why = parse_code(DeclineReason, reason, field="reason")
        case = self.get_case(case_id)
        case.decline_referral(referral_id, why, self._seal_text(case_id, "referral.detail", detail))
        return self._save(case)

    def withdraw_referral(self, case_id: UUID, referral_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.withdraw_referral(referral_id, parse_code(WithdrawalReason, reason, field="reason"))
        return self._save(case)

    def complete_referral(self, case_id: UUID, referral_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.complete_referral(referral_id)
        return self._save(case)
