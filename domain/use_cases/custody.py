"""Custody: who holds the person, handed over only when the receiver acknowledges it."""

from __future__ import annotations

from uuid import UUID

from domain.hub_base import Created
from domain.hub_reads import HubReads
from domain.vocabulary import CustodyEndReason, HandoffRefusalReason, LegalBasis, parse_code


class CustodyUseCases(HubReads):
    """Custody handoffs (initiate, acknowledge, refuse), and taking or ending custody."""

    def initiate_handoff(
        self,
        case_id: UUID,
        to_agency: str,
        place: str | None = None,
        legal_basis: str | None = None,
    ) -> Created:
        self._party()
        to = self.catalogue.case_party(to_agency, field="to_agency")
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        sealed = self._seal_text(case_id, "handoff.place", place)
        handoff_id = case.initiate_handoff(to, sealed, basis)
        return Created(handoff_id, self._save(case, handoff_id=str(handoff_id)))

    def acknowledge_handoff(self, case_id: UUID, handoff_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.acknowledge_handoff(handoff_id)
        return self._save(case)

    def refuse_handoff(self, case_id: UUID, handoff_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.refuse_handoff(handoff_id, parse_code(HandoffRefusalReason, reason, field="reason"))
        return self._save(case)

    def assume_custody(self, case_id: UUID) -> int:
        agency = self._party()
        case = self.get_case(case_id)
        case.assume_custody(agency)
        return self._save(case)

    def release_custody(self, case_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.release_custody(parse_code(CustodyEndReason, reason, field="reason"))
        return self._save(case)
