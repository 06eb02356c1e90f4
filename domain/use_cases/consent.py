"""Consent: what the person agrees to share and with whom, and whether the person files a
complaint."""

from __future__ import annotations

from uuid import UUID

from domain.hub_reads import HubReads
from domain.vocabulary import ComplaintDecision, LegalBasis, Service, parse_code, parse_codes


class ConsentUseCases(HubReads):
    """Recording and withdrawing consent, and the person's decision about a complaint."""

    def record_consent(
        self,
        case_id: UUID,
        agencies: list[str],
        purposes: list[str],
        informed_in: str | None = None,
        interpreter: bool = False,
        legal_basis: str | None = None,
        counted_in_statistics: bool | None = None,
    ) -> int:
        self._party()
        covered = [
            self.catalogue.case_party(a, field=f"agencies[{i}]") for i, a in enumerate(agencies)
        ]
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        case.record_consent(
            covered,
            list(parse_codes(Service, purposes, field="purposes")),
            informed_in,
            interpreter,
            basis,
            counted_in_statistics,
        )
        return self._save(case)

    def withdraw_consent(self, case_id: UUID, agencies: list[str]) -> int:
        self._party()
        case = self.get_case(case_id)
        case.withdraw_consent(list(agencies))
        return self._save(case)

    def record_complaint_decision(
        self, case_id: UUID, decision: str, with_agency: str | None = None
    ) -> int:
        self._party()
        prosecutor = (
            self.catalogue.case_party(with_agency, field="with_agency") if with_agency else None
        )
        case = self.get_case(case_id)
        case.record_complaint_decision(
            parse_code(ComplaintDecision, decision, field="decision"), prosecutor
        )
        return self._save(case)
