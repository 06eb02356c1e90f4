"""Enrolment on the pages: ``/inscripcion/<token>``, the one-time link an administrator hands a
person. Step 1 chooses the password; step 2 shows the second factor's key (a QR code drawn on
the server as inline SVG, and the key in text) and asks for a current code; then the person is
signed in. A spent or expired link answers one clear page.
"""

from __future__ import annotations

from typing import Annotated

import qrcode  # type: ignore[import-untyped]
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from qrcode.image.svg import SvgPathImage  # type: ignore[import-untyped]

from domain.errors import RutaError
from domain.errors.sign_in import EnrolmentLinkInvalid, PasswordsDiffer
from domain.hub import Hub
from domain.passwords import MAX_LENGTH
from domain.second_factor import DIGITS, grouped
from domain.use_cases.people import EnrolmentStep
from texts.messages import problem_text
from web.pages import page_language, redirect, render
from web.sessions import CsrfDep, begin_session

router = APIRouter(prefix="/inscripcion", tags=["pages"], include_in_schema=False)
TOKEN = 100  # a link's token is 64 characters; anything much longer is not one


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.parts.hub
    return hub


@router.get("/{token}", response_class=HTMLResponse)
def enrolment(request: Request, token: str) -> HTMLResponse:
    try:
        step = _hub(request).enrolment(token[:TOKEN])
    except EnrolmentLinkInvalid:
        return _invalid(request)
    return _step(request, token, step, errors=[])


@router.post("/{token}/contrasena", response_class=HTMLResponse, dependencies=[CsrfDep])
def choose_password(
    request: Request,
    token: str,
    password: Annotated[str, Form(max_length=MAX_LENGTH + 1)] = "",
    confirmation: Annotated[str, Form(max_length=MAX_LENGTH + 1)] = "",
) -> Response:
    hub = _hub(request)
    try:
        hub.choose_password(token[:TOKEN], password, confirmation)
    except EnrolmentLinkInvalid:
        return _invalid(request)
    except RutaError as e:  # a rule of passwords: say which, next to its field
        field = "confirmation" if isinstance(e, PasswordsDiffer) else "password"
        words = problem_text(e, page_language(request))[1]
        return _step(request, token, hub.enrolment(token[:TOKEN]), errors=[(field, words)])
    return redirect(f"/inscripcion/{token}")


@router.post("/{token}/codigo", response_class=HTMLResponse, dependencies=[CsrfDep])
def confirm_code(
    request: Request, token: str, code: Annotated[str, Form(max_length=3 * DIGITS)] = ""
) -> Response:
    hub = _hub(request)
    try:
        session_id = hub.confirm_second_factor(token[:TOKEN], code)
    except EnrolmentLinkInvalid:
        return _invalid(request)
    except RutaError as e:  # the code is not the current one
        words = problem_text(e, page_language(request))[1]
        return _step(request, token, hub.enrolment(token[:TOKEN]), errors=[("code", words)])
    begin_session(request, session_id, hub.clock())
    return redirect("/")


def _step(
    request: Request, token: str, step: EnrolmentStep, errors: list[tuple[str, str]]
) -> HTMLResponse:
    status = 400 if errors else 200
    if step.needs_password:
        return render(
            request, "signin/password.html", status=status, token=token, step=step, errors=errors
        )
    assert step.secret is not None
    return render(
        request,
        "signin/second_factor.html",
        status=status,
        token=token,
        step=step,
        errors=errors,
        qr=qr_svg(step.uri),
        key=grouped(step.secret),
    )


def _invalid(request: Request) -> HTMLResponse:
    return render(request, "signin/invalid.html", status=410)


def qr_svg(text: str) -> Markup:
    """The QR code of ``text`` as an inline SVG element (no image file, no data: address)."""
    image = qrcode.make(text, image_factory=SvgPathImage, border=2)
    svg: str = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :].replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Markup(svg)  # noqa: S704 - drawn here from our own secret, nothing typed by anyone
