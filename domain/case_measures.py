"""A case's protection measures: started and ended, each by an agency that offers it.

Recording a measure provided by another agency shares the case with it, as a referral does: it
needs the person's consent for the measure's service or a stated legal basis, recorded as
``ConsentOverridden`` just before the measure (the measure's own event keeps its format)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain import actor
from domain.agencies import Agency
from domain.case_protection import CaseProtection
from domain.case_roles import Write, require_involved, require_writer
from domain.detection import check_time
from domain.errors import ServiceNotOffered
from domain.measure_providers import check_provider
from domain.measures import Measure
from domain.personal_data import SealedValue
from domain.route_vocabulary import UrgentCareAnswer
from domain.vocabulary import MEASURE_SERVICES, LegalBasis, MeasureEndReason, MeasureKind, Service


class CaseMeasures(CaseProtection):
    """Protection measures actually provided, and urgent medical care offered."""

    def start_measure(
        self,
        kind: MeasureKind,
        provider: Agency,
        location: SealedValue | None,
        started_at: datetime,
        legal_basis: LegalBasis | None = None,
        recorder: Agency | None = None,
    ) -> UUID:
        """``recorder`` is the acting agency, for the rules on who may record a measure."""
        by = require_writer(self, Write.START_OWN_MEASURE)
        if provider.code != by:
            require_writer(
                self, Write.START_MEASURE_FOR_ANOTHER, field="provider", about=provider.code
            )
        services = sorted(provider.services & MEASURE_SERVICES[kind])
        if not services:
            service = sorted(MEASURE_SERVICES[kind])[0]
            raise ServiceNotOffered(field="provider", agency=provider.code, service=str(service))
        check_provider(kind, provider, recorder)
        if kind == MeasureKind.CONSULAR_NOTIFICATION:
            self._require_consular_notice_allowed()
        check_time(
            started_at,
            field="started_at",
            now=actor.current().now(),
            not_before=self.detection.detected_at,
        )
        if provider.code != by:
            self._require_measure_covered(provider, services, legal_basis)
        measure_id = uuid4()
        self._measure_started(
            measure_id=measure_id,
            kind=kind,
            provider=provider.code,
            location=location,
            started_at=started_at,
        )
        return measure_id

    @event("ProtectionMeasureStarted")
    def _measure_started(
        self,
        measure_id: UUID,
        kind: MeasureKind,
        provider: str,
        location: SealedValue | None,
        started_at: datetime,
        agency: str = "",
    ) -> None:
        self.measures.append(
            Measure(
                id=measure_id,
                kind=kind,
                provider=provider,
                recorded_by=agency,
                started_at=started_at,
                location=location,
            )
        )

    def _require_measure_covered(
        self, provider: Agency, services: list[Service], legal_basis: LegalBasis | None
    ) -> None:
        """Consent for any of the services the provider gives by this measure covers it."""
        if any(self.consent.covers(provider, s, is_child=self.is_child) for s in services):
            return
        self._require_covered_or_overridden(provider, str(services[0]), legal_basis)

    def end_measure(self, measure_id: UUID, ended_at: datetime, reason: MeasureEndReason) -> None:
        measure = self.measure(measure_id)
        measure.require_endable_by(require_involved(self))
        check_time(
            ended_at, field="ended_at", now=actor.current().now(), not_before=measure.started_at
        )
        self._measure_ended(measure_id=measure_id, ended_at=ended_at, reason=reason)

    @event("ProtectionMeasureEnded")
    def _measure_ended(
        self, measure_id: UUID, ended_at: datetime, reason: MeasureEndReason
    ) -> None:
        measure = self.measure(measure_id)
        measure.ended_at = ended_at
        measure.end_reason = reason

    def offer_urgent_medical_care(self, answer: UrgentCareAnswer, offered_at: datetime) -> None:
        """Urgent medical care after sexual violence was offered, and the person's answer.

        NOM-046-SSA2-2005 (6.4.2) makes it a medical emergency: antiretroviral prophylaxis and
        emergency contraception are offered at once, and the person decides. Offering is what
        the rule ``urgent_medical_care_not_offered`` checks; declining is the person's right.
        Need to know: the event says that care was offered and the answer, never what care,
        what was found or what was given (the clinical record keeps that: NOM-004-SSA3-2012).
        """
        require_writer(self, Write.URGENT_MEDICAL_CARE)
        check_time(
            offered_at,
            field="offered_at",
            now=actor.current().now(),
            not_before=self.detection.detected_at,
        )
        self._urgent_medical_care_offered(answer=answer, offered_at=offered_at)

    @event("UrgentMedicalCareOffered")
    def _urgent_medical_care_offered(self, answer: UrgentCareAnswer, offered_at: datetime) -> None:
        """Nothing in the case changes: the review rules and the timeline read the event."""
