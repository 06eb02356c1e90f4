"""Custody of the person: who holds it, and the handoffs that pass it on.

Custody passes only when the receiving agency acknowledges a handoff initiated by the current
custodian, and one handoff is open at a time, so the chain of custody never forks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import (
    HandoffAlreadyOpen,
    HandoffNotOpen,
    NobodyInCustody,
    NotTheCustodian,
    NotTheReceiver,
    SelfAddressed,
    WhereaboutsUnknown,
)
from domain.personal_data import SealedValue
from domain.vocabulary import HandoffRefusalReason


class HandoffStatus(StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    REFUSED = "refused"


@dataclass
class Handoff:
    """A handoff inside its case."""

    id: UUID
    from_agency: str
    to_agency: str
    initiated_at: datetime
    place: SealedValue | None = None
    legal_basis: str | None = None
    status: HandoffStatus = HandoffStatus.PENDING
    resolved_at: datetime | None = None
    refusal_reason: HandoffRefusalReason | None = None

    @property
    def is_open(self) -> bool:
        return self.status == HandoffStatus.PENDING

    def require_resolvable_by(self, agency: str) -> None:
        """Only the receiving agency acknowledges or refuses, and only an open handoff."""
        if agency != self.to_agency:
            raise NotTheReceiver(field="handoff_id", receiver=self.to_agency)
        if not self.is_open:
            raise HandoffNotOpen(
                field="handoff_id", handoff_id=str(self.id), status=str(self.status)
            )


@dataclass
class Custody:
    """Who holds the person now, who held them before, and whether they can be found."""

    custodian: str | None
    held_by: list[str]
    handoffs: list[Handoff]
    whereabouts_unknown: bool = False
    # While whereabouts are unknown: when and where (sealed) the person was last seen.
    last_seen_at: datetime | None = None
    last_seen_place: SealedValue | None = None

    def open_handoff(self) -> Handoff | None:
        return next((h for h in self.handoffs if h.is_open), None)

    def require_can_hand_over(self, by: str, to: str) -> None:
        """The current custodian, with no open handoff, hands over to someone else."""
        if self.custodian is None:
            raise NobodyInCustody(field="to_agency")
        if by != self.custodian:
            raise NotTheCustodian(field="to_agency")
        if to == by:
            raise SelfAddressed(field="to_agency")
        if (open_handoff := self.open_handoff()) is not None:
            raise HandoffAlreadyOpen(field="to_agency", handoff_id=str(open_handoff.id))
        if self.whereabouts_unknown:
            raise WhereaboutsUnknown(field="to_agency")

    def pass_to(self, agency: str) -> None:
        self.custodian = agency
        # ``held_by`` lists each holder once, the latest last: when nobody holds the person,
        # the last holder leads the case (``domain/case_roles.py``).
        if agency in self.held_by:
            self.held_by.remove(agency)
        self.held_by.append(agency)
