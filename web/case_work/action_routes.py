"""Serving the case page's actions: a GET form and its POST, one thing per page.

The POST carries the CSRF token and an idempotency key (a double submit records once: the
API's command runner answers the second with the first's outcome). Every field's error is
shown beside it in the reader's language and nothing is recorded; a refusal of the domain is
said in its own words; then the case page, with the confirmation in words. An agency whose
part in the case does not allow the action gets the 403 page, an agency not involved the 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.commands import CommandRunner
from domain.access import Level
from domain.case_roles import writes_allowed
from domain.detection import CLOCK_SKEW
from domain.errors import NotFound, RutaError
from texts.messages import problem_text
from texts.translations import translation
from web.case_work.actions import Action, Field, Kind, Situation
from web.case_work.reading import case_worker, open_access, parts_of, read_work
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, PageForbidden, Person, PersonDep

ERROR = "web.action.error."
KEY_LIMIT = 200


def situation_of(request: Request, who: Person, folio: str) -> Situation:
    """The case of ``folio`` as ``who``'s agency sees it, and what it may write now."""
    parts = parts_of(request)
    access = open_access(parts, who, folio)
    lang = page_language(request)
    work = read_work(parts, access, lang)
    case = parts.hub.get_case(work.reading.case_id)
    aware = access.level >= Level.METADATA
    return Situation(
        work=work,
        case=case,
        agency=who.agency,
        writes=writes_allowed(case, who.agency, aware=aware),
        catalogue=parts.hub.catalogue,
        lang=lang,
        zone=request.app.state.pages.zone,
        now=parts.hub.clock(),
        hub=parts.hub,
    )


def offered(action: Action, situation: Situation) -> bool:
    return action.available(situation) and not (
        action.on_item and action.items is not None and not action.items(situation)
    )


def _require_offered(action: Action, situation: Situation, item: UUID | None) -> None:
    if not action.available(situation):
        raise PageForbidden()
    if action.on_item:
        codes = {c.code for c in (action.items(situation) if action.items else [])}
        if str(item) not in codes:
            raise PageForbidden()


def _defaults(action: Action, situation: Situation) -> dict[str, Any]:
    values: dict[str, Any] = {"clave": str(uuid4())}
    for f in action.fields:
        if f.default is not None:
            values[f.name] = f.default(situation)
    return values


