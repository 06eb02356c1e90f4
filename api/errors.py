"""Every refusal is ``application/problem+json`` (RFC 9457), in the reader's language.

One place maps the domain's four bases (and authentication) to status codes; bad input of any
shape (malformed JSON, wrong types, unknown codes, oversized bodies) is a 4xx naming the field.
No message ever carries personal data: domain errors carry ids and codes only, and validation
errors never echo the value that was sent. When the store does not answer (PostgreSQL down or
restarting, a connection not to be had in time), the answer is 503 with ``Retry-After``: the
request was not wrong, and the same request (the same ``Idempotency-Key`` for a command) may
succeed in a moment; the store's own message is never shown.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.store_outage import STORE_ERRORS
from api.case_not_found import wait_for_floor
from domain.errors import (
    CaseNotFound,
    Conflict,
    DataKeyMissing,
    Forbidden,
    NotAuthenticated,
    NotFound,
    RuleViolation,
    RutaError,
)
from texts.messages import pick_language, problem_text
from texts.translations import SPANISH, translation
from texts.valid_codes import expected_codes, valid_codes

PROBLEM = "application/problem+json"
# Seconds a client waits before repeating a request the store did not answer: about how long
# a pool takes to find a restarted server.
RETRY_AFTER = 2

_log = logging.getLogger(__name__)

STATUS: list[tuple[type[RutaError], int]] = [
    (DataKeyMissing, 500),  # the server's fault: its key store lost a key; an operator must act
    (NotAuthenticated, 401),
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (RuleViolation, 422),
]

# What the API itself refuses, before the domain sees the request, is said from the
# catalogue (``http.<status>``); pydantic's error types are said in Spanish from it as well
# (``validation.<type>``), while English keeps pydantic's own words, which name the limits.


def problem(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:ruta:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
    }
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def lang_of(request: Request) -> str:
    return pick_language(request.headers.get("accept-language"))


def http_problem(request: Request, status: int, **extra: Any) -> JSONResponse:
    texts = translation(lang_of(request)).section("http")
    said = status if f"{status}.title" in texts else 400 if status < 500 else 503
    title, detail = texts[f"{said}.title"], texts[f"{said}.detail"]
    return problem(request, status, f"http_{status}", title, detail, **extra)


def domain_problem(request: Request, error: RutaError) -> JSONResponse:
    status = next((s for base, s in STATUS if isinstance(error, base)), 422)
    lang, catalogue = lang_of(request), request.app.state.catalogue
    title, detail = problem_text(error, lang, catalogue)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    errors: list[dict[str, Any]] | None = None
    if (valid := valid_codes(error, catalogue)) is not None:
        # A refused code: the detail says the codes the field takes; ``valid`` lists them.
        field = error.field or "body"
        errors = [
            {
                "field": field,
                "detail": detail,
                "type": type(error).code(),
                "valid": list(valid.codes),
            }
        ]
    return problem(
        request,
        status,
        type(error).code(),
        title,
        detail,
        field=error.field,
        errors=errors,
        headers=headers,
    )


def store_unavailable(request: Request) -> JSONResponse:
    """503: the store does not answer; repeat the request after ``Retry-After`` seconds."""
    texts = translation(lang_of(request)).section("http.store_unavailable")
    title, detail = texts["title"], texts["detail"]
    headers = {"Retry-After": str(RETRY_AFTER)}
    return problem(request, 503, "store_unavailable", title, detail, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every refusal into problem+json."""

    app.add_exception_handler(RutaError, domain_problem)  # type: ignore[arg-type]

    @app.exception_handler(CaseNotFound)
    async def case_not_found(request: Request, error: CaseNotFound) -> JSONResponse:
        await wait_for_floor(request)  # the same time whether the case exists or not
        return domain_problem(request, error)

    def store_error(request: Request, error: Exception) -> JSONResponse:
        # The class only: a store's message may name hosts, and is no business of the caller.
        _log.warning("store unavailable: %s on %s", type(error).__name__, request.method)
        return store_unavailable(request)

    for error_class in STORE_ERRORS:
        app.add_exception_handler(error_class, store_error)

    @app.exception_handler(Exception)
    def internal_error(request: Request, error: Exception) -> JSONResponse:
        # Never the error's text: it is logged with the traceback by the server, not sent.
        return http_problem(request, 500)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        lang = lang_of(request)
        found = [_field_error(e, lang) for e in error.errors()]
        if any(e["type"] == "json_invalid" for e in error.errors()):
            return http_problem(request, 400, errors=found)
        return http_problem(request, 422, field=found[0]["field"] if found else None, errors=found)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        headers = getattr(error, "headers", None)
        if error.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return http_problem(request, error.status_code, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method the path has. Each route serves one method and answers 405 with its own
    alone (``OPTIONS /audit/checkpoint`` said ``Allow: GET``), so all routes are asked."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        pattern = getattr(route, "path_regex", None)
        if pattern is not None and pattern.match(request.url.path):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def _field_error(error: Any, lang: str) -> dict[str, Any]:
    kind = error.get("type", "")
    where = ("body", "query", "path", "header")
    location = [str(part) for part in error.get("loc", ()) if part not in where]
    field = "body" if kind == "json_invalid" else ".".join(location) or "body"
    context = error.get("ctx") or {}
    spanish = translation(SPANISH).section("validation")
    if lang == SPANISH and kind in spanish:
        try:
            detail = spanish[kind].format(**context)
        except (KeyError, IndexError):
            detail = spanish[kind].split(";")[0]
    else:
        detail = str(error.get("msg", "invalid"))
    found: dict[str, Any] = {"field": field, "detail": detail, "type": kind}
    if kind in ("enum", "literal_error") and (valid := expected_codes(context.get("expected"))):
        found["valid"] = valid  # the codes the field takes, as data
    return found
