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
from texts import messages_en, messages_es
from texts.messages import pick_language, problem_text

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

# What the API itself refuses, before the domain sees the request.
HTTP_TEXT = {
    "es": {
        400: ("Solicitud mal formada", "El cuerpo no es JSON válido."),
        404: ("No encontrado", "La ruta solicitada no existe."),
        405: ("Método no permitido", "La ruta no admite este método."),
        413: ("Solicitud demasiado grande", "El cuerpo excede el tamaño permitido."),
        415: ("Tipo de contenido no admitido", "Envíe el cuerpo como application/json."),
        422: ("Datos no válidos", "Uno o más campos no son válidos."),
        429: (
            "Demasiadas esperas simultáneas",
            "La cuenta ya tiene abiertas todas las esperas y flujos de eventos que se le "
            "permiten; termine alguno o vuelva a intentar después del tiempo indicado en "
            "Retry-After.",
        ),
        500: (
            "Error interno",
            "Ruta no pudo atender la solicitud; el error quedó registrado, sin sus datos.",
        ),
        503: (
            "Servicio no disponible",
            "La vista pedida no se mantiene en este proceso o aún no alcanza la posición pedida.",
        ),
    },
    "en": {
        400: ("Malformed request", "The body is not valid JSON."),
        404: ("Not found", "The requested route does not exist."),
        405: ("Method not allowed", "The route does not accept this method."),
        413: ("Request too large", "The body exceeds the allowed size."),
        415: ("Unsupported content type", "Send the body as application/json."),
        422: ("Invalid data", "One or more fields are not valid."),
        429: (
            "Too many concurrent waits",
            "The account already holds as many waits and event streams as it may; end one, "
            "or try again after the time given in Retry-After.",
        ),
        500: (
            "Internal error",
            "Ruta could not serve the request; the error was logged, without its data.",
        ),
        503: (
            "Service unavailable",
            "The view asked for is not kept by this process or has not reached the position yet.",
        ),
    },
}

# Pydantic's error types, said in Spanish; English uses pydantic's own words.
_VALIDATION_ES = {
    "missing": "falta este campo",
    "extra_forbidden": "campo no reconocido",
    "enum": "valor no reconocido; valores posibles: {expected}",
    "literal_error": "valor no reconocido; valores posibles: {expected}",
    "string_type": "se espera un texto",
    "int_type": "se espera un número entero",
    "int_parsing": "se espera un número entero",
    "bool_type": "se espera verdadero o falso",
    "bool_parsing": "se espera verdadero o falso",
    "list_type": "se espera una lista",
    "dict_type": "se espera un objeto",
    "model_type": "se espera un objeto",
    "datetime_type": "se espera una fecha y hora RFC 3339",
    "datetime_parsing": "se espera una fecha y hora RFC 3339",
    "datetime_from_date_parsing": "se espera una fecha y hora RFC 3339",
    "timezone_aware": "la fecha y hora debe indicar su zona horaria",
    "uuid_parsing": "se espera un identificador UUID",
    "uuid_type": "se espera un identificador UUID",
    "string_too_long": "texto demasiado largo (máximo {max_length})",
    "string_too_short": "texto demasiado corto",
    "too_long": "demasiados elementos (máximo {max_length})",
    "greater_than_equal": "debe ser al menos {ge}",
    "less_than_equal": "debe ser a lo más {le}",
    "string_pattern_mismatch": "formato no válido",
    "json_invalid": "JSON no válido",
}


def problem(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    errors: list[dict[str, str]] | None = None,
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
    texts = HTTP_TEXT[lang_of(request)]
    title, detail = texts.get(status, texts[400 if status < 500 else 503])
    return problem(request, status, f"http_{status}", title, detail, **extra)


def domain_problem(request: Request, error: RutaError) -> JSONResponse:
    status = next((s for base, s in STATUS if isinstance(error, base)), 422)
    catalogue = getattr(request.app.state, "catalogue", None)
    title, detail = problem_text(error, lang_of(request), catalogue)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return problem(
        request, status, type(error).code(), title, detail, field=error.field, headers=headers
    )


def store_unavailable(request: Request) -> JSONResponse:
    """503: the store does not answer; repeat the request after ``Retry-After`` seconds."""
    title, detail = (messages_en if lang_of(request) == "en" else messages_es).STORE_UNAVAILABLE
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


def _field_error(error: Any, lang: str) -> dict[str, str]:
    kind = error.get("type", "")
    where = ("body", "query", "path", "header")
    location = [str(part) for part in error.get("loc", ()) if part not in where]
    field = "body" if kind == "json_invalid" else ".".join(location) or "body"
    context = error.get("ctx") or {}
    if lang == "es" and kind in _VALIDATION_ES:
        try:
            detail = _VALIDATION_ES[kind].format(**context)
        except (KeyError, IndexError):
            detail = _VALIDATION_ES[kind].split(";")[0]
    else:
        detail = str(error.get("msg", "invalid"))
    return {"field": field, "detail": detail, "type": kind}
