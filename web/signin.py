"""Signing in and out on the pages: ``/entrar`` (login, password, code) and ``/salir``.

Whatever was wrong, the page says the same (no account enumeration); a lock says how long to
wait. The client address counts towards its own limit and is never stored (``domain``'s guards
keep a keyed hash of it). After sign-in the person goes back to the page they asked for, if it is
a page of this site.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from domain.errors import AccountSuspended, RutaError
from domain.errors.sign_in import SignInLocked
from domain.hub import Hub
from domain.logins import LONGEST_TYPED
from domain.passwords import MAX_LENGTH
from domain.second_factor import DIGITS
from texts.messages import problem_text
from web.pages import local_path, page_language, redirect, render
from web.sessions import CsrfDep, begin_session, clear_session, optional_person

router = APIRouter(tags=["pages"], include_in_schema=False)

NOTICES = {"expirada": "web.signin.expired", "salida": "web.signin.signed_out"}


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.parts.hub
    return hub


@router.get("/entrar", response_class=HTMLResponse)
def sign_in_page(
    request: Request,
    volver: Annotated[str | None, Query(max_length=500)] = None,
    motivo: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    return render(
        request,
        "signin/sign_in.html",
        volver=local_path(volver),
        notice=NOTICES.get(motivo or ""),
        errors=[],
        login="",
    )


@router.post("/entrar", response_class=HTMLResponse, dependencies=[CsrfDep])
def sign_in(
    request: Request,
    login: Annotated[str, Form(max_length=LONGEST_TYPED)] = "",
    password: Annotated[str, Form(max_length=MAX_LENGTH)] = "",
    code: Annotated[str, Form(max_length=3 * DIGITS)] = "",
    volver: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    target = local_path(volver)
    if not (login.strip() and password and code.strip()):
        return _refused(request, target, login, [("login", "web.signin.missing", {})])
    hub = _hub(request)
    address = request.client.host if request.client else "unknown"
    try:
        session_id = hub.sign_in(login, password, code, address)
    except (SignInLocked, AccountSuspended) as e:
        message = _problem(request, e) if isinstance(e, SignInLocked) else "web.signin.suspended"
        return _refused(request, target, login, [("login", message, {})])
    except RutaError as e:  # SignInRefused: the same words whatever was wrong
        return _refused(request, target, login, [("login", _problem(request, e), {})])
    begin_session(request, session_id, hub.clock())
    return redirect(target)


@router.post("/salir", dependencies=[CsrfDep])
def sign_out(request: Request) -> Response:
    who = optional_person(request)
    if who is not None:
        _hub(request).end_session(who.session_id, reason="signed_out")
    clear_session(request)
    return redirect("/entrar?motivo=salida")


def _problem(request: Request, error: RutaError) -> str:
    """The error's words in the reader's language (the template shows a text as it is)."""
    return problem_text(error, page_language(request))[1]


def _refused(
    request: Request,
    target: str,
    login: str,
    errors: list[tuple[str, str, dict[str, object]]],
) -> HTMLResponse:
    return render(
        request,
        "signin/sign_in.html",
        status=400,
        volver=target,
        notice=None,
        errors=errors,
        login=login[:LONGEST_TYPED],
    )
