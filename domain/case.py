"""A case (expediente): one possible victim's path through the hub, as one event stream.

Public methods are commands: each checks what cannot be true, raising a named error before any
state changes, and then triggers its event. The ``@event`` bodies only change state: they run
again on every replay and never decide anything. What the law forbids but may still happen (a
child placed in migration detention, a late notice to PPNNA) is recorded as it happened.
"""

from __future__ import annotations

from eventsourcing.domain import event

from domain.agencies import Agency, AgencyKind
from domain.case_children import CaseChildren
from domain.case_custody import CaseCustody
from domain.case_measures import CaseMeasures
from domain.case_prosecutor import CaseProsecutor
from domain.case_referrals import CaseReferrals
from domain.case_review import CaseReview
from domain.case_roles import Write, require_writer
from domain.errors import (
    CaseNotClosed,
    ChildNotHandedOver,
    DataAlreadyErased,
    PpnnaNeverNotified,
)
from domain.personal_data import SealedValue
from domain.vocabulary import (
    AgeAssessmentMethod,
    AgeGroup,
    ClosureReason,
    ErasureReason,
    ReopenReason,
    RiskLevel,
    Service,
)


def cares_for_children(agency: Agency) -> bool:
    """Who may hold a child when the case closes: PPNNA, or a shelter for children (DIF's
    centres, a municipal DIF's CAT, an authorised civil shelter), never the police, the
    prosecutor or migration (LGDNNA arts. 122 and 107 ff. on social-assistance centres)."""
    if agency.kind == AgencyKind.CHILD_PROTECTION:
        return True
    return agency.sees_children_cases and agency.offers(Service.SHELTER)


class Case(CaseReferrals, CaseCustody, CaseMeasures, CaseChildren, CaseReview, CaseProsecutor):
    """One possible victim's path through the hub."""

    # Age and risk

    def assess_age(
        self, age_group: AgeGroup, estimated_age: int | None, method: AgeAssessmentMethod
    ) -> None:
        require_writer(self, Write.ASSESS_AGE)
        self._age_assessed(age_group=age_group, estimated_age=estimated_age, method=method)

    @event("AgeAssessed")
    def _age_assessed(
        self, age_group: AgeGroup, estimated_age: int | None, method: AgeAssessmentMethod
    ) -> None:
        self.age_group = age_group
        self.estimated_age = estimated_age

    def assess_risk(self, level: RiskLevel, note: SealedValue | None) -> None:
        require_writer(self, Write.ASSESS_RISK)
        self._risk_assessed(level=level, note=note)

    @event("RiskAssessed")
    def _risk_assessed(self, level: RiskLevel, note: SealedValue | None, agency: str = "") -> None:
        self.risk_level = level
        self.risk_assessed_by = agency  # a child's return needs PPNNA's (domain/return_gate.py)

    # Personal data

    def amend_personal_data(self, sealed: dict[str, SealedValue], removed: list[str]) -> None:
        self.require_amendable()
        self._personal_data_amended(personal_data=sealed, removed=removed)

    def require_amendable(self) -> None:
        """Checked before sealing: an erased case's key is gone, so nothing more is sealed."""
        require_writer(self, Write.AMEND_PERSONAL_DATA)
        if self.personal_data_erased:
            raise DataAlreadyErased(field="personal_data")

    @event("PersonalDataAmended")
    def _personal_data_amended(
        self, personal_data: dict[str, SealedValue], removed: list[str]
    ) -> None:
        self.personal_data.update(personal_data)
        for name in removed:
            self.personal_data.pop(name, None)

    def erase_personal_data(self, reason: ErasureReason) -> None:
        """Allowed on a closed case too: retention periods end after closing."""
        if self.personal_data_erased:
            raise DataAlreadyErased(field="reason")
        self._personal_data_erased(reason=reason)

    @event("PersonalDataErased")
    def _personal_data_erased(self, reason: ErasureReason) -> None:
        self.personal_data_erased = True

    # Closing

    def close(self, reason: ClosureReason, custodian: Agency | None = None) -> None:
        """``custodian`` is the catalogue's entry for the agency holding the person, if any."""
        require_writer(self, Write.CLOSE)
        self._require_nothing_open()
        if self.is_child:
            self._require_child_in_protection(custodian)
        self._case_closed(reason=reason)

    def _require_child_in_protection(self, custodian: Agency | None) -> None:
        """A child's case ends only in the child-protection system's hands: PPNNA knows of it
        (LGDNNA art. 12: anyone who learns that a child's rights are violated tells the
        competent authority at once), and nobody else still holds the child, who is handed
        over to PPNNA or to DIF's care (art. 122: PPNNA protects and restores the child's
        rights). A case closed otherwise would leave a child with the police, the prosecutor
        or migration, or unknown to PPNNA, with nobody left to follow it."""
        if not self.ppnna_notified:
            raise PpnnaNeverNotified(field="reason")
        if custodian is not None and not cares_for_children(custodian):
            raise ChildNotHandedOver(field="reason", agency=custodian.code)

    @event("CaseClosed")
    def _case_closed(self, reason: ClosureReason) -> None:
        self.is_closed = True
        self.closure_reason = reason

    def reopen(self, reason: ReopenReason) -> None:
        if not self.is_closed:
            raise CaseNotClosed(field="reason")
        require_writer(self, Write.REOPEN)  # the lead at closing: a closed case stays as it was
        self._case_reopened(reason=reason)

    @event("CaseReopened")
    def _case_reopened(self, reason: ReopenReason) -> None:
        self.is_closed = False
        self.closure_reason = None
