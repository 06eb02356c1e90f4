"""Protection measures: started and ended by an agency that offers them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.dependencies import CaseIdDep, CommandsDep, HubDep
from api.schemas.requests import EndMeasure, StartMeasure
from api.schemas.responses import MeasureCreated, Recorded

router = APIRouter(prefix="/cases/{case_id}/measures", tags=["measures"])


@router.post("", status_code=201, response_model=MeasureCreated)
def start_measure(
    case_id: CaseIdDep, body: StartMeasure, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Record a protection measure actually provided (shelter, care, a protection order…).

    A measure provided by another agency is recorded by the agency leading the case (or a
    child's legal representative), under the person's consent for it or a stated legal basis.
    """
    return commands.run(
        body,
        lambda: hub.start_measure(
            case_id, body.kind, body.provider, body.location, body.started_at, body.legal_basis
        ),
        created="measure_id",
        case_id=case_id,
    )


@router.post("/{measure_id}/end", response_model=Recorded)
def end_measure(
    case_id: CaseIdDep, measure_id: UUID, body: EndMeasure, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """End a measure: by its provider, or the agency that recorded it."""
    return commands.run(
        body,
        lambda: hub.end_measure(case_id, measure_id, body.reason, body.ended_at),
        case_id=case_id,
    )
