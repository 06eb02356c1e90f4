"""The retention schedule: ``/administracion/conservacion``, the closed cases whose personal data
has been kept longer than the deployment's period (``RUTA_RETENTION_YEARS``).

No law fixes the number of years (LGPDPPSO art. 24: no longer than the purposes need), so a
deployment without the setting has no schedule, and the page says so. Each case due links to
the erasure page with its folio and the reason ``retention_expired``: the administrator still
confirms the folio there; nothing is erased from this page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.hub import Hub
from domain.use_cases.arco import RetentionDue
from web.admin.access import admin_only, hub_of
from web.admin.erasure import PATH as ERASURE
from web.pages import render
from web.sessions import Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/administracion/conservacion"


def _due(hub: Hub, who: Person, years: int) -> list[RetentionDue]:
    with hub.acting_as(who.actor):
        return hub.retention_due(years, hub.clock())


@router.get(PATH, response_model=None)
async def retention(request: Request, who: PersonDep) -> Response:
    admin_only(who)
    years: int | None = request.app.state.parts.retention_years
    due: list[tuple[RetentionDue, str]] = []
    if years is not None:
        found = await run_in_threadpool(_due, hub_of(request), who, years)
        due = [(d, erasure_link(d.folio)) for d in found]
    return render(request, "admin/retention.html", years=years, due=due)


def erasure_link(folio: str) -> str:
    return f"{ERASURE}?{urlencode({'folio': folio, 'motivo': 'retention_expired'})}"
