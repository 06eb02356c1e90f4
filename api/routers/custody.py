"""Custody: handoffs between agencies, taking and releasing care, whereabouts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from api.dependencies import (
    AsOfDep,
    CaseAccessDep,
    CaseIdDep,
    CommandsDep,
    HubDep,
    MinPositionDep,
    NoBody,
    parts,
)
from api.errors import http_problem
from api.schemas.custody import CustodyChainOut
from api.schemas.requests import (
    InitiateHandoff,
    RefuseHandoff,
    ReleaseCustody,
    ReportLocated,
    ReportWhereaboutsUnknown,
)
from api.schemas.responses import HandoffCreated, Recorded
from api.wait_limits import TOO_MANY_WAITS
from api.waits import reached
from queries import custody

router = APIRouter(prefix="/cases/{case_id}", tags=["custody"])


@router.get("/custody", response_model=CustodyChainOut, responses=TOO_MANY_WAITS)
async def read_custody(
    request: Request,
    case_id: CaseIdDep,
    hub: HubDep,
    access: CaseAccessDep,
    as_of: AsOfDep = None,
    min_position: MinPositionDep = None,
) -> Any:
    """The chain of custody: intervals, current custodian, pending handoffs, gaps.

    For callers that see the case's route (metadata level and above). Now: from the custody
    view (``min_position`` waits for it); ``as_of``: from the events as they stood then, for a
    caller that saw the route then and still may now.
    """
    view = parts(request).custody
    if (
        min_position is not None
        and custody.answered_by_view(access, as_of, view)
        and not await reached(request, access.actor, "custody", min_position)
    ):
        return http_problem(request, 503, headers={"Retry-After": "1"})
    reading = await run_in_threadpool(custody.read_custody, hub, access, as_of, view)
    return CustodyChainOut.of(reading)


@router.post("/handoffs", status_code=201, response_model=HandoffCreated)
def initiate_handoff(
    case_id: CaseIdDep, body: InitiateHandoff, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The current custodian hands the person over; custody passes on acknowledgement."""
    return commands.run(
        body,
        lambda: hub.initiate_handoff(case_id, body.to_agency, body.place, body.legal_basis),
        created="handoff_id",
        case_id=case_id,
    )


@router.post("/handoffs/{handoff_id}/acknowledge", response_model=Recorded, dependencies=[NoBody])
def acknowledge_handoff(
    case_id: CaseIdDep, handoff_id: UUID, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The receiving agency confirms it holds the person now."""
    return commands.run(None, lambda: hub.acknowledge_handoff(case_id, handoff_id), case_id=case_id)


@router.post("/handoffs/{handoff_id}/refuse", response_model=Recorded)
def refuse_handoff(
    case_id: CaseIdDep, handoff_id: UUID, body: RefuseHandoff, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The receiving agency refuses; custody stays where it was."""
    return commands.run(
        body, lambda: hub.refuse_handoff(case_id, handoff_id, body.reason), case_id=case_id
    )


@router.post("/custody/assume", response_model=Recorded, dependencies=[NoBody])
def assume_custody(case_id: CaseIdDep, hub: HubDep, commands: CommandsDep) -> dict[str, object]:
    """The caller's agency takes into its care a person whom nobody holds."""
    return commands.run(None, lambda: hub.assume_custody(case_id), case_id=case_id)


@router.post("/custody/release", response_model=Recorded)
def release_custody(
    case_id: CaseIdDep, body: ReleaseCustody, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """An adult leaves every agency's care (a child is always handed over instead)."""
    return commands.run(body, lambda: hub.release_custody(case_id, body.reason), case_id=case_id)


@router.post("/whereabouts/unknown", response_model=Recorded)
def report_whereabouts_unknown(
    case_id: CaseIdDep, body: ReportWhereaboutsUnknown, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The person cannot be found."""
    return commands.run(
        body,
        lambda: hub.report_whereabouts_unknown(case_id, body.last_seen_at, body.place),
        case_id=case_id,
    )


@router.post("/whereabouts/located", response_model=Recorded)
def report_located(
    case_id: CaseIdDep, body: ReportLocated, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The person was found; the agency now with them may hold custody."""
    return commands.run(
        body, lambda: hub.report_located(case_id, body.custody_with, body.place), case_id=case_id
    )
