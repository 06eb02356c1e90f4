"""A case's custody commands: handoffs, taking and releasing custody, whereabouts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain import actor
from domain.agencies import Agency
from domain.case_consent import CaseConsent
from domain.case_roles import Write, require_involved, require_writer
from domain.case_state import NOT_SET
from domain.consent import ANY_PURPOSE
from domain.custody import Handoff, HandoffStatus
from domain.detection import check_time
from domain.errors import (
    AlreadyInCustody,
    CannotHoldCustody,
    ChildNeedsCustodian,
    CustodyOnlyByAcknowledgement,
    HandoffAlreadyOpen,
    NobodyInCustody,
    NotForChildren,
    NotTheCustodian,
    WhereaboutsKnown,
    WhereaboutsUnknown,
)
from domain.personal_data import SealedValue
from domain.vocabulary import (
    CustodyEndReason,
    HandoffRefusalReason,
    LegalBasis,
)


class CaseCustody(CaseConsent):
    """Custody of the person: it passes only on acknowledgement."""

    def initiate_handoff(
        self, to: Agency, place: SealedValue | None, legal_basis: LegalBasis | None
    ) -> UUID:
        by = require_involved(self)
        self.custody.require_can_hand_over(by, to.code)
        if not to.may_hold_custody:
            raise CannotHoldCustody(field="to_agency", agency=to.code)
        if self.is_child and not to.sees_children_cases:
            raise NotForChildren(field="to_agency", agency=to.code)
        self._require_covered_or_overridden(to, ANY_PURPOSE, legal_basis)
        handoff_id = uuid4()
        self._handoff_initiated(
            handoff_id=handoff_id, to_agency=to.code, place=place, legal_basis=legal_basis
        )
        return handoff_id

    @event("CustodyHandoffInitiated")
    def _handoff_initiated(
        self,
        handoff_id: UUID,
        to_agency: str,
        place: SealedValue | None,
        legal_basis: LegalBasis | None,
        agency: str = "",
        timestamp: datetime = NOT_SET,
    ) -> None:
        self.custody.handoffs.append(
            Handoff(
                id=handoff_id,
                from_agency=agency,
                to_agency=to_agency,
                initiated_at=timestamp,
                place=place,
                legal_basis=legal_basis,
            )
        )

    def acknowledge_handoff(self, handoff_id: UUID) -> None:
        self._require_open()
        self.handoff(handoff_id).require_resolvable_by(actor.current().actor.agency)
        self._handoff_acknowledged(handoff_id=handoff_id)

    @event("CustodyHandoffAcknowledged")
    def _handoff_acknowledged(self, handoff_id: UUID, timestamp: datetime = NOT_SET) -> None:
        handoff = self._resolve(handoff_id, HandoffStatus.ACKNOWLEDGED, timestamp)
        self.custody.pass_to(handoff.to_agency)

    def refuse_handoff(self, handoff_id: UUID, reason: HandoffRefusalReason) -> None:
        self._require_open()
        self.handoff(handoff_id).require_resolvable_by(actor.current().actor.agency)
        self._handoff_refused(handoff_id=handoff_id, reason=reason)

    @event("CustodyHandoffRefused")
    def _handoff_refused(
        self, handoff_id: UUID, reason: HandoffRefusalReason, timestamp: datetime = NOT_SET
    ) -> None:
        self._resolve(handoff_id, HandoffStatus.REFUSED, timestamp).refusal_reason = reason

    def _resolve(self, handoff_id: UUID, status: HandoffStatus, at: datetime) -> Handoff:
        handoff = self.handoff(handoff_id)
        handoff.status = status
        handoff.resolved_at = at
        return handoff

    def assume_custody(self, agency: Agency) -> None:
        """An agency takes into its care a person whom nobody holds."""
        require_writer(self, Write.ASSUME_CUSTODY)
        if self.custody.custodian is not None:
            raise AlreadyInCustody(field="agency", agency=self.custody.custodian)
        if not agency.may_hold_custody:
            raise CannotHoldCustody(field="agency", agency=agency.code)
        self._custody_assumed()

    @event("CustodyAssumed")
    def _custody_assumed(self, agency: str = "") -> None:
        self.custody.pass_to(agency)
        self.custody.whereabouts_unknown = False

    def release_custody(self, reason: CustodyEndReason) -> None:
        """An adult leaves every agency's care; a child is always handed over instead."""
        by = require_involved(self)
        if self.custody.custodian is None:
            raise NobodyInCustody(field="reason")
        if by != self.custody.custodian:
            raise NotTheCustodian(field="reason")
        if self.is_child:
            raise ChildNeedsCustodian(field="reason")
        if (open_handoff := self.custody.open_handoff()) is not None:
            raise HandoffAlreadyOpen(field="reason", handoff_id=str(open_handoff.id))
        self._custody_released(reason=reason)

    @event("CustodyReleased")
    def _custody_released(self, reason: CustodyEndReason) -> None:
        self.custody.custodian = None

    def report_whereabouts_unknown(self, last_seen_at: datetime, place: SealedValue | None) -> None:
        require_writer(self, Write.WHEREABOUTS)
        check_time(
            last_seen_at,
            field="last_seen_at",
            now=actor.current().now(),
            not_before=self.detection.detected_at,
        )
        if self.custody.whereabouts_unknown:
            raise WhereaboutsUnknown(field="last_seen_at")
        self._whereabouts_unknown_reported(last_seen_at=last_seen_at, place=place)

    @event("WhereaboutsUnknownReported")
    def _whereabouts_unknown_reported(
        self, last_seen_at: datetime, place: SealedValue | None
    ) -> None:
        self.custody.whereabouts_unknown = True
        self.custody.last_seen_at = last_seen_at
        self.custody.last_seen_place = place

    def report_located(self, custody_with: Agency | None, place: SealedValue | None) -> None:
        """The person is found; the agency that found them may take them into its custody.

        Custody passes to another agency only on its own acknowledgement, so ``custody_with``
        names the reporting agency itself; it then hands over as usual.
        """
        by = require_writer(self, Write.WHEREABOUTS)
        if not self.custody.whereabouts_unknown:
            raise WhereaboutsKnown(field="custody_with")
        if custody_with is not None and custody_with.code != by:
            raise CustodyOnlyByAcknowledgement(field="custody_with", agency=custody_with.code)
        if custody_with is not None and not custody_with.may_hold_custody:
            raise CannotHoldCustody(field="custody_with", agency=custody_with.code)
        code = custody_with.code if custody_with else None
        self._person_located(custody_with=code, place=place)

    @event("PersonLocated")
    def _person_located(self, custody_with: str | None, place: SealedValue | None) -> None:
        self.custody.whereabouts_unknown = False
        self.custody.last_seen_at = self.custody.last_seen_place = None
        if custody_with is not None:
            self.custody.pass_to(custody_with)
