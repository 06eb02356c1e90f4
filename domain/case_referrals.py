"""A case's referrals (canalizaciones): issued, answered once by the addressee, closed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain import actor
from domain.agencies import Agency
from domain.case_consent import CaseConsent
from domain.case_protection import CaseProtection
from domain.case_roles import Write, require_writer
from domain.case_state import NOT_SET
from domain.errors import (
    DuplicateReferral,
    NotForChildren,
    RiskAssessmentRequired,
    SelfAddressed,
)
from domain.personal_data import SealedValue
from domain.referral import Referral, ReferralStatus
from domain.return_gate import require_return_allowed
from domain.vocabulary import (
    DeclineReason,
    LegalBasis,
    Service,
    Urgency,
    WithdrawalReason,
)


class CaseReferrals(CaseProtection):
    """Referrals between agencies."""

    class ReferralIssued(CaseConsent.Event):
        """Version 2 added ``legal_basis``, stated when the referral overrides missing consent."""

        class_version = 2
        referral_id: UUID
        to_agency: str
        service: Service
        urgency: Urgency
        due_at: datetime
        note: SealedValue | None
        legal_basis: LegalBasis | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["legal_basis"] = None

    def issue_referral(
        self,
        to: Agency,
        service: Service,
        urgency: Urgency,
        due_at: datetime,
        note: SealedValue | None,
        legal_basis: LegalBasis | None,
    ) -> UUID:
        by = require_writer(self, Write.ISSUE_REFERRAL)
        if to.code == by:
            raise SelfAddressed(field="to_agency")
        if self.is_child and not to.sees_children_cases:
            raise NotForChildren(field="to_agency", agency=to.code)
        for referral in self.referrals:
            if referral.is_open and (referral.to_agency, referral.service) == (to.code, service):
                raise DuplicateReferral(
                    field="to_agency",
                    agency=to.code,
                    service=str(service),
                    referral_id=str(referral.id),
                )
        if service == Service.ASSISTED_RETURN:
            self._require_return_allowed()  # a risk assessment, the reflection period, a child's
            self._require_returnable()  # the international-protection screening
        self._require_covered_or_overridden(to, str(service), legal_basis)
        referral_id = uuid4()
        self._referral_issued(
            referral_id=referral_id,
            to_agency=to.code,
            service=service,
            urgency=urgency,
            due_at=due_at,
            note=note,
            legal_basis=legal_basis,
        )
        return referral_id

    def _require_return_allowed(self) -> None:
        if self.risk_level is None:
            raise RiskAssessmentRequired(field="service")
        require_return_allowed(
            is_child=self.is_child,
            detected_at=self.detection.detected_at,
            now=actor.current().now(),
            return_requested=self.return_requested,
            best_interest=self.best_interest,
            risk_assessed_by=self.risk_assessed_by,
        )

    @event(ReferralIssued)
    def _referral_issued(
        self,
        referral_id: UUID,
        to_agency: str,
        service: Service,
        urgency: Urgency,
        due_at: datetime,
        note: SealedValue | None,
        legal_basis: LegalBasis | None,
        agency: str = "",
        timestamp: datetime = NOT_SET,
    ) -> None:
        self.referrals.append(
            Referral(
                id=referral_id,
                from_agency=agency,
                to_agency=to_agency,
                service=service,
                urgency=urgency,
                issued_at=timestamp,
                due_at=due_at,
                note=note,
                legal_basis=legal_basis,
            )
        )

    def accept_referral(self, referral_id: UUID) -> None:
        self._require_open()
        self.referral(referral_id).require_answerable_by(actor.current().actor.agency)
        self._referral_accepted(referral_id=referral_id)

    @event("ReferralAccepted")
    def _referral_accepted(self, referral_id: UUID, timestamp: datetime = NOT_SET) -> None:
        self._answer(referral_id, ReferralStatus.ACCEPTED, timestamp)

    def decline_referral(
        self, referral_id: UUID, reason: DeclineReason, detail: SealedValue | None
    ) -> None:
        self._require_open()
        self.referral(referral_id).require_answerable_by(actor.current().actor.agency)
        self._referral_declined(referral_id=referral_id, reason=reason, detail=detail)

    @event("ReferralDeclined")
    def _referral_declined(
        self,
        referral_id: UUID,
        reason: DeclineReason,
        detail: SealedValue | None,
        timestamp: datetime = NOT_SET,
    ) -> None:
        self._answer(referral_id, ReferralStatus.DECLINED, timestamp).decline_reason = reason

    def withdraw_referral(self, referral_id: UUID, reason: WithdrawalReason) -> None:
        self._require_open()
        self.referral(referral_id).require_withdrawable_by(actor.current().actor.agency)
        self._referral_withdrawn(referral_id=referral_id, reason=reason)

    @event("ReferralWithdrawn")
    def _referral_withdrawn(
        self, referral_id: UUID, reason: WithdrawalReason, timestamp: datetime = NOT_SET
    ) -> None:
        referral = self.referral(referral_id)
        referral.status = ReferralStatus.WITHDRAWN
        referral.withdrawal_reason = reason
        referral.closed_at = timestamp

    def complete_referral(self, referral_id: UUID) -> None:
        self._require_open()
        self.referral(referral_id).require_completable_by(actor.current().actor.agency)
        self._referral_completed(referral_id=referral_id)

    @event("ReferralCompleted")
    def _referral_completed(self, referral_id: UUID, timestamp: datetime = NOT_SET) -> None:
        referral = self.referral(referral_id)
        referral.status = ReferralStatus.COMPLETED
        referral.closed_at = timestamp

    def _answer(self, referral_id: UUID, status: ReferralStatus, at: datetime) -> Referral:
        referral = self.referral(referral_id)
        referral.status = status
        referral.answered_at = at
        if status == ReferralStatus.DECLINED:
            referral.closed_at = at
        return referral
