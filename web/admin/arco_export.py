"""An access request's answer: ``/administracion/arco/<id>/acceso``, what Ruta holds about the
person (LGPDPPSO art. 44), as a page to print and hand over.

Only for a granted access request. It shows the personal data as held (or says it was
suppressed) and the case's events as timeline lines; opening it unseals the data, so the hub
records the reading as a disclosure for ``arco_access``, every time. The page's title and
address never carry the person's data: the address is the request's id, the title the same for
every request.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.errors import ArcoRequestNotFound, ArcoStepOutOfOrder
from domain.hub import Hub
from domain.personal_data import PersonalField
from domain.use_cases.arco import AccessExport
from texts.labels import label_code
from texts.timeline import timeline_lines
from web.admin.access import admin_only, hub_of
from web.admin.arco import PATH
from web.pages import page_language, render
from web.sessions import Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)


def _export(hub: Hub, who: Person, request_id: UUID) -> AccessExport:
    try:
        with hub.acting_as(who.actor):
            return hub.arco_access_export(request_id)
    except (ArcoRequestNotFound, ArcoStepOutOfOrder):
        raise HTTPException(404) from None


@router.get(PATH + "/{request_id}/acceso", response_model=None)
async def access_export(request: Request, request_id: UUID, who: PersonDep) -> Response:
    admin_only(who)
    hub = hub_of(request)
    export = await run_in_threadpool(_export, hub, who, request_id)
    lang = page_language(request)
    data = [
        (label_code(PersonalField, name, lang), value if isinstance(value, list) else [value])
        for name, value in export.personal_data.items()
    ]
    return render(
        request,
        "admin/arco_export.html",
        export=export,
        data=data,
        lines=timeline_lines(export.events, lang, hub.catalogue),
    )
