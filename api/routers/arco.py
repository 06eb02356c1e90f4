"""ARCO requests and the retention schedule (LGPDPPSO), for administrators alone: the unit of
transparency of SEGOB receives a request about a case, extends its term once, answers it and
carries it out; a granted access request is answered with its export."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from api import case_reference
from api.dependencies import ActorDep, CommandsDep, HubDep, NoBody, parts
from api.schemas.arco import AnswerArcoRequest, ExtendArcoRequest, ReceiveArcoRequest
from api.schemas.arco_answers import (
    AccessExportOut,
    ArcoRequestCreated,
    ArcoRequestOut,
    ArcoRequestsOut,
    RetentionDueOut,
    RetentionOut,
)
from api.schemas.responses import Recorded
from domain.actor import Actor, Role
from domain.errors import RetentionNotSet, RoleRequired
from domain.hub import Hub
from domain.review_rules_arco import arco_deadlines

router = APIRouter(tags=["arco"])
PATH = "/arco-requests"


def _admin(who: Actor) -> bool:
    return who.has(Role.ADMIN)


@router.post(PATH, response_model=ArcoRequestCreated, status_code=201)
def receive_arco_request(
    body: ReceiveArcoRequest, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Record a request received about a case, named by its folio or its id."""

    def receive() -> Any:
        folio = body.case
        if not case_reference.FOLIO.fullmatch(folio):
            folio = hub.get_case(case_reference.case_id_of(folio, hub)).folio
        return hub.receive_arco_request(
            folio, body.kind, body.requester, body.identity_checked, body.received_at
        )

    return commands.run(body, receive, created="request_id", allowed=_admin, role=Role.ADMIN)


@router.post(f"{PATH}/{{request_id}}/extend", response_model=Recorded)
def extend_arco_request(
    request_id: UUID, body: ExtendArcoRequest, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The one extension of the answer's term (10 business days), within the first term."""
    return commands.run(
        body,
        lambda: hub.extend_arco_request(request_id, body.reason),
        allowed=_admin,
        role=Role.ADMIN,
    )


@router.post(f"{PATH}/{{request_id}}/answer", response_model=Recorded)
def answer_arco_request(
    request_id: UUID, body: AnswerArcoRequest, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Grant the request, or refuse it on one ground of LGPDPPSO art. 49."""
    return commands.run(
        body,
        lambda: hub.answer_arco_request(request_id, body.decision, body.ground),
        allowed=_admin,
        role=Role.ADMIN,
    )


@router.post(f"{PATH}/{{request_id}}/carry-out", response_model=Recorded, dependencies=[NoBody])
def carry_out_arco_request(
    request_id: UUID, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Carry out a granted request; a cancellation erases the case's personal data for good."""
    return commands.run(
        None, lambda: hub.carry_out_arco_request(request_id), allowed=_admin, role=Role.ADMIN
    )


@router.get(PATH, response_model=ArcoRequestsOut)
def arco_requests(hub: HubDep, who: ActorDep) -> ArcoRequestsOut:
    """Every request, oldest first, with its status, its deadlines and whether one passed."""
    with _as_admin(hub, who):
        found = hub.arco_requests()
    now = hub.clock()
    return ArcoRequestsOut(
        items=[ArcoRequestOut.of(r, arco_deadlines(r, hub.limits), now) for r in found]
    )


@router.get(f"{PATH}/{{request_id}}", response_model=ArcoRequestOut)
def arco_request(request_id: UUID, hub: HubDep, who: ActorDep) -> ArcoRequestOut:
    """One request, its status and its deadlines."""
    with _as_admin(hub, who):
        found = hub.arco_request(request_id)
    return ArcoRequestOut.of(found, arco_deadlines(found, hub.limits), hub.clock())


@router.get(f"{PATH}/{{request_id}}/export", response_model=AccessExportOut)
def arco_access_export(request_id: UUID, hub: HubDep, who: ActorDep) -> AccessExportOut:
    """What Ruta holds about the person, for a granted access request (LGPDPPSO art. 44).

    Reading it is recorded as a disclosure for ``arco_access``, as every reading of sealed
    data is."""
    with _as_admin(hub, who):
        return AccessExportOut.of(hub.arco_access_export(request_id))


@router.get("/retention/due", response_model=RetentionOut)
def retention_due(request: Request, hub: HubDep, who: ActorDep) -> RetentionOut:
    """The cases closed longer than the deployment's retention period (``RUTA_RETENTION_YEARS``)
    whose personal data is still held; refused (``retention_not_set``) when none is set."""
    years = parts(request).retention_years
    with _as_admin(hub, who):
        if years is None:
            raise RetentionNotSet(field="RUTA_RETENTION_YEARS")
        due = hub.retention_due(years, hub.clock())
    return RetentionOut(years=years, items=[RetentionDueOut.of(d) for d in due])


def _as_admin(hub: Hub, who: Actor) -> Any:
    if not who.has(Role.ADMIN):
        raise RoleRequired(role=str(Role.ADMIN))
    return hub.acting_as(who)
