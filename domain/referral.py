"""A referral (canalización): one agency asks another for a service, with a due time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import (
    NotTheAddressee,
    NotTheSender,
    ReferralAlreadyAnswered,
    ReferralNotOpen,
)
from domain.personal_data import SealedValue
from domain.vocabulary import DeclineReason, Service, Urgency, WithdrawalReason


class ReferralStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"


OPEN_REFERRAL = frozenset({ReferralStatus.PENDING, ReferralStatus.ACCEPTED})


@dataclass
class Referral:
    """A referral inside its case; its status changes only through the case's events."""

    id: UUID
    from_agency: str
    to_agency: str
    service: Service
    urgency: Urgency
    issued_at: datetime
    due_at: datetime
    note: SealedValue | None = None
    legal_basis: str | None = None
    status: ReferralStatus = ReferralStatus.PENDING
    answered_at: datetime | None = None
    decline_reason: DeclineReason | None = None
    withdrawal_reason: WithdrawalReason | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL

    def require_answerable_by(self, agency: str) -> None:
        """Only the addressee answers, and only once."""
        if agency != self.to_agency:
            raise NotTheAddressee(field="referral_id", addressee=self.to_agency)
        if self.status != ReferralStatus.PENDING:
            raise ReferralAlreadyAnswered(
                field="referral_id", referral_id=str(self.id), status=str(self.status)
            )

    def require_withdrawable_by(self, agency: str) -> None:
        if agency != self.from_agency:
            raise NotTheSender(field="referral_id", sender=self.from_agency)
        if not self.is_open:
            raise ReferralNotOpen(
                field="referral_id", referral_id=str(self.id), status=str(self.status)
            )

    def require_completable_by(self, agency: str) -> None:
        if agency != self.to_agency:
            raise NotTheAddressee(field="referral_id", addressee=self.to_agency)
        if self.status != ReferralStatus.ACCEPTED:
            raise ReferralNotOpen(
                field="referral_id", referral_id=str(self.id), status=str(self.status)
            )
