"""Protection measures actually provided, and the commission's observations on a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import (
    MeasureNotActive,
    NotTheAgencyConcerned,
    NotTheProvider,
    ObservationAlreadyAnswered,
)
from domain.personal_data import SealedValue
from domain.vocabulary import MeasureEndReason, MeasureKind, ObservationKind


@dataclass
class Measure:
    id: UUID
    kind: MeasureKind
    provider: str
    recorded_by: str
    started_at: datetime
    location: SealedValue | None = None
    ended_at: datetime | None = None
    end_reason: MeasureEndReason | None = None

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def require_endable_by(self, agency: str) -> None:
        """Only the provider, or the agency that recorded it, ends a measure, and only once."""
        if agency not in (self.provider, self.recorded_by):
            raise NotTheProvider(field="measure_id", provider=self.provider)
        if not self.is_active:
            raise MeasureNotActive(field="measure_id", measure_id=str(self.id))


@dataclass
class Observation:
    """A finding or recommendation of the human-rights commission, answered by one agency."""

    id: UUID
    kind: ObservationKind
    concerning: str
    issued_at: datetime
    text: SealedValue
    subject_id: UUID | None = None
    answer: SealedValue | None = None
    answered_at: datetime | None = None

    def require_answerable_by(self, agency: str) -> None:
        if agency != self.concerning:
            raise NotTheAgencyConcerned(field="observation_id", agency=self.concerning)
        if self.answered_at is not None:
            raise ObservationAlreadyAnswered(field="observation_id", observation_id=str(self.id))
