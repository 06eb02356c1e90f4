"""Protection measures: shelter, care, a protection order; by whom, from when and until when.
And urgent medical care after sexual violence, offered and answered (NOM-046-SSA2-2005)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.hub_base import Created
from domain.hub_reads import HubReads
from domain.route_vocabulary import UrgentCareAnswer
from domain.vocabulary import LegalBasis, MeasureEndReason, MeasureKind, parse_code


class MeasureUseCases(HubReads):
    """Starting and ending protection measures; offering urgent medical care."""

    def start_measure(
        self,
        case_id: UUID,
        kind: str,
        provider: str,
        location: str | None = None,
        started_at: datetime | None = None,
        legal_basis: str | None = None,
    ) -> Created:
        """A measure provided by another agency needs consent for it or a stated legal basis."""
        recorder = self._party()
        measure = parse_code(MeasureKind, kind, field="kind")
        by = self.catalogue.case_party(provider, field="provider")
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        sealed = self._seal_text(case_id, "measure.location", location)
        measure_id = case.start_measure(
            measure, by, sealed, started_at or self.clock(), basis, recorder=recorder
        )
        return Created(measure_id, self._save(case, measure_id=str(measure_id)))

    def end_measure(
        self,
        case_id: UUID,
        measure_id: UUID,
        reason: str = "completed",
        ended_at: datetime | None = None,
    ) -> int:
        self._party()
        why = parse_code(MeasureEndReason, reason, field="reason")
        case = self.get_case(case_id)
        case.end_measure(measure_id, ended_at or self.clock(), why)
        return self._save(case)

    def offer_urgent_medical_care(
        self, case_id: UUID, answer: str, offered_at: datetime | None = None
    ) -> int:
        """Urgent medical care after sexual violence was offered (``offered_at``, by default
        now), and the person accepted or declined it."""
        self._party()
        said = parse_code(UrgentCareAnswer, answer, field="answer")
        case = self.get_case(case_id)
        case.offer_urgent_medical_care(said, offered_at or self.clock())
        return self._save(case)
