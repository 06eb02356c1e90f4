"""GET /review/observations: every observation the commission issued, answered or not, late or
not; for the commission and auditors (every agency's) and supervisors (their own agency's)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from api.csv_answers import CSV_RESPONSE, csv_answer, reader_language, wants_csv
from api.dependencies import ActorDep, AgencyDep, HubDep, parts
from api.schemas.codes import AgencyCode
from api.schemas.observations import ObservationOut, ObservationsOut
from domain.access import may_observe
from domain.actor import Role
from domain.errors import Forbidden, RoleRequired
from queries.observations import observation_lines
from texts.export_tables import observations_table

router = APIRouter(prefix="/review", tags=["review"])


class OwnAgencyOnly(Forbidden):
    message = "A supervisor reads the observations concerning its own agency only."


@router.get("/observations", response_model=ObservationsOut, responses=CSV_RESPONSE)
async def observations(
    request: Request,
    hub: HubDep,
    who: ActorDep,
    agency: AgencyDep,
    about: Annotated[AgencyCode | None, Query(alias="agency")] = None,
    state: Literal["all", "answered", "unanswered", "late"] = "all",
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """Observations issued by now, newest first, with when each was answered and if late.

    Their texts and answers are not in this list. With ``Accept: text/csv``: every one that
    matches, labels in the language of ``Accept-Language``.
    """
    if about is not None:
        hub.catalogue.get(about, field="agency")
    if may_observe(who, agency) or who.has(Role.AUDITOR):
        concerning = about
    elif who.has(Role.SUPERVISOR):
        if about is not None and about != agency.code:
            raise OwnAgencyOnly(field="agency")
        concerning = agency.code
    else:
        raise RoleRequired(role=str(Role.COMMISSION))
    now = hub.clock()
    folios = parts(request).folios
    lines = await run_in_threadpool(observation_lines, hub, folios, now, concerning, state)
    if wants_csv(request):
        lang = reader_language(request)
        return csv_answer("observations", *observations_table(lines, now, hub.catalogue, lang))
    page = lines[offset : offset + limit]
    return ObservationsOut(
        at=now,
        total=len(lines),
        items=[
            ObservationOut(
                observation_id=line.observation_id,
                case_id=line.case_id,
                folio=line.folio,
                concerning=line.concerning,
                kind=line.kind,
                issued_at=line.issued_at,
                deadline=line.deadline,
                answered_at=line.answered_at,
                late=line.late(now),
            )
            for line in page
        ],
    )
