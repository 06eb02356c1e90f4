"""The pages that answer what an agency owes in a case, one thing per page.

Accept or decline a referral addressed to the agency, acknowledge or refuse a handoff to it,
answer an observation concerning it. Each is a GET form and a POST with its CSRF token and an
idempotency key (a double submit records once: the API's command runner answers the second with
the first's outcome); errors in Spanish beside the field, nothing recorded; then the case page
with the confirmation in words. Only the agency that answers may: others get the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.commands import CommandRunner
from api.schemas.requests import AnswerObservation, DeclineReferral, RefuseHandoff
from domain.errors import NotFound, RutaError
from domain.hub import Hub
from domain.vocabulary import DeclineReason, HandoffRefusalReason
from texts.labels import label_code
from web.case_work.reading import CaseWork, case_worker, open_access, owed_item, parts_of, read_work
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

MAX_TEXT = 8000
Field = Annotated[str, Form(max_length=MAX_TEXT * 2)]


@dataclass(frozen=True)
class Answer:
    """One kind of answer: what it answers, its path, its reasons (if any), its command."""

    name: str  # accept, decline, acknowledge, refuse, answer
    kind: str  # referral, handoff, observation
    path: str  # under /casos/<folio>/
    reasons: type[StrEnum] | None = None
    text: bool = False  # an answer's text


ANSWERS = {
    a.name: a
    for a in (
        Answer("accept", "referral", "canalizaciones/{id}/aceptar"),
        Answer("decline", "referral", "canalizaciones/{id}/rechazar", reasons=DeclineReason),
        Answer("acknowledge", "handoff", "entregas/{id}/acusar"),
        Answer("refuse", "handoff", "entregas/{id}/rehusar", reasons=HandoffRefusalReason),
        Answer("answer", "observation", "observaciones/{id}/responder", text=True),
    )
}


def _command(
    hub: Hub, answer: Answer, case_id: UUID, item: UUID, values: dict[str, str]
) -> tuple[BaseModel | None, Callable[[], int]]:
    if answer.name == "accept":
        return None, lambda: hub.accept_referral(case_id, item)
    if answer.name == "decline":
        body = DeclineReferral(
            reason=DeclineReason(values["motivo"]), detail=values["detalle"].strip() or None
        )
        return body, lambda: hub.decline_referral(case_id, item, body.reason, body.detail)
    if answer.name == "acknowledge":
        return None, lambda: hub.acknowledge_handoff(case_id, item)
    if answer.name == "refuse":
        refusal = RefuseHandoff(reason=HandoffRefusalReason(values["motivo"]))
        return refusal, lambda: hub.refuse_handoff(case_id, item, refusal.reason)
    reply = AnswerObservation(text=values["texto"])
    return reply, lambda: hub.answer_observation(case_id, item, reply.text)


def _errors(answer: Answer, values: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if answer.reasons is not None and values["motivo"] not in {r.value for r in answer.reasons}:
        errors["motivo"] = "web.case_work.error.reason"
    if answer.text:
        if not values["texto"].strip():
            errors["texto"] = "web.case_work.error.text_missing"
        elif len(values["texto"]) > MAX_TEXT:
            errors["texto"] = "web.case_work.error.text_long"
    if len(values["detalle"]) > MAX_TEXT:
        errors["detalle"] = "web.case_work.error.text_long"
    return errors


def _load(
    request: Request, who: Person, folio: str, answer: Answer, item: UUID
) -> tuple[CaseWork, object]:
    parts = parts_of(request)
    access = open_access(parts, who, folio)
    work = read_work(parts, access, page_language(request))
    found = owed_item(work, answer.kind, item, who.agency)
    return work, found


async def _form(
    request: Request,
    who: Person,
    folio: str,
    name: str,
    item: UUID,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    answer = ANSWERS[name]
    work, found = await run_in_threadpool(_load, request, who, folio, answer, item)
    lang = page_language(request)
    reasons = (
        [(r.value, label_code(answer.reasons, r.value, lang)) for r in answer.reasons]
        if answer.reasons
        else []
    )
    return render(
        request,
        "case_work/answer.html",
        status=status,
        folio=work.reading.folio,
        answer=answer,
        action=f"/casos/{work.reading.folio}/" + answer.path.format(id=item),
        item=found,
        reasons=reasons,
        values=values,
        errors=errors,
    )


async def _submit(
    request: Request, who: Person, folio: str, name: str, item: UUID, values: dict[str, str]
) -> Response:
    answer = ANSWERS[name]
    case_worker(who)
    work, _ = await run_in_threadpool(_load, request, who, folio, answer, item)
    values["clave"] = values["clave"] or str(uuid4())
    errors = _errors(answer, values)
    if errors:
        return await _form(request, who, folio, name, item, values, errors, status=400)
    hub = parts_of(request).hub
    case_id = work.reading.case_id
    body, command = _command(hub, answer, case_id, item, values)
    runner = CommandRunner(hub, who.actor, values["clave"], f"POST {request.url.path}")
    try:
        await run_in_threadpool(runner.run, body, command, None, case_id)
    except NotFound:
        raise
    except RutaError:
        field = "motivo" if answer.reasons else ("texto" if answer.text else "confirmar")
        errors[field] = "web.case_work.error.refused"
        return await _form(request, who, folio, name, item, values, errors, status=400)
    folio = work.reading.folio
    return redirect(f"/casos/{folio}?hecho={name}&id={item}#hecho")


def _values(
    clave: str = "", motivo: str = "", detalle: str = "", texto: str = ""
) -> dict[str, str]:
    return {"clave": clave, "motivo": motivo, "detalle": detalle, "texto": texto}


def _add(name: str) -> None:
    path = "/casos/{folio}/" + ANSWERS[name].path.replace("{id}", "{item}")

    async def show(request: Request, folio: str, item: UUID, who: PersonDep) -> Response:
        case_worker(who)
        return await _form(request, who, folio, name, item, _values(str(uuid4())), {})

    async def submit(
        request: Request,
        folio: str,
        item: UUID,
        who: PersonDep,
        clave: Annotated[str, Form(max_length=200)] = "",
        motivo: Annotated[str, Form(max_length=100)] = "",
        detalle: Field = "",
        texto: Field = "",
    ) -> Response:
        return await _submit(
            request, who, folio, name, item, _values(clave, motivo, detalle, texto)
        )

    router.add_api_route(path, show, methods=["GET"], response_model=None, name=f"{name}_form")
    router.add_api_route(
        path,
        submit,
        methods=["POST"],
        response_model=None,
        dependencies=[CsrfDep],
        name=f"{name}_submit",
    )


for _name in ANSWERS:
    _add(_name)
