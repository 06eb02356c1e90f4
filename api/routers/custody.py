"""Custody: handoffs between agencies, taking and releasing care, whereabouts."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.dependencies import CommandsDep, HubDep, NoBody
from api.schemas.requests import (
    InitiateHandoff,
    RefuseHandoff,
    ReleaseCustody,
    ReportLocated,
    ReportWhereaboutsUnknown,
)
from api.schemas.responses import HandoffCreated, Recorded

router = APIRouter(prefix="/cases/{case_id}", tags=["custody"])


@router.post("/handoffs", status_code=201, response_model=HandoffCreated)
def initiate_handoff(
    case_id: UUID, body: InitiateHandoff, hub: HubDep, commands: CommandsDep
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
    case_id: UUID, handoff_id: UUID, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The receiving agency confirms it holds the person now."""
    return commands.run(None, lambda: hub.acknowledge_handoff(case_id, handoff_id), case_id=case_id)


@router.post("/handoffs/{handoff_id}/refuse", response_model=Recorded)
def refuse_handoff(
    case_id: UUID, handoff_id: UUID, body: RefuseHandoff, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The receiving agency refuses; custody stays where it was."""
    return commands.run(
        body, lambda: hub.refuse_handoff(case_id, handoff_id, body.reason), case_id=case_id
    )


@router.post("/custody/assume", response_model=Recorded, dependencies=[NoBody])
def assume_custody(case_id: UUID, hub: HubDep, commands: CommandsDep) -> dict[str, object]:
    """The caller's agency takes into its care a person whom nobody holds."""
    return commands.run(None, lambda: hub.assume_custody(case_id), case_id=case_id)


@router.post("/custody/release", response_model=Recorded)
def release_custody(
    case_id: UUID, body: ReleaseCustody, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """An adult leaves every agency's care (a child is always handed over instead)."""
    return commands.run(body, lambda: hub.release_custody(case_id, body.reason), case_id=case_id)


@router.post("/whereabouts/unknown", response_model=Recorded)
def report_whereabouts_unknown(
    case_id: UUID, body: ReportWhereaboutsUnknown, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The person cannot be found."""
    return commands.run(
        body,
        lambda: hub.report_whereabouts_unknown(case_id, body.last_seen_at, body.place),
        case_id=case_id,
    )


@router.post("/whereabouts/located", response_model=Recorded)
def report_located(
    case_id: UUID, body: ReportLocated, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The person was found; the agency now with them may hold custody."""
    return commands.run(
        body, lambda: hub.report_located(case_id, body.custody_with, body.place), case_id=case_id
    )
