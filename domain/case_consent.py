"""A case's consent commands: record, withdraw, the complaint decision, and overrides."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import event

from domain import actor
from domain.agencies import Agency
from domain.case_roles import Write, is_legal_representative, require_writer
from domain.case_state import CaseBase
from domain.consent import ANY_PURPOSE
from domain.errors import (
    ConsentNeedsScope,
    ConsentNotCovering,
    LegalBasisNotApplicable,
    NotForChildren,
    NothingToWithdraw,
    NotTheLegalRepresentative,
    ServiceNotOffered,
)
from domain.vocabulary import (
    ComplaintDecision,
    LegalBasis,
    Service,
)


class CaseConsent(CaseBase):
    """Consent and the legal bases that replace it."""

    def record_consent(
        self,
        agencies: list[Agency],
        purposes: list[Service],
        informed_in: str | None,
        interpreter: bool,
        legal_basis: LegalBasis | None,
        counted_in_statistics: bool | None = None,
    ) -> None:
        """The person's consent; for a child, PPNNA's, as legal representative.

        ``counted_in_statistics``: whether the person (for a child, PPNNA) agrees that the case
        be counted in the anonymized statistics; ``None`` when this consent does not say, and an
        earlier answer stands.
        """
        by = require_writer(self, Write.RECORD_CONSENT)
        if legal_basis is not None:
            if legal_basis != LegalBasis.CHILD_PROTECTION or not self.is_child:
                reason = "it replaces consent only in a child's case"
                raise LegalBasisNotApplicable(
                    field="legal_basis", legal_basis=str(legal_basis), reason=reason
                )
        elif (agencies or purposes or counted_in_statistics is None) and not (
            agencies and purposes
        ):
            # A consent names agencies and purposes, or only answers the statistics question.
            raise ConsentNeedsScope(field="agencies" if not agencies else "purposes")
        if self.is_child and not is_legal_representative(self, by):
            raise NotTheLegalRepresentative(field="agencies")
        for i, agency in enumerate(agencies):
            if self.is_child and not agency.sees_children_cases:
                raise NotForChildren(field=f"agencies[{i}]", agency=agency.code)
        self._consent_recorded(
            agencies=[a.code for a in agencies],
            purposes=[str(p) for p in purposes],
            informed_in=informed_in,
            interpreter=interpreter,
            given_by="legal_representative" if self.is_child else "person",
            legal_basis=legal_basis,
            counted_in_statistics=counted_in_statistics,
        )

    class ConsentRecorded(CaseBase.Event):
        """Version 2 (0.3.0) added ``counted_in_statistics``; a consent stored before did not
        ask, and reads ``None``: the case is left out of the statistics until one says yes."""

        class_version = 2
        agencies: list[str]
        purposes: list[str]
        informed_in: str | None
        interpreter: bool
        given_by: str
        legal_basis: LegalBasis | None
        counted_in_statistics: bool | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["counted_in_statistics"] = None

    @event(ConsentRecorded)
    def _consent_recorded(
        self,
        agencies: list[str],
        purposes: list[str],
        informed_in: str | None,
        interpreter: bool,
        given_by: str,
        legal_basis: LegalBasis | None,
        counted_in_statistics: bool | None,
    ) -> None:
        self.consent.grant(list(agencies), list(purposes))
        if legal_basis == LegalBasis.CHILD_PROTECTION:
            self.consent.child_protection_basis = True
        self.consent.informed_in = informed_in
        self.consent.interpreter_used = self.consent.interpreter_used or interpreter

    def withdraw_consent(self, agencies: list[str]) -> None:
        """Withdraw consent from the agencies named, or from every agency when none is named.

        Withdrawing is no harder than consenting: whoever may record the person's consent may
        record its withdrawal, and any agency in the case may give up its own.
        """
        by = actor.current().actor.agency
        if agencies and set(agencies) == {by}:
            require_writer(self, Write.WITHDRAW_OWN_CONSENT)
        else:
            require_writer(self, Write.WITHDRAW_CONSENT)
            if self.is_child and not is_legal_representative(self, by):
                raise NotTheLegalRepresentative(field="agencies")
        granted = self.consent.granted
        for i, code in enumerate(agencies):
            if code not in granted:
                raise NothingToWithdraw(field=f"agencies[{i}]", agency=code)
        if not agencies and not granted:
            raise NothingToWithdraw(field="agencies", agency="*")
        self._consent_withdrawn(agencies=list(agencies) or list(granted))

    @event("ConsentWithdrawn")
    def _consent_withdrawn(self, agencies: list[str]) -> None:
        self.consent.withdraw(list(agencies))

    def record_complaint_decision(
        self, decision: ComplaintDecision, prosecutor: Agency | None
    ) -> None:
        """The person's decision; filing gives the prosecutor access, and nothing else changes."""
        require_writer(self, Write.COMPLAINT_DECISION)
        if decision == ComplaintDecision.FILED:
            if prosecutor is None:
                raise LegalBasisNotApplicable(
                    field="with_agency", legal_basis="complaint", reason="name the prosecutor"
                )
            if not prosecutor.offers(Service.INVESTIGATION):
                raise ServiceNotOffered(
                    field="with_agency", agency=prosecutor.code, service="investigation"
                )
        code = prosecutor.code if prosecutor and decision == ComplaintDecision.FILED else None
        self._complaint_decision_recorded(decision=decision, with_agency=code)

    @event("ComplaintDecisionRecorded")
    def _complaint_decision_recorded(
        self, decision: ComplaintDecision, with_agency: str | None
    ) -> None:
        self.complaint = decision
        if with_agency is not None:
            self.consent.grant([with_agency], [ANY_PURPOSE])

    def _require_covered_or_overridden(
        self, agency: Agency, purpose: str, legal_basis: LegalBasis | None
    ) -> None:
        """Share only under consent, or record the legal basis that replaces it."""
        if self.consent.covers(agency, purpose, is_child=self.is_child):
            return
        if legal_basis is None:
            raise ConsentNotCovering(field="legal_basis", agency=agency.code, purpose=purpose)
        self._consent_overridden(to_agency=agency.code, purpose=purpose, legal_basis=legal_basis)

    @event("ConsentOverridden")
    def _consent_overridden(self, to_agency: str, purpose: str, legal_basis: LegalBasis) -> None:
        self.consent.override(to_agency, purpose)
