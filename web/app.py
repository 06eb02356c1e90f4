"""The people's pages: ``install_web`` adds them to the app that serves the HTTP API.

Pages are server-rendered; their styles and scripts are files served from ``/static/``, under a
Content-Security-Policy that allows nothing inline and nothing from another origin. A page's
refusals are pages too (sign in, 403, 404); the API's stay problem+json.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.case_not_found import wait_for_floor
from domain.agencies import AgencyCatalogue
from domain.errors import CaseNotFound, NotFound, RutaError
from web import enrolment, home, signin
from web.admin import PAGES as ADMIN_PAGES
from web.audit import PAGES as AUDIT_PAGES
from web.audit import verify as audit_verify
from web.audit.upload import bound_own_body
from web.case_review import routes as case_review
from web.case_work import answers as case_work_answers
from web.case_work import page as case_work_page
from web.case_work import registry as case_work_actions
from web.commission import findings as commission_findings
from web.commission import observation_form, observations
from web.commission import statistics as commission_statistics
from web.detection import routes as detection
from web.inbox import caseload as inbox_caseload
from web.inbox import inbox
from web.pages import render
from web.sessions import (
    NONCE,
    SESSION,
    CsrfRefused,
    PageForbidden,
    SessionCookies,
    SignInRequired,
    cookie_name,
)
from web.templating import environment

STATIC = Path(__file__).parent / "static"
ZONE = "America/Cancun"  # Quintana Roo: UTC-05:00 all year
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
PAGE_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Pages:
    """What the pages are built with: templates, the cookies' key, the deployment's zone."""

    templates: Environment
    cookies: SessionCookies
    zone: ZoneInfo


def pages(catalogue: AgencyCatalogue, cookie_key: bytes, zone: str = ZONE) -> Pages:
    where = ZoneInfo(zone)
    return Pages(environment(catalogue, where), SessionCookies(cookie_key), where)


def install_web(app: FastAPI, built: Pages) -> None:
    """Add the pages, their static files and their error pages to ``app``."""
    app.state.pages = built
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        home,
        signin,
        enrolment,
        commission_findings,
        observation_form,
        observations,
        commission_statistics,
        case_review,
        # /casos/nuevo before /casos/<folio>, which would take "nuevo" for a folio.
        detection,
        case_work_answers,
        case_work_actions,
        case_work_page,
        *AUDIT_PAGES,
        inbox,
        inbox_caseload,
        *ADMIN_PAGES,
    ):
        app.include_router(module.router)
    bound_own_body(app, audit_verify.PATH)
    _install_error_pages(app)
    app.add_middleware(PageResponses)


def is_page(request: Request) -> bool:
    """Whether the request is for a page, not for the API: its route is a page's, or no route
    matched and a browser asked for HTML (a mistyped address gets the 404 page)."""
    route = request.scope.get("route")
    if route is None:
        return "text/html" in request.headers.get("accept", "")
    return "pages" in (getattr(route, "tags", None) or [])


def _install_error_pages(app: FastAPI) -> None:
    api_handlers = dict(app.exception_handlers)

    async def sign_in(request: Request, error: Exception) -> Response:
        assert isinstance(error, SignInRequired)
        target = "/entrar?volver=" + quote(request.url.path, safe="/")
        if error.expired:
            target += "&motivo=expirada"
        return Response(status_code=303, headers={"Location": target})

    async def forbidden(request: Request, error: Exception) -> Response:
        return render(request, "error.html", status=403, problem="forbidden")

    async def csrf(request: Request, error: Exception) -> Response:
        return render(request, "error.html", status=403, problem="csrf")

    def page_or_api(kind: type[Exception]) -> Callable[[Request, Exception], Any]:
        api = api_handlers.get(kind)

        async def handle(request: Request, error: Exception) -> Any:
            if is_page(request):
                if isinstance(error, CaseNotFound):
                    await wait_for_floor(request)  # unknown and forbidden cost the same time
                status = _status(error)
                problem = "not_found" if status == 404 else "error"
                return render(request, "error.html", status=status, problem=problem)
            assert api is not None
            answer = api(request, error)
            return await answer if isinstance(answer, Awaitable) else answer

        return handle

    app.add_exception_handler(SignInRequired, sign_in)
    app.add_exception_handler(PageForbidden, forbidden)
    app.add_exception_handler(CsrfRefused, csrf)
    # CaseNotFound has a handler of its own in the API (its timing floor): pages wrap it too.
    for kind in (RutaError, CaseNotFound, StarletteHTTPException, RequestValidationError):
        if kind in api_handlers:
            app.add_exception_handler(kind, page_or_api(kind))


def _status(error: Exception) -> int:
    if isinstance(error, StarletteHTTPException):
        return error.status_code
    return 404 if isinstance(error, NotFound) else 400


class PageResponses:
    """Adds to every page its security headers, and the cookies its request decided on: the
    session's, re-issued as it is used, and the CSRF nonce of a browser that had none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = dict(headers).get(b"content-type", b"")
                # A page that states its own policy keeps it (/docs: api.docs.HEADERS).
                has_own = b"content-security-policy" in dict(headers)
                if content_type.startswith(b"text/html") and not has_own:
                    headers.extend(PAGE_HEADERS)
                headers.extend(_cookies(scope))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookies(scope: Scope) -> list[tuple[bytes, bytes]]:
    state = scope.get("state") or {}
    secure = scope.get("scheme") == "https"
    found: list[tuple[bytes, bytes]] = []
    for key, name, max_age in (
        ("session_cookie", SESSION, None),
        ("csrf_nonce", NONCE, None),
        ("clear_session", SESSION, 0),
    ):
        value = state.get(key)
        if value is None:
            continue
        cookie: SimpleCookie = SimpleCookie()
        full = ("__Host-" if secure else "") + name
        cookie[full] = "" if max_age == 0 else value
        cookie[full]["path"] = "/"
        cookie[full]["httponly"] = True
        cookie[full]["samesite"] = "Strict"
        if secure:
            cookie[full]["secure"] = True
        if max_age is not None:
            cookie[full]["max-age"] = max_age
        found.append((b"set-cookie", cookie.output(header="").strip().encode()))
    return found


__all__ = ["Pages", "cookie_name", "install_web", "pages"]
