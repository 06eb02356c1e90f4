"""One ARCO request: ``/administracion/arco/<id>``, its history in words and its next step.

The next step is one form, as the request's status allows it (LGPDPPSO art. 45): the one
extension of the term, with its reason; the answer, a grant or a refusal on one of the grounds
of art. 49 (each with its words); and carrying out a granted request, which for a cancellation
destroys the case's key. After a step the page comes back with its confirmation (``?hecho=``, a
code of this page). The page names the case by its folio, never by anything of the person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.arco import (
    ArcoDecision,
    ArcoExtensionReason,
    ArcoKind,
    ArcoRefusalGround,
    ArcoRequest,
    ArcoRequester,
    ArcoStatus,
)
from domain.errors import ArcoRequestNotFound, RutaError
from domain.hub import Hub
from texts.labels import label_code
from web.admin.access import admin_only, hub_of, run_form
from web.admin.arco import PATH, ArcoLine, arco_line, choices
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

DONE = {
    "recibida": "web.admin.arco.done.received",
    "ampliada": "web.admin.arco.done.extended",
    "respondida": "web.admin.arco.done.answered",
    "efectiva": "web.admin.arco.done.carried_out",
    "repetido": "web.admin.arco.done.repeated",
}
# The step each form takes, and the error shown beside it when the request cannot take it now.
STEPS = {"ampliar": "motivo", "responder": "decision", "hacer-efectiva": "efectiva"}


def _line(hub: Hub, who: Person, request_id: UUID) -> ArcoLine:
    try:
        with hub.acting_as(who.actor):
            found = hub.arco_request(request_id)
    except ArcoRequestNotFound:
        raise HTTPException(404) from None
    return arco_line(hub, found, hub.clock())


@router.get(PATH + "/{request_id}", response_model=None)
async def arco_request(
    request: Request,
    request_id: UUID,
    who: PersonDep,
    hecho: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    admin_only(who)
    return await _page(request, who, request_id, {}, {}, DONE.get(hecho or ""))


@router.post(PATH + "/{request_id}/ampliar", response_model=None, dependencies=[CsrfDep])
async def extend(
    request: Request,
    request_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    motivo: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    if motivo not in {str(r) for r in ArcoExtensionReason}:
        return await _refused(request, who, request_id, {"motivo": motivo}, "motivo")
    return await _step(
        request,
        who,
        request_id,
        clave,
        motivo,
        "ampliada",
        "motivo",
        lambda: hub.extend_arco_request(request_id, motivo),
    )


@router.post(PATH + "/{request_id}/responder", response_model=None, dependencies=[CsrfDep])
async def answer(
    request: Request,
    request_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
    decision: Annotated[str, Form(max_length=40)] = "",
    fundamento: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    values = {"decision": decision, "fundamento": fundamento}
    if decision not in {str(d) for d in ArcoDecision}:
        return await _refused(request, who, request_id, values, "decision")
    refused = decision == ArcoDecision.REFUSED
    if refused and fundamento not in {str(g) for g in ArcoRefusalGround}:
        return await _refused(request, who, request_id, values, "fundamento")
    ground = fundamento if refused else None
    return await _step(
        request,
        who,
        request_id,
        clave,
        f"{decision}\n{ground}",
        "respondida",
        "decision",
        lambda: hub.answer_arco_request(request_id, decision, ground),
    )


@router.post(PATH + "/{request_id}/hacer-efectiva", response_model=None, dependencies=[CsrfDep])
async def carry_out(
    request: Request,
    request_id: UUID,
    who: PersonDep,
    clave: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    admin_only(who)
    hub = hub_of(request)
    return await _step(
        request,
        who,
        request_id,
        clave,
        "",
        "efectiva",
        "efectiva",
        lambda: hub.carry_out_arco_request(request_id),
    )


async def _step(
    request: Request,
    who: Person,
    request_id: UUID,
    key: str,
    body: str,
    done: str,
    field: str,
    command: Callable[[], object],
) -> Response:
    await run_in_threadpool(_line, hub_of(request), who, request_id)  # 404 for an unknown one
    try:
        outcome = await run_form(request, who, key, body, command)
    except RutaError as e:
        error = f"problem.{e.code()}.title"
        return await _page(request, who, request_id, {}, {field: error}, None, status=400)
    return redirect(f"{PATH}/{request_id}?hecho={'repetido' if outcome is None else done}")


async def _refused(
    request: Request, who: Person, request_id: UUID, values: dict[str, str], field: str
) -> Response:
    errors = {field: f"web.admin.arco.error.{field}"}
    return await _page(request, who, request_id, values, errors, None, status=400)


async def _page(
    request: Request,
    who: Person,
    request_id: UUID,
    values: dict[str, str],
    errors: dict[str, str],
    done: str | None,
    status: int = 200,
) -> Response:
    line = await run_in_threadpool(_line, hub_of(request), who, request_id)
    lang = page_language(request)
    arco = line.request
    return render(
        request,
        "admin/arco_request.html",
        status=status,
        line=line,
        arco=arco,
        history=history(arco, lang),
        done=done,
        values=values,
        errors=errors,
        keys={step: str(uuid4()) for step in STEPS},
        reasons=choices(ArcoExtensionReason, lang),
        decisions=choices(ArcoDecision, lang),
        grounds=choices(ArcoRefusalGround, lang, "web.admin.arco.ground_help"),
        can_extend=arco.status == ArcoStatus.RECEIVED,
        can_answer=arco.decision is None,
        can_carry_out=arco.status == ArcoStatus.GRANTED,
        exports=arco.kind == ArcoKind.ACCESS and arco.decision == ArcoDecision.GRANTED,
    )


def history(arco: ArcoRequest, lang: str) -> list[tuple[datetime, str, dict[str, str]]]:
    """The request's steps, oldest first: when, the catalogue's line, and its words."""
    said = {
        "kind": label_code(ArcoKind, str(arco.kind), lang),
        "requester": _lower_first(label_code(ArcoRequester, str(arco.requester), lang)),
    }
    identity = "checked" if arco.identity_checked else "unchecked"
    lines = [(arco.received_at, f"web.admin.arco.history.received_{identity}", said)]
    if arco.extended_at is not None and arco.extension is not None:
        reason = label_code(ArcoExtensionReason, str(arco.extension), lang)
        lines.append((arco.extended_at, "web.admin.arco.history.extended", {"reason": reason}))
    if arco.answered_at is not None:
        if arco.ground is None:
            lines.append((arco.answered_at, "web.admin.arco.history.granted", {}))
        else:
            ground = label_code(ArcoRefusalGround, str(arco.ground), lang)
            lines.append((arco.answered_at, "web.admin.arco.history.refused", {"ground": ground}))
    if arco.carried_out_at is not None:
        kind = "cancellation" if arco.kind == ArcoKind.CANCELLATION else "other"
        lines.append((arco.carried_out_at, f"web.admin.arco.history.carried_out_{kind}", {}))
    return lines


def _lower_first(text: str) -> str:
    """A label inside a sentence: "la persona titular", not "La persona titular"."""
    return text[:1].lower() + text[1:]
