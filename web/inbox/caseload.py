"""``/casos``: my agency's caseload (as ``GET /cases``), filtered by a GET form, paged by the
view's cursor, with a search box by folio."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.case_state import Relation
from domain.errors import NotFound
from domain.hub import Hub
from projections.caseload import CaseloadView
from projections.caseload_rows import STATUSES
from queries.caseload import CaseloadFilter, read_caseload
from web.inbox.access import caseload_of, hub_of, own_agency
from web.pages import redirect, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PAGE_SIZE = 50
Text = Annotated[str | None, Query(max_length=100)]
RELATIONS = tuple(str(r) for r in Relation)


@router.get("/casos", response_model=None)
async def caseload(
    request: Request,
    who: PersonDep,
    estado: Text = None,
    relacion: Text = None,
    vencidos: Text = None,
    folio: Annotated[str | None, Query(max_length=40)] = None,
    despues: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    agency = own_agency(request, who)
    hub = hub_of(request)
    view = caseload_of(request)
    errors: dict[str, str] = {}
    wanted_folio = (folio or "").strip().upper()
    if wanted_folio:
        found = await run_in_threadpool(_own_case, view, agency.code, hub, wanted_folio)
        if found:
            return redirect("/casos/" + wanted_folio)
        errors["folio"] = "web.caseload.error.folio"
    if estado and estado not in STATUSES:
        errors["estado"] = "web.caseload.error.status"
    if relacion and relacion not in RELATIONS:
        errors["relacion"] = "web.caseload.error.relation"
    wanted = CaseloadFilter(
        status=estado if estado and "estado" not in errors else None,  # type: ignore[arg-type]
        relation=relacion if relacion and "relacion" not in errors else None,
        overdue=vencidos == "si",
        after=despues,
        limit=PAGE_SIZE,
    )
    page = await run_in_threadpool(read_caseload, hub, who.actor, agency, view, wanted)
    filters = {
        "estado": wanted.status or "",
        "relacion": wanted.relation or "",
        "vencidos": "si" if wanted.overdue else "",
    }
    kept = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "inbox/caseload.html",
        status=404 if "folio" in errors else 200,
        rows=list(page.items),
        filters=filters,
        errors=errors,
        statuses=STATUSES,
        relations=RELATIONS,
        search_value=folio or "",
        next_link=_link(kept, despues=page.next) if page.next else None,
        first_link=_link(kept) if despues else None,
        now=hub.clock(),
    )


def _own_case(view: CaseloadView, agency: str, hub: Hub, folio: str) -> bool:
    """Whether the folio names a case in the agency's caseload (an unknown folio and a case
    of others answer the same)."""
    try:
        case_id = hub.find_folio(folio)
    except NotFound:
        return False
    return view.entry(agency, case_id) is not None


def _link(kept: dict[str, str], **more: str) -> str:
    return "/casos?" + urlencode({**kept, **more})
