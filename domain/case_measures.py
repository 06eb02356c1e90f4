"""A case's protection measures: started and ended, each by an agency that offers it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain import actor
from domain.agencies import Agency
from domain.case_roles import Write, require_involved, require_writer
from domain.case_state import CaseBase
from domain.detection import check_time
from domain.errors import (
    ServiceNotOffered,
)
from domain.measures import Measure
from domain.personal_data import SealedValue
from domain.vocabulary import (
    MEASURE_SERVICES,
    MeasureEndReason,
    MeasureKind,
)


class CaseMeasures(CaseBase):
    """Protection measures actually provided."""

    def start_measure(
        self,
        kind: MeasureKind,
        provider: Agency,
        location: SealedValue | None,
        started_at: datetime,
    ) -> UUID:
        by = require_writer(self, Write.START_OWN_MEASURE)
        if provider.code != by:
            require_writer(
                self, Write.START_MEASURE_FOR_ANOTHER, field="provider", about=provider.code
            )
        if not provider.services & MEASURE_SERVICES[kind]:
            service = sorted(MEASURE_SERVICES[kind])[0]
            raise ServiceNotOffered(field="provider", agency=provider.code, service=str(service))
        check_time(
            started_at,
            field="started_at",
            now=actor.current().now(),
            not_before=self.detection.detected_at,
        )
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
