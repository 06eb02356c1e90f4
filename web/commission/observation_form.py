"""Issuing an observation: ``/comision/casos/<folio>/observaciones/nueva``.

The form carries its CSRF token and an idempotency key, so that a double submit records one
observation (the API's command runner answers the second with the first's outcome). Its
errors follow the GOV.UK pattern: a summary on top, each message beside its field, nothing
recorded. The agency concerned is one involved in the case, as the domain requires.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.commands import CommandRunner
from api.schemas.requests import IssueObservation
from domain.access import may_observe
from domain.actor import Role
from domain.errors import NotFound, RutaError
from domain.hub import Hub
from domain.review_rules import FINDING_RULES
from domain.vocabulary import ObservationKind
from texts.labels import label_code
from texts.rules import rule_text
from web.commission.scope import commission_only, hub_of
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

MAX_TEXT = 8000
FORM = "commission/observation_form.html"


def _case(hub: Hub, folio: str) -> tuple[UUID, list[str]]:
    """The case's id and the agencies involved in it (a 404 page for an unknown folio)."""
    case_id = _case_id(hub, folio)
    case = hub.get_case(case_id)
    return case_id, [a.code for a in hub.catalogue if case.relations(a.code)]


def _case_id(hub: Hub, folio: str) -> UUID:
    try:
        return hub.find_folio(folio)
    except NotFound:  # the API's handler would answer problem+json: a page says 404 itself
        raise HTTPException(404) from None


@router.get("/comision/casos/{folio}/observaciones/nueva", response_model=None)
async def observation_form(
    request: Request,
    folio: str,
    who: PersonDep,
    agencia: Annotated[str | None, Query(max_length=100)] = None,
    regla: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    commission_only(request, who)
    hub = hub_of(request)
    _, involved = await run_in_threadpool(_case, hub, folio)
    text = ""
    if regla in FINDING_RULES:
        rule = rule_text(regla, page_language(request))
        text = f"{rule.name}. {rule.explained}"
    values = {
        "agencia": agencia if agencia in involved else "",
        "tipo": "finding",
        "texto": text,
        "clave": str(uuid4()),
        "asunto": "",
    }
    return _form(request, folio, involved, values, {})


@router.post(
    "/comision/casos/{folio}/observaciones/nueva", response_model=None, dependencies=[CsrfDep]
)
async def issue_observation(
    request: Request,
    folio: str,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    agencia: Annotated[str, Form(max_length=100)] = "",
    tipo: Annotated[str, Form(max_length=100)] = "",
    texto: Annotated[str, Form(max_length=MAX_TEXT * 2)] = "",
) -> Response:
    commission_only(request, who)
    hub = hub_of(request)
    case_id, involved = await run_in_threadpool(_case, hub, folio)
    values = {"agencia": agencia, "tipo": tipo, "texto": texto, "clave": clave or str(uuid4())}
    errors: dict[str, str] = {}
    if agencia not in involved:
        errors["agencia"] = "web.observation.error.agency"
    if tipo not in {k.value for k in ObservationKind}:
        errors["tipo"] = "web.observation.error.kind"
    if not texto.strip():
        errors["texto"] = "web.observation.error.text_missing"
    elif len(texto) > MAX_TEXT:
        errors["texto"] = "web.observation.error.text_long"
    if errors:
        return _form(request, folio, involved, values, errors, status=400)
    body = IssueObservation(concerning=agencia, text=texto, kind=ObservationKind(tipo))
    try:
        await run_in_threadpool(_record, hub, who, values["clave"], request, case_id, body)
    except RutaError:
        errors["texto"] = "web.observation.error.refused"
        return _form(request, folio, involved, values, errors, status=400)
    return redirect(f"/comision/casos/{folio}/observaciones/emitida")


def _record(
    hub: Hub, who: Person, key: str, request: Request, case_id: UUID, body: IssueObservation
) -> None:
    route = f"POST {request.url.path}"
    CommandRunner(hub, who.actor, key, route).run(
        body,
        lambda: hub.issue_observation(case_id, body.concerning, body.text, str(body.kind)),
        created="observation_id",
        case_id=case_id,
        allowed=lambda actor: may_observe(actor, hub.catalogue.get(actor.agency)),
        role=Role.COMMISSION,
    )


@router.get("/comision/casos/{folio}/observaciones/emitida", response_model=None)
async def observation_issued(request: Request, folio: str, who: PersonDep) -> Response:
    commission_only(request, who)
    await run_in_threadpool(_case_id, hub_of(request), folio)
    return render(request, "commission/observation_issued.html", folio=folio)


def _form(
    request: Request,
    folio: str,
    involved: list[str],
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    lang = page_language(request)
    kinds = [(k.value, label_code(ObservationKind, k.value, lang)) for k in ObservationKind]
    return render(
        request,
        FORM,
        status=status,
        folio=folio,
        agencies=involved,
        kinds=kinds,
        values=values,
        errors=errors,
    )
