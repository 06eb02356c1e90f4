"""ARCO requests: ``/administracion/arco`` lists them and receives a new one, for administrators.

SEGOB's unit of transparency records a request about a case by its folio: the right exercised,
who asks, whether their identity was accredited (off the system, LGPDPPSO art. 49) and when it
arrived. Nothing else: the requester's name and papers stay in the unit's own file. Each line
says the request's status and its legal deadline in words, and whether it has passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.arco import ArcoKind, ArcoRequest, ArcoRequester
from domain.errors import CaseNotFound, RutaError
from domain.hub import Hub
from domain.review_rules_arco import arco_deadlines
from texts.labels import label_code
from texts.translations import translation
from web.admin.access import admin_only, hub_of, run_form
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

PATH = "/administracion/arco"
FOLIO = re.compile(r"^[A-Z]{2,10}-\d{4}-\d{6,9}$")
KINDS = [str(k) for k in ArcoKind]
REQUESTERS = [str(r) for r in ArcoRequester]
IDENTITY = {"si": True, "no": False}


@dataclass(frozen=True)
class ArcoLine:
    """A request as the pages show it: its next deadline, and whether it has passed."""

    request: ArcoRequest
    due: datetime | None  # the answer's, then carrying it out; None once nothing is owed
    overdue: bool
    answer_due: datetime
    carry_out_due: datetime | None


def arco_line(hub: Hub, request: ArcoRequest, now: datetime) -> ArcoLine:
    deadlines = arco_deadlines(request, hub.limits)
    due: datetime | None = None
    if request.answered_at is None:
        due = deadlines.answer_due
    elif deadlines.carry_out_due is not None and request.carried_out_at is None:
        due = deadlines.carry_out_due
    overdue = due is not None and now > due
    return ArcoLine(request, due, overdue, deadlines.answer_due, deadlines.carry_out_due)


def arco_lines(hub: Hub, who: Person) -> list[ArcoLine]:
    with hub.acting_as(who.actor):
        found = hub.arco_requests()
    now = hub.clock()
    return [arco_line(hub, r, now) for r in reversed(found)]  # newest first


@router.get(PATH, response_model=None)
async def arco_requests(request: Request, who: PersonDep) -> Response:
    admin_only(who)
    values = {"clave": str(uuid4()), "folio": "", "tipo": "", "solicitante": "", "identidad": ""}
    values["recibida"] = ""
    return await _page(request, who, values, {})


@router.post(PATH, response_model=None, dependencies=[CsrfDep])
async def receive(
    request: Request,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    folio: Annotated[str, Form(max_length=40)] = "",
    tipo: Annotated[str, Form(max_length=40)] = "",
    solicitante: Annotated[str, Form(max_length=40)] = "",
    identidad: Annotated[str, Form(max_length=10)] = "",
    recibida: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    folio = folio.strip().upper()
    values = {"clave": clave or str(uuid4()), "folio": folio, "tipo": tipo}
    values |= {"solicitante": solicitante, "identidad": identidad, "recibida": recibida}
    errors: dict[str, str] = {}
    if not FOLIO.fullmatch(folio):
        errors["folio"] = "web.admin.erasure.error.folio"
    if tipo not in KINDS:
        errors["tipo"] = "web.admin.arco.error.kind"
    if solicitante not in REQUESTERS:
        errors["solicitante"] = "web.admin.arco.error.requester"
    if identidad not in IDENTITY:
        errors["identidad"] = "web.admin.arco.error.identity"
    received_at = _moment(recibida, request)
    if received_at is None:
        errors["recibida"] = "web.admin.arco.error.received_at"
    if errors or received_at is None:
        return await _page(request, who, values, errors, status=400)
    body = "\n".join([folio, tipo, solicitante, identidad, received_at.isoformat()])

    def command() -> UUID:
        made = hub.receive_arco_request(folio, tipo, solicitante, IDENTITY[identidad], received_at)
        return made.id

    try:
        made = await run_form(request, who, values["clave"], body, command)
    except CaseNotFound:
        errors["folio"] = "web.admin.erasure.error.unknown"
    except RutaError as e:
        if e.field != "received_at":
            raise
        errors["recibida"] = "web.admin.arco.error.received_in_future"
    if errors:
        return await _page(request, who, values, errors, status=400)
    if made is None:  # the same form sent again: the request it recorded the first time
        prior = hub.command_outcome(who.actor.account, values["clave"])
        made = UUID(prior.outcome["request_id"]) if prior else None
    return redirect(f"{PATH}/{made}?hecho=recibida" if made else PATH)


def _moment(text: str, request: Request) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=request.app.state.pages.zone)
    except ValueError:
        return None


async def _page(
    request: Request,
    who: Person,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    lines = await run_in_threadpool(arco_lines, hub_of(request), who)
    lang = page_language(request)
    return render(
        request,
        "admin/arco.html",
        status=status,
        values=values,
        errors=errors,
        lines=lines,
        kinds=choices(ArcoKind, lang),
        requesters=choices(ArcoRequester, lang),
    )


def choices(
    vocabulary: type[StrEnum], lang: str, hints: str | None = None
) -> list[tuple[str, str, str]]:
    """A form's choices of ``vocabulary``: each code, its label and (under the catalogue's
    ``<hints>.<code>``) its help text."""
    texts = translation(lang)
    return [
        (str(c), label_code(vocabulary, str(c), lang), texts(f"{hints}.{c}") if hints else "")
        for c in vocabulary
    ]
