"""OpenAPI links: from what an answer names (a case, a referral…) to the operations on it.

A creation answers the id of what it made (``referral_id``), a read the ids of what it shows
(``items[0].case_id``, ``referrals[0].referral_id``); an operation whose path takes those ids,
and otherwise only ids of the request's own path, is linked to, so that a client (or a
stateful test such as schemathesis's) can go from one to the next. Derived from the document,
so a new route is linked without listing it.
"""

from __future__ import annotations

from typing import Any

_SUCCESS = ("200", "201")


def add_links(document: dict[str, Any]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    targets = [
        (operation["operationId"], _path_parameters(operation))
        for item in document["paths"].values()
        for operation in item.values()
    ]
    for item in document["paths"].values():
        for operation in item.values():
            asked = {name: f"$request.path.{name}" for name in _path_parameters(operation)}
            for status in _SUCCESS:
                response = operation["responses"].get(status)
                body = _json_schema(response, schemas)
                if body is None:
                    continue
                named = _ids(body, schemas)
                links = {
                    target: {
                        "operationId": target,
                        "parameters": {name: {**asked, **named}[name] for name in needs},
                    }
                    for target, needs in targets
                    if target != operation["operationId"]
                    and needs
                    and needs & named.keys()
                    and needs <= asked.keys() | named.keys()
                }
                if links:
                    response["links"] = links


def _path_parameters(operation: dict[str, Any]) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}


def _json_schema(response: dict[str, Any] | None, schemas: dict[str, Any]) -> Any:
    if response is None:
        return None
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else _resolved(schema, schemas)


def _resolved(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _ids(body: dict[str, Any], schemas: dict[str, Any]) -> dict[str, str]:
    """The ids ``body`` names, each with the runtime expression that reads it: its own, and the
    first item's of each list of objects it holds."""
    found: dict[str, str] = {}
    lists: dict[str, str] = {}
    for name, prop in body.get("properties", {}).items():
        if name.endswith("_id") and _is_uuid(prop):
            found[name] = f"$response.body#/{name}"
        elif prop.get("type") == "array" and "$ref" in prop.get("items", {}):
            item = _resolved(prop["items"], schemas)
            for inner, inner_prop in item.get("properties", {}).items():
                if inner.endswith("_id") and _is_uuid(inner_prop):
                    lists.setdefault(inner, f"$response.body#/{name}/0/{inner}")
    return {**lists, **found}


def _is_uuid(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and schema.get("format") == "uuid"