def _read(form: FormData, fields: Iterable[Field]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields:
        if f.kind == Kind.CHECKBOXES:
            values[f.name] = [v for v in form.getlist(f.name) if isinstance(v, str) and v]
        elif f.kind == Kind.CHECK:
            values[f.name] = bool(form.get(f.name))
        else:
            raw = form.get(f.name)
            values[f.name] = raw.strip() if isinstance(raw, str) else ""
    return values


def _check(
    action: Action, situation: Situation, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The body's data from the form's answers, and each field's error (a msgid)."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in action.fields:
        value = values.get(f.name)
        codes = {c.code for c in f.choices(situation)} if f.choices else None
        if f.kind == Kind.CHECK:
            data[f.name] = bool(value)
        elif f.kind == Kind.CHECKBOXES:
            chosen = list(value or [])
            outside = codes is not None and not set(chosen) <= codes
            if outside or (f.required and not chosen):
                errors[f.name] = "choose_some"
            data[f.name] = chosen
        elif not value:
            if f.required:
                errors[f.name] = "choose" if codes is not None else "required"
        elif codes is not None and value not in codes:
            errors[f.name] = "choose"
        elif f.kind in (Kind.WHEN, Kind.DATE):
            try:
                when = (
                    datetime.combine(date.fromisoformat(value), time(), situation.zone)
                    if f.kind == Kind.DATE  # a day alone, from its start
                    else datetime.fromisoformat(value).replace(tzinfo=situation.zone)
                )
            except ValueError:
                errors[f.name] = "when"
            else:
                if when > situation.now + CLOCK_SKEW:
                    errors[f.name] = "when_future"
                data[f.name] = when.isoformat()
        elif len(value) > f.limit:
            errors[f.name] = "too_long"
        else:
            data[f.name] = value
    return data, {name: _said(action, name, kind, situation) for name, kind in errors.items()}


def _said(action: Action, name: str, kind: str, situation: Situation) -> str:
    """The field's own words for its error where the catalogue has them, else the kind's."""
    own = f"web.action.{action.name}.{name}.error"
    return situation.t(own if own in translation(situation.lang) else ERROR + kind)


def _validated(action: Action, situation: Situation, data: dict[str, Any]) -> Any:
    """The API's request body, or the errors pydantic finds, each at its field."""
    if action.prepare is not None:
        data = action.prepare(data, situation)
    try:
        return action.body.model_validate(data), {}
    except ValidationError as invalid:
        names = [f.name for f in action.fields]
        errors: dict[str, str] = {}
        for problem in invalid.errors():
            where = str(problem["loc"][0]) if problem["loc"] else ""
            name = where if where in names else (names[0] if names else "confirmar")
            errors.setdefault(name, _said(action, name, "invalid", situation))
        return None, errors


async def show_form(
    request: Request,
    who: Person,
    action: Action,
    folio: str,
    item: UUID | None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    situation: Situation | None = None,
) -> Response:
    case_worker(who)
    if situation is None:
        situation = await run_in_threadpool(situation_of, request, who, folio)
    _require_offered(action, situation, item)
    item_said = next(
        (c.label for c in (action.items(situation) if action.items else []) if c.code == str(item)),
        None,
    )
    return render(
        request,
        "case_work/action.html",
        status=status,
        folio=situation.reading.folio,
        action=action,
        target=action.link(situation.reading.folio, item),
        item_said=item_said,
        fields=[(f, f.choices(situation) if f.choices else []) for f in action.fields],
        values=values if values is not None else _defaults(action, situation),
        errors=errors or {},
    )


async def submit_form(
    request: Request, who: Person, action: Action, folio: str, item: UUID | None
) -> Response:
    case_worker(who)
    situation = await run_in_threadpool(situation_of, request, who, folio)
    form = await request.form()
    values = _read(form, action.fields)
    key = form.get("clave")
    values["clave"] = key if isinstance(key, str) and 0 < len(key) <= KEY_LIMIT else str(uuid4())
    hub = parts_of(request).hub
    case_id = situation.reading.case_id
    # A form sent again (a double click, a reload) after it was recorded: the action may no
    # longer be offered (the case is closed now), and the answer is the first one's.
    sent = await run_in_threadpool(hub.command_outcome, who.actor.account, values["clave"])
    if sent is None:
        _require_offered(action, situation, item)
    data, errors = _check(action, situation, values)
    body = None
    if not errors:
        body, errors = _validated(action, situation, data)
    if errors and sent is None:
        return await show_form(
            request, who, action, folio, item, values, errors, 400, situation=situation
        )
    if errors:  # sent before, and changed since: the first answer stands
        return _done(situation, action, item or (_created(sent.outcome) if sent else None))
    runner = CommandRunner(hub, who.actor, values["clave"], f"POST {request.url.path}")
    try:
        answer = await run_in_threadpool(
            runner.run, body, lambda: action.command(hub, case_id, item, body), None, case_id
        )
    except NotFound:
        raise
    except RutaError as refused:
        if sent is not None:
            raise
        title, detail = problem_text(refused, situation.lang, situation.catalogue)
        name = action.refusals.get(type(refused), action.fields[0].name if action.fields else "")
        refusal = {name or "confirmar": f"{title}. {detail}"}
        return await show_form(
            request, who, action, folio, item, values, refusal, 400, situation=situation
        )
    return _done(situation, action, item or _created(answer))


def _created(answer: Mapping[str, object]) -> object:
    """What the command created: ``id`` when it ran now, ``<noun>_id`` (``referral_id``) as the
    hub recorded it when the answer is the first one's, replayed for a double submit."""
    return answer.get("id") or next((v for k, v in answer.items() if k.endswith("_id")), None)


def _done(situation: Situation, action: Action, done_id: object) -> Response:
    suffix = f"&id={done_id}" if done_id else ""
    return redirect(f"/casos/{situation.reading.folio}?hecho={action.name}{suffix}#hecho")


def action_router(actions: Iterable[Action]) -> APIRouter:
    """The GET and POST routes of ``actions``, as pages."""
    router = APIRouter(tags=["pages"], include_in_schema=False)
    for action in actions:
        _add(router, action)
    return router


def _add(router: APIRouter, action: Action) -> None:
    path = "/casos/{folio}/" + action.path
    if action.on_item:

        async def show_item(request: Request, folio: str, item: UUID, who: PersonDep) -> Response:
            return await show_form(request, who, action, folio, item)

        async def submit_item(request: Request, folio: str, item: UUID, who: PersonDep) -> Response:
            return await submit_form(request, who, action, folio, item)

        show, submit = show_item, submit_item
    else:

        async def show_case(request: Request, folio: str, who: PersonDep) -> Response:
            return await show_form(request, who, action, folio, None)

        async def submit_case(request: Request, folio: str, who: PersonDep) -> Response:
            return await submit_form(request, who, action, folio, None)

        show, submit = show_case, submit_case  # type: ignore[assignment]
    name = f"action_{action.name}"
    router.add_api_route(path, show, methods=["GET"], response_model=None, name=f"{name}_form")
    router.add_api_route(
        path,
        submit,
        methods=["POST"],
        response_model=None,
        dependencies=[CsrfDep],
        name=f"{name}_submit",
    )
