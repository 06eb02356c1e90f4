"""Every observation the commission issued: ``/comision/observaciones``, newest first, with
when it was answered and whether late; filtered, paged, downloadable as CSV or XLSX."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from queries.observations import ANSWERED, observation_lines
from texts.export_tables import observations_table
from texts.translations import translation
from web.commission.scope import folios_of, hub_of, reading_scope
from web.downloads import Format, download
from web.pages import page_language, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PAGE_SIZE = 50


@router.get("/comision/observaciones", response_model=None)
async def observations(
    request: Request,
    who: PersonDep,
    estado: Annotated[str, Query(max_length=20)] = "all",
    agencia: Annotated[str | None, Query(max_length=100)] = None,
    pagina: Annotated[int, Query(ge=1, le=1000)] = 1,
    descargar: Format | None = None,
) -> Response:
    scope = reading_scope(request, who)
    hub = hub_of(request)
    lang = page_language(request)
    zone = request.app.state.pages.zone
    errors: dict[str, str] = {}
    if estado not in ANSWERED:
        errors["estado"] = "web.findings.error.state"
        estado = "all"
    if agencia and (agencia not in hub.catalogue or (scope.only and agencia != scope.only)):
        errors["agencia"] = "web.findings.error.agency"
        agencia = None
    concerning = scope.only or agencia or None
    now = hub.clock()
    lines = await run_in_threadpool(
        observation_lines,
        hub,
        folios_of(request),
        now,
        concerning,
        estado,  # type: ignore[arg-type]
    )
    if descargar is not None:
        headers, cells = observations_table(lines, now, hub.catalogue, lang, zone)
        title = translation(lang)("web.observations.title")
        return download("observaciones", title, headers, cells, descargar)
    shown = lines[(pagina - 1) * PAGE_SIZE : pagina * PAGE_SIZE]
    kept = {k: v for k, v in {"estado": estado, "agencia": agencia or ""}.items() if v}
    return render(
        request,
        "commission/observations.html",
        lines=shown,
        total=len(lines),
        now=now,
        scope=scope,
        errors=errors,
        filters={"estado": estado, "agencia": agencia or ""},
        states=ANSWERED,
        agencies=[a.code for a in hub.catalogue],
        next_link=_link(kept, pagina=str(pagina + 1)) if len(lines) > pagina * PAGE_SIZE else None,
        previous_link=_link(kept, pagina=str(pagina - 1)) if pagina > 1 else None,
        csv_link=_link(kept, descargar="csv"),
        xlsx_link=_link(kept, descargar="xlsx"),
    )


def _link(kept: dict[str, str], **more: str) -> str:
    return "/comision/observaciones?" + urlencode({**kept, **more})
