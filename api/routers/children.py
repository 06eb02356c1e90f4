"""The children's route kept by PPNNA, and an adult's own request to return (issue 14)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.dependencies import CaseIdDep, CommandsDep, HubDep, NoBody
from api.schemas.responses import Recorded
from api.schemas.route_requests import DetermineBestInterest, NotifyUrgentMeasure, RecordChildHeard

router = APIRouter(prefix="/cases/{case_id}", tags=["children"])


@router.post("/restitution-plan", response_model=Recorded, dependencies=[NoBody])
def draw_up_restitution_plan(
    case_id: CaseIdDep, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """PPNNA drew up the child's restitution-of-rights plan (LGDNNA art. 123)."""
    return commands.run(None, lambda: hub.draw_up_restitution_plan(case_id), case_id=case_id)


@router.post("/restitution-plan/update", response_model=Recorded, dependencies=[NoBody])
def update_restitution_plan(
    case_id: CaseIdDep, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """PPNNA updated the plan in force after following it up (LGDNNA art. 123 fr. VI)."""
    return commands.run(None, lambda: hub.update_restitution_plan(case_id), case_id=case_id)


@router.post("/restitution-plan/conclude", response_model=Recorded, dependencies=[NoBody])
def conclude_restitution_plan(
    case_id: CaseIdDep, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """PPNNA concluded the plan: the child's rights are restored."""
    return commands.run(None, lambda: hub.conclude_restitution_plan(case_id), case_id=case_id)


@router.post("/best-interest-determinations", response_model=Recorded)
def determine_best_interest(
    case_id: CaseIdDep, body: DetermineBestInterest, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """PPNNA's determination of the child's best interest; a return waits for one saying so."""
    return commands.run(
        body, lambda: hub.determine_best_interest(case_id, body.outcome), case_id=case_id
    )


@router.post("/measures/{measure_id}/notices", response_model=Recorded)
def notify_urgent_measure(
    case_id: CaseIdDep,
    measure_id: UUID,
    body: NotifyUrgentMeasure,
    hub: HubDep,
    commands: CommandsDep,
) -> dict[str, object]:
    """PPNNA's notice of an urgent protection measure to the prosecutor or the judge (LGDNNA
    art. 122 fr. VII)."""
    return commands.run(
        body,
        lambda: hub.notify_urgent_measure(case_id, measure_id, body.recipient, body.notified_at),
        case_id=case_id,
    )


@router.post("/child-heard", response_model=Recorded)
def record_child_heard(
    case_id: CaseIdDep, body: RecordChildHeard, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The child was heard (LGDNNA arts. 71-72): when, and whether with an interpreter; never
    what the child said."""
    return commands.run(
        body,
        lambda: hub.record_child_heard(case_id, body.heard_at, body.interpreter),
        case_id=case_id,
    )


@router.post("/return-requests", response_model=Recorded, dependencies=[NoBody])
def record_return_request(
    case_id: CaseIdDep, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The adult person asks to return before the reflection period ends: their decision."""
    return commands.run(None, lambda: hub.record_return_request(case_id), case_id=case_id)
