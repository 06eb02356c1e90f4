"""The OpenAPI document says what the API really answers: errors as problem+json, every status an
operation can give, the bearer token as a security scheme, codes as enums, links between ids.

FastAPI documents its own validation error shape; Ruta never sends it. This replaces it, on
every operation, with the RFC 9457 problems the API sends and the refusals it can give. The
codes (``api.openapi_codes``) come from the running app's catalogue, so the document is built
on first request, from ``app.state.catalogue``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from api.openapi_codes import add_codes
from api.openapi_links import add_links
from texts.translations import SPANISH, translation

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
BEARER: dict[str, list[str]] = {"bearer": []}
# The headers some refusals carry, described in the catalogues' ``api.openapi.header.<name>``.
HEADERS = {401: ("WWW-Authenticate",), 429: ("Retry-After",), 503: ("Retry-After",)}
HEADER_SCHEMAS = {
    "WWW-Authenticate": {"type": "string"},
    "Retry-After": {"type": "integer", "minimum": 0},
}
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
    ("get", "/review/observations"): {403},
    ("post", "/arco-requests"): {404},  # the case it names
    ("get", "/arco-requests"): {403},  # administrators only, as every ARCO route
    ("get", "/arco-requests/{request_id}"): {403},
    ("get", "/arco-requests/{request_id}/export"): {403, 409},  # a granted access request only
    ("get", "/retention/due"): {403, 422},  # no retention period set
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
    # What /docs shows people is Spanish, from the catalogue: the description, each tag's, each
    # refusal's, the bearer scheme's. Operations' own summaries are their routes' docstrings.
    text = translation(SPANISH).section("api.openapi")
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=text["description"],
        routes=app.routes,
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": text["bearer"]}
    }
    document["security"] = [BEARER]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            _drop_implicit_headers(operation)
            # Said on each operation too, so that no tool need fall back on the global rule:
            # Swagger UI's "Try it out" sends the token on exactly these.
            operation["security"] = [] if path in _UNAUTHENTICATED else [BEARER]
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's own shape, which Ruta never sends
            for status in _refusals(path, method, operation):
                responses[str(status)] = _refusal(status, text)
    document["tags"] = _tags(document, text)
    add_codes(document, app.state.catalogue)
    add_links(document)
    _integral_bounds(document)
    return document


def _refusal(status: int, text: Mapping[str, str]) -> dict[str, Any]:
    refusal: dict[str, Any] = {
        "description": text[f"status.{status}"],
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
    }
    if status in HEADERS:
        refusal["headers"] = {
            name: {"description": text[f"header.{name}"], "schema": HEADER_SCHEMAS[name]}
            for name in HEADERS[status]
        }
    return refusal


def _tags(document: dict[str, Any], text: Mapping[str, str]) -> list[dict[str, str]]:
    """The operations' tags in the order they first appear, each with its catalogue text."""
    names = dict.fromkeys(
        tag
        for operations in document["paths"].values()
        for operation in operations.values()
        for tag in operation.get("tags", ())
    )
    tags = [{"name": name} for name in names]
    for tag in tags:
        if (description := text.get(f"tag.{tag['name']}")) is not None:
            tag["description"] = description
    return tags


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
        if path.startswith(("/cases", "/arco-requests")):
            statuses.add(409)
    if path.startswith("/audit"):
        statuses.add(403)
    if path == "/feed" or any(p["name"] == "min_position" for p in operation.get("parameters", [])):
        statuses.add(429)  # a limit on the waits and streams an account has open at once
    statuses |= _MORE.get((method, path), set())
    return sorted(statuses)
