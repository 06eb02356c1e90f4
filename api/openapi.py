"""The OpenAPI document says what the API really answers: errors as problem+json, every status an
operation can give, the bearer token as a security scheme, codes as enums, links between ids.

FastAPI documents its own validation error shape; Ruta never sends it. This replaces it, on
every operation, with the RFC 9457 problems the API sends and the refusals it can give. The
codes (``api.openapi_codes``) come from the running app's catalogue, so the document is built
on first request, from ``app.state.catalogue``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from api.openapi_codes import add_codes
from api.openapi_links import add_links

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
DESCRIPTIONS = {
    400: "malformed request (the body is not JSON, or a route without a body got one)",
    401: "no valid bearer token",
    403: "the caller's role or relation to the case does not allow this",
    404: "unknown, or a case the caller may not know exists",
    409: "a write raced another; read again and retry",
    413: "body too large",
    422: "invalid data: the problem names the field",
    429: "this account has as many waits and streams open as it may; retry after Retry-After",
    503: "the store is unreachable, or a view is not kept or read by this process, or has not "
    "reached the position asked; retry after Retry-After when it is given",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before asking again",
        "schema": {"type": "integer", "minimum": 0},
    }
}
CHALLENGE = {
    "WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}},
}
HEADERS = {401: CHALLENGE, 429: RETRY_AFTER, 503: RETRY_AFTER}
# OpenAPI ignores header parameters of these names: a security scheme and media types say them.
_NOT_PARAMETERS = frozenset({"authorization", "accept", "content-type"})
_UNAUTHENTICATED = frozenset({"/healthz", "/readyz"})
# What an operation refuses beyond the rules of ``_refusals``: its own role and relation checks
# (403), and what it looks up beyond its path (404).
_MORE = {
    ("get", "/cases"): {403},  # neither a caseworker nor one who sees every case
    ("get", "/cases/{case_id}"): {403},  # a purpose the caller's relation does not allow
    ("get", "/cases/{case_id}/custody"): {403},  # below the metadata level: no chain shown
    ("get", "/review/findings"): {403},
    ("get", "/review/statistics"): {403},
    ("get", "/audit/checkpoint"): {404},  # no checkpoint (of that size) yet
    ("get", "/audit/proofs/inclusion"): {404},  # no such record in the audit log yet
}


class FieldProblem(BaseModel):
    field: str
    detail: str
    type: str
    valid: list[str] | None = Field(
        default=None, description="for a refused code: the codes the field takes"
    )


class Problem(BaseModel):
    """An RFC 9457 problem, in Spanish unless Accept-Language prefers English."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str
    field: str | None = None
    errors: list[FieldProblem] | None = None


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _document(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    document["security"] = [{"bearer": []}]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            _drop_implicit_headers(operation)
            if path in _UNAUTHENTICATED:
                operation["security"] = []
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's own shape, which Ruta never sends
            for status in _refusals(path, method, operation):
                responses[str(status)] = {
                    "description": DESCRIPTIONS[status],
                    "headers": HEADERS.get(status, {}),
                    "content": {"application/problem+json": {"schema": PROBLEM_REF}},
                }
                if not responses[str(status)]["headers"]:
                    del responses[str(status)]["headers"]
    add_codes(document, app.state.catalogue)
    add_links(document)
    _integral_bounds(document)
    return document


def _integral_bounds(node: Any) -> None:
    """An integer's bounds as integers: FastAPI's models keep every bound as a float (0.0)."""
    if isinstance(node, list):
        for item in node:
            _integral_bounds(item)
    elif isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if isinstance(node.get(key), float) and node[key].is_integer():
                    node[key] = int(node[key])
        for value in node.values():
            _integral_bounds(value)


def _drop_implicit_headers(operation: dict[str, Any]) -> None:
    kept = [
        parameter
        for parameter in operation.get("parameters", [])
        if not (parameter["in"] == "header" and parameter["name"].lower() in _NOT_PARAMETERS)
    ]
    if kept:
        operation["parameters"] = kept
    else:
        operation.pop("parameters", None)


def _refusals(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """What the operation can refuse with; each a problem."""
    if path == "/healthz":
        return []  # it checks nothing: alive is all it says
    statuses = {503}  # the store is unreachable (and, for some, a view is not here or behind)
    if path in _UNAUTHENTICATED:
        return sorted(statuses)
    statuses.add(401)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.add(422)
    if "{" in path:
        statuses.add(404)
    if method == "post":
        statuses |= {400, 403, 413}
        if path.startswith("/cases"):
            statuses.add(409)
    if path.startswith("/audit"):
        statuses.add(403)
    if path == "/feed" or any(p["name"] == "min_position" for p in operation.get("parameters", [])):
        statuses.add(429)  # a limit on the waits and streams an account has open at once
    statuses |= _MORE.get((method, path), set())
    return sorted(statuses)
