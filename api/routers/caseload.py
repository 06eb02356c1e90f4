"""GET /cases: the calling agency's caseload, read from the caseload view."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from api.dependencies import ActorDep, AgencyDep, HubDep, MinPositionDep, parts
from api.errors import http_problem
from api.schemas.responses import Caseload
from api.wait_limits import TOO_MANY_WAITS
from api.waits import reached
from domain.case_state import Relation
from queries.caseload import CaseloadFilter, read_caseload

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get(
    "",
    response_model=Caseload,
    responses={503: {"description": "view behind"}, **TOO_MANY_WAITS},
)
async def caseload(
    request: Request,
    hub: HubDep,
    who: ActorDep,
    agency: AgencyDep,
    status: Literal["open", "closed"] | None = None,
    role: Annotated[
        Relation | None, Query(description="the caller's agency's relation to the case")
    ] = None,
    overdue: bool = False,
    after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    min_position: MinPositionDep = None,
) -> Any:
    """The cases the caller's agency is involved in, with what it owes and what is overdue."""
    view = parts(request).caseload
    if view is None:
        return http_problem(request, 503)
    if min_position is not None and not await reached(request, who, "caseload", min_position):
        return http_problem(request, 503, headers={"Retry-After": "1"})

    wanted = CaseloadFilter(
        status=status,
        relation=None if role is None else str(role),  # the code, for any SQL driver
        overdue=overdue,
        after=after,
        limit=limit,
    )
    found = await run_in_threadpool(read_caseload, hub, who, agency, view, wanted)
    return Caseload.of(found)
