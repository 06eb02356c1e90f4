"""GET /review/findings: what the review rules raise, for the commission and supervisors."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.csv_answers import CSV_RESPONSE, csv_answer, reader_language, wants_csv
from api.dependencies import ActorDep, AgencyDep, HubDep, MinPositionDep, parts
from api.errors import http_problem
from api.schemas.codes import AgencyCode
from api.schemas.requests import Time
from api.schemas.responses import FindingOut, Findings
from api.wait_limits import TOO_MANY_WAITS
from api.waits import reached
from domain.access import may_observe
from domain.actor import Role
from domain.errors import Forbidden, InvalidValue, RoleRequired
from domain.review_rules import FINDING_RULES
from queries.findings import FindingFilter, every_finding
from texts.export_tables import findings_table

router = APIRouter(prefix="/review", tags=["review"])


class OwnAgencyOnly(Forbidden):
    message = "A supervisor reads the findings about its own agency only."


@router.get("/findings", response_model=Findings, responses={**TOO_MANY_WAITS, **CSV_RESPONSE})
async def findings(
    request: Request,
    hub: HubDep,
    who: ActorDep,
    agency: AgencyDep,
    about: Annotated[AgencyCode | None, Query(alias="agency")] = None,
    rule: Literal[FINDING_RULES] | None = None,  # type: ignore[valid-type]
    severity: Literal["low", "medium", "high", "critical"] | None = None,
    state: Literal["open", "resolved", "all"] = "open",
    since_from: Annotated[Time | None, Query(alias="from")] = None,
    since_to: Annotated[Time | None, Query(alias="to")] = None,
    after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    min_position: MinPositionDep = None,
) -> Any:
    """Findings that have begun by now: open, resolved, or all; filtered and paged.

    The commission and auditors read every agency's; a supervisor reads its own agency's.
    With ``Accept: text/csv``: every finding that matches from ``after`` on (at most 5,000),
    with its folio, labels in the language of ``Accept-Language``.
    """
    if about is not None:
        hub.catalogue.get(about, field="agency")  # an unknown agency is refused, as in writes
    if may_observe(who, agency) or who.has(Role.AUDITOR):
        concerning = about
    elif who.has(Role.SUPERVISOR):
        if about is not None and about != agency.code:
            raise OwnAgencyOnly(field="agency")
        concerning = agency.code
    else:
        raise RoleRequired(role=str(Role.SUPERVISOR))
    view = parts(request).review
    if view is None:
        return http_problem(request, 503)
    if min_position is not None and not await reached(request, who, "review", min_position):
        return http_problem(request, 503, headers={"Retry-After": "1"})

    if wants_csv(request):
        asked = FindingFilter(state, concerning, rule, severity, since_from, since_to)
        lang = reader_language(request)

        def table() -> Response:
            now = hub.clock()
            lines = list(every_finding(view, parts(request).folios, now, asked, after=after))
            return csv_answer("findings", *findings_table(lines, now, hub.catalogue, lang))

        try:
            return await run_in_threadpool(table)
        except ValueError:
            raise InvalidValue(field="after", reason="a cursor from a previous page") from None

    def read() -> Findings:  # reads of the view, in the threadpool
        now = hub.clock()
        try:
            page = view.findings(
                at=now,
                agency=concerning,
                rule=rule,
                severity=severity,
                state=state,
                since_from=since_from,
                since_to=since_to,
                after=after,
                limit=limit,
            )
        except ValueError:
            raise InvalidValue(field="after", reason="a cursor from a previous page") from None
        folios = parts(request).folios.of(f.case_id for f in page)
        return Findings(
            at=now,
            items=[
                FindingOut.model_validate({**vars(f), "folio": folios.get(f.case_id)}) for f in page
            ],
            next=page.next_cursor,
            position=int(view.max_tracking_id(hub.name) or 0),
        )

    return await run_in_threadpool(read)
