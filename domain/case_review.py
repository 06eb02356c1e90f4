"""The commission's observations on a case, and the answers of the agencies concerned.

Allowed on closed cases too: the review outlives the case."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import event

from domain import actor
from domain.agencies import Agency, Participation
from domain.case_state import NOT_SET, CaseBase
from domain.errors import (
    NotInvolved,
    NotTheCommission,
)
from domain.measures import Observation
from domain.personal_data import SealedValue
from domain.vocabulary import (
    ObservationKind,
)


class CaseReview(CaseBase):
    """Observations of the human-rights commission."""

    def issue_observation(
        self,
        commission: Agency,
        concerning: str,
        kind: ObservationKind,
        text: SealedValue,
        subject_id: UUID | None,
    ) -> UUID:
        if commission.participation != Participation.OVERSIGHT:
            raise NotTheCommission(field="concerning")
        if not self.relations(concerning):
            raise NotInvolved(field="concerning", agency=concerning)
        observation_id = uuid4()
        self._observation_issued(
            observation_id=observation_id,
            concerning=concerning,
            kind=kind,
            text=text,
            subject_id=subject_id,
        )
        return observation_id

    @event("ObservationIssued")
    def _observation_issued(
        self,
        observation_id: UUID,
        concerning: str,
        kind: ObservationKind,
        text: SealedValue,
        subject_id: UUID | None,
        timestamp: datetime = NOT_SET,
    ) -> None:
        self.observations.append(
            Observation(
                id=observation_id,
                kind=kind,
                concerning=concerning,
                issued_at=timestamp,
                text=text,
                subject_id=subject_id,
            )
        )

    def answer_observation(self, observation_id: UUID, answer: SealedValue) -> None:
        self.observation(observation_id).require_answerable_by(actor.current().actor.agency)
        self._observation_answered(observation_id=observation_id, answer=answer)

    @event("ObservationAnswered")
    def _observation_answered(
        self, observation_id: UUID, answer: SealedValue, timestamp: datetime = NOT_SET
    ) -> None:
        observation = self.observation(observation_id)
        observation.answer = answer
        observation.answered_at = timestamp
