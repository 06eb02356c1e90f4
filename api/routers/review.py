"""The human-rights commission's observations, and the answers of the agencies concerned."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.dependencies import AgencyDep, CaseIdDep, CommandsDep, HubDep
from api.schemas.requests import AnswerObservation, IssueObservation
from api.schemas.responses import ObservationCreated, Recorded
from domain.access import may_observe
from domain.actor import Role

router = APIRouter(prefix="/cases/{case_id}/observations", tags=["review"])


@router.post("", status_code=201, response_model=ObservationCreated)
def issue_observation(
    case_id: CaseIdDep,
    body: IssueObservation,
    hub: HubDep,
    agency: AgencyDep,
    commands: CommandsDep,
) -> dict[str, object]:
    """The commission observes a case; the agency concerned must answer."""
    return commands.run(
        body,
        lambda: hub.issue_observation(
            case_id, body.concerning, body.text, body.kind, body.subject_id
        ),
        created="observation_id",
        case_id=case_id,
        allowed=lambda who: may_observe(who, agency),
        role=Role.COMMISSION,
    )


@router.post("/{observation_id}/answer", response_model=Recorded)
def answer_observation(
    case_id: CaseIdDep,
    observation_id: UUID,
    body: AnswerObservation,
    hub: HubDep,
    commands: CommandsDep,
) -> dict[str, object]:
    """The agency concerned answers an observation, once."""
    return commands.run(
        body, lambda: hub.answer_observation(case_id, observation_id, body.text), case_id=case_id
    )
