"""``/casos/nuevo`` (one person), ``/casos/nuevo/grupo`` (several), ``/casos/<folio>/registrado``.

For caseworkers and supervisors of an agency that takes part in cases; anybody else gets the
403 page. Errors follow the GOV.UK pattern and record nothing; the personal data typed is kept
in the form shown again (in the page, never in a URL). The saved page says what the route
expects next: notify PPNNA now for a child (or an age unknown), consent and services otherwise.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.access import may_write_cases
from domain.agencies import Participation
from domain.errors import NotFound, RutaError
from domain.hub import Hub
from domain.vocabulary import AgeGroup
from web.commission.scope import hub_of
from web.detection.choices import choices
from web.detection.form import (
    MAX_PEOPLE,
    Reading,
    default_when,
    people_count,
    read_person,
    read_shared,
    refusal,
)
from web.detection.recording import report, save
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, PageForbidden, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)
SINGLE, GROUP = "/casos/nuevo", "/casos/nuevo/grupo"


def _detecting(request: Request, who: Person) -> Hub:
    """The hub, if ``who`` may record a detection for their agency; else the 403 page."""
    hub = hub_of(request)
    agency = hub.catalogue.get(who.agency)
    if not may_write_cases(who.actor) or agency.participation != Participation.CASE_PARTY:
        raise PageForbidden()
    return hub


def _zone(request: Request) -> ZoneInfo:
    zone: ZoneInfo = request.app.state.pages.zone
    return zone


def _form(
    request: Request,
    hub: Hub,
    values: dict[str, Any],
    errors: dict[str, str],
    people: int = 1,
    status: int = 200,
) -> Response:
    options = choices(hub.catalogue.municipalities, page_language(request))
    template = "detection/group.html" if people > 1 else "detection/form.html"
    return render(
        request,
        template,
        status=status,
        values=values,
        errors=errors,
        options=options,
        people=people,
    )


@router.get(SINGLE, response_model=None)
async def detection_form(request: Request, who: PersonDep) -> Response:
    hub = _detecting(request, who)
    values = {"detected_at": default_when(hub.clock(), _zone(request)), "clave": str(uuid4())}
    return _form(request, hub, values, {})


@router.get(GROUP, response_model=None)
async def group_form(
    request: Request, who: PersonDep, personas: Annotated[str | None, Query(max_length=4)] = None
) -> Response:
    hub = _detecting(request, who)
    people = people_count(personas)
    if people is None:
        errors = {} if personas is None else {"personas": "web.detection.error.people"}
        return render(
            request,
            "detection/group_size.html",
            status=400 if errors else 200,
            errors=errors,
            values={"personas": personas or ""},
            most=MAX_PEOPLE,
        )
    values = {"detected_at": default_when(hub.clock(), _zone(request)), "clave": str(uuid4())}
    return _form(request, hub, values, {}, people=people)


@router.post(SINGLE, response_model=None, dependencies=[CsrfDep])
async def record_detection(request: Request, who: PersonDep) -> Response:
    return await _record(request, who, group=False)


@router.post(GROUP, response_model=None, dependencies=[CsrfDep])
async def record_group(request: Request, who: PersonDep) -> Response:
    return await _record(request, who, group=True)


async def _record(request: Request, who: Person, group: bool) -> Response:
    hub = _detecting(request, who)
    form = await request.form()
    people = people_count(str(form.get("personas") or "")) if group else 1
    if people is None:
        raise HTTPException(400)
    reading = Reading()
    raw_key = form.get("clave")
    key = raw_key if isinstance(raw_key, str) and 0 < len(raw_key) <= 200 else str(uuid4())
    reading.values["clave"] = key
    read_shared(form, reading, _zone(request), hub.clock())
    prefixes = [f"p{i}_" for i in range(1, people + 1)] if group else [""]
    persons = [read_person(form, reading, prefix, full=not group) for prefix in prefixes]
    if reading.errors:
        return _form(request, hub, reading.values, reading.errors, people, status=400)
    reports = [report(reading.facts, person) for person in persons]
    route = f"POST {request.url.path}"
    try:
        saved = await run_in_threadpool(save, hub, who.actor, key, route, reports)
    except RutaError as error:
        name, words = refusal(error.code(), error.field, group)
        reading.errors[name] = words
        return _form(request, hub, reading.values, reading.errors, people, status=400)
    if not saved.folios:  # a group's form sent again: its cases are in the caseload
        return render(request, "detection/again.html")
    first, *others = saved.folios
    query = "".join(f"&otros={f}" for f in others).replace("&", "?", 1)
    return redirect(f"/casos/{first}/registrado{query}")


@router.get("/casos/{folio}/registrado", response_model=None)
async def detection_recorded(
    request: Request,
    folio: str,
    who: PersonDep,
    otros: Annotated[list[str] | None, Query(max_length=MAX_PEOPLE)] = None,
) -> Response:
    hub = _detecting(request, who)
    folios = [folio, *(otros or [])]
    cases = await run_in_threadpool(_recorded, hub, who, folios)
    return render(request, "detection/recorded.html", cases=cases)


def _recorded(hub: Hub, who: Person, folios: list[str]) -> list[dict[str, Any]]:
    """Each folio with what comes next; a 404 page for a case ``who``'s agency did not open."""
    found = []
    for folio in dict.fromkeys(folios):
        try:
            case = hub.get_case(hub.find_folio(folio))
        except NotFound:
            raise HTTPException(404) from None
        if case.detection.agency != who.agency:
            raise HTTPException(404)
        child = case.age_group != AgeGroup.ADULT
        due: datetime = case.detection.detected_at + hub.limits.ppnna_notice
        found.append({"folio": folio, "child": child, "due": due, "age_group": case.age_group})
    return found
