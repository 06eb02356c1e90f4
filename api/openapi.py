"""The OpenAPI document says what the API really answers: errors as problem+json.

FastAPI documents its own validation error shape; Ruta never sends it. This replaces it, on
every operation, with the RFC 9457 problems the API sends, and adds the refusals it can give.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
DESCRIPTIONS = {
    400: "malformed request (the body is not JSON, or a route without a body got one)",
    401: "no valid bearer token",
    403: "the caller's role or relation to the case does not allow this",
    404: "unknown, or a case the caller may not know exists",
    409: "a write raced another; read again and retry",
    413: "body too large",
    422: "invalid data: the problem names the field",
    503: "a view is not kept or read by this process, or has not reached the position asked",
}


class FieldProblem(BaseModel):
    field: str
    detail: str
    type: str


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
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _refusals(path, method, operation):
                responses[str(status)] = {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/problem+json": {"schema": PROBLEM_REF}},
                }
    return document


def _refusals(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    if path in ("/healthz", "/readyz"):
        return [503] if path == "/readyz" else []
    statuses = [401, 422]
    if "{" in path:
        statuses.append(404)
    if method == "post":
        statuses += [400, 403, 409, 413]
    if path == "/cases" and method == "get":
        statuses += [403, 503]
    if path.startswith("/audit"):
        statuses.append(403)
        if path != "/audit/access":
            statuses.append(503)  # the audit log (or the signer key) is not in this process
    if path in ("/audit/checkpoint", "/audit/proofs/inclusion") and method == "get":
        statuses.append(404)
    return sorted(set(statuses))
