"""GET /cases: the calling agency's caseload, read from the caseload view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from api.dependencies import ActorDep, AgencyDep, HubDep, MinPositionDep, parts
from api.errors import http_problem
from api.schemas.responses import Caseload, CaseSummaryOut
from api.wait_limits import TOO_MANY_WAITS
from api.waits import reached
from domain.access import Level, may_write_cases, sees_all_cases
from domain.actor import Role
from domain.case_state import Relation
from domain.errors import RoleRequired

router = APIRouter(prefix="/cases", tags=["cases"])

ALL_CASES = "*"  # the rows the commission and auditors read


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

    def read() -> Caseload:  # reads of the view, in the threadpool
        if sees_all_cases(who, agency):
            rows_of = ALL_CASES
        elif may_write_cases(who):
            rows_of = agency.code
        else:
            raise RoleRequired(role=str(Role.CASEWORKER))
        now = hub.clock()
        entries = view.caseload(
            rows_of,
            status=status,
            relation=None if role is None else str(role),  # the code, for any SQL driver
            overdue_at=now if overdue else None,
            after=after,
            limit=limit + 1,
        )
        page = entries[:limit]
        return Caseload(
            items=[_summary(e, now) for e in page],
            next=_cursor(page[-1]) if len(entries) > limit else None,
            position=int(view.max_tracking_id(hub.name) or 0),
        )

    return await run_in_threadpool(read)


def _summary(entry: Any, now: datetime) -> CaseSummaryOut:
    level = Level(entry.level)
    status_known = level >= Level.RECEIPT
    return CaseSummaryOut(
        case_id=entry.case_id,
        folio=entry.folio,
        relations=list(entry.relations),
        level=level.name.lower(),
        status=("closed" if entry.is_closed else "open") if status_known else None,
        is_child=entry.is_child if level >= Level.METADATA else None,
        detected_at=entry.detected_at if status_known else None,
        last_event_at=entry.last_event_at,
        pending_referrals=entry.pending_referrals,
        open_handoffs=entry.open_handoffs,
        next_due_at=entry.next_due_at,
        overdue=entry.next_due_at is not None and entry.next_due_at < now,
    )


def _cursor(entry: Any) -> str:
    return str(getattr(entry, "cursor", entry.case_id))
