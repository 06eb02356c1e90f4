"""The commission's review: observations on how an agency handled a case, and their answers."""

from __future__ import annotations

from uuid import UUID

from domain import actor
from domain.actor import Role
from domain.errors import InvalidValue
from domain.hub_base import Created
from domain.hub_reads import HubReads
from domain.personal_data import check_free_text
from domain.vocabulary import ObservationKind, parse_code


class ReviewUseCases(HubReads):
    """Issuing observations (the commission) and answering them (the agency concerned)."""

    def issue_observation(
        self,
        case_id: UUID,
        concerning: str,
        text: str,
        kind: str = "finding",
        subject_id: UUID | None = None,
    ) -> Created:
        self._require_role(Role.COMMISSION)
        commission = self.catalogue.get(actor.current().actor.agency)
        self.catalogue.get(concerning, field="concerning")
        what = parse_code(ObservationKind, kind, field="kind")
        body = check_free_text(text, field="text")
        if body is None:
            raise InvalidValue(field="text", reason="an observation says what it observes")
        case = self.get_case(case_id)
        sealed = self.sealer.seal(case_id, "observation.text", body)
        observation_id = case.issue_observation(commission, concerning, what, sealed, subject_id)
        return Created(observation_id, self._save(case, observation_id=str(observation_id)))

    def answer_observation(self, case_id: UUID, observation_id: UUID, text: str) -> int:
        self._party()
        body = check_free_text(text, field="text")
        if body is None:
            raise InvalidValue(field="text", reason="an answer says something")
        case = self.get_case(case_id)
        case.answer_observation(
            observation_id, self.sealer.seal(case_id, "observation.answer", body)
        )
        return self._save(case)
