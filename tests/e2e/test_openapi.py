"""The OpenAPI document agencies build clients from: public, complete, with examples that work.

Every route of DESIGN.md's table that the API serves is in it; every request body has an example
that its own schema accepts; every operation says what it answers, creations with 201.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from api.schemas import requests as schemas
from domain.hub import Hub
from tests.e2e.conftest import Api, make_api
from tests.fakes import FakeSealer, ManualClock

# DESIGN.md's table ("Interfaces"), the routes of it that api/routers serve.
DESIGN_ROUTES = [
    ("post", "/cases"),
    ("get", "/cases"),
    ("get", "/cases/{case_id}"),
    ("get", "/cases/{case_id}/timeline"),
    ("post", "/cases/{case_id}/referrals"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/accept"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/decline"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/withdraw"),
    ("post", "/cases/{case_id}/handoffs"),
    ("post", "/cases/{case_id}/handoffs/{handoff_id}/acknowledge"),
    ("post", "/cases/{case_id}/handoffs/{handoff_id}/refuse"),
    ("post", "/cases/{case_id}/measures"),
    ("post", "/cases/{case_id}/measures/{measure_id}/end"),
    ("post", "/cases/{case_id}/consents"),
    ("post", "/cases/{case_id}/risk-assessments"),
    ("post", "/cases/{case_id}/close"),
    ("post", "/cases/{case_id}/reopen"),
    ("post", "/cases/{case_id}/observations"),
    ("post", "/cases/{case_id}/observations/{observation_id}/answer"),
    ("get", "/audit/events"),
    ("get", "/audit/checkpoint"),
    ("get", "/audit/proofs/inclusion"),
    ("get", "/audit/proofs/consistency"),
    ("get", "/healthz"),
    ("get", "/readyz"),
]

# The writes that create something answer 201 with its id; every other write answers 200.
CREATIONS = {
    "/cases": "case_id",
    "/cases/{case_id}/referrals": "referral_id",
    "/cases/{case_id}/handoffs": "handoff_id",
    "/cases/{case_id}/measures": "measure_id",
    "/cases/{case_id}/observations": "observation_id",
}
# What is not JSON: the signed note itself (text/plain), and the raw log (one JSON a line).
NOT_JSON = {
    ("get", "/audit/checkpoint"): ("200", "text/plain"),
    ("post", "/audit/checkpoint"): ("201", "text/plain"),
    ("get", "/audit/events"): ("200", "application/x-ndjson"),
}


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    """One app for the module: the document depends on the code, not on what was recorded."""
    hub = Hub(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=ManualClock()
    )
    yield make_api(hub)
    hub.close()


@pytest.fixture(scope="module")
def document(api: Api) -> dict[str, Any]:
    response = api.client.get("/openapi.json")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The component a ``$ref`` names, with its name."""
    ref = schema["$ref"]
    assert ref.startswith("#/components/schemas/"), ref
    name = ref.rsplit("/", 1)[1]
    component: dict[str, Any] = document["components"]["schemas"][name]
    return name, component


def served(api: Api) -> list[tuple[str, str]]:
    """Every (method, path) the app routes to a documented endpoint."""
    app = api.client.app
    assert isinstance(app, FastAPI)
    return [
        (method.lower(), str(route.path))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        for method in route.methods or ()
    ]


def test_the_document_is_served_without_a_token(api: Api) -> None:
    response = api.client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Ruta"
    assert "Bearer" in document["info"]["description"]


@pytest.mark.parametrize(
    ("method", "path"), DESIGN_ROUTES, ids=[f"{m} {p}" for m, p in DESIGN_ROUTES]
)
def test_it_lists_the_routes_of_the_design(
    document: dict[str, Any], method: str, path: str
) -> None:
    assert method in document["paths"].get(path, {}), sorted(document["paths"])


def test_every_route_the_app_serves_is_in_it(api: Api, document: dict[str, Any]) -> None:
    routes = served(api)
    assert ("post", "/cases/{case_id}/complaint-decisions") in routes  # the walk finds them all
    documented = {(method, path) for method, path, _ in operations(document)}
    assert set(routes) == documented


def test_every_write_route_takes_a_json_body_or_none(document: dict[str, Any]) -> None:
    without_body = {
        path
        for method, path, operation in operations(document)
        if method == "post" and "requestBody" not in operation
    }
    # The writes whose only input is the path: the act itself is the whole message.
    assert without_body == {
        "/cases/{case_id}/referrals/{referral_id}/accept",
        "/cases/{case_id}/referrals/{referral_id}/complete",
        "/cases/{case_id}/handoffs/{handoff_id}/acknowledge",
        "/cases/{case_id}/custody/assume",
        "/audit/checkpoint",
    }


class TestRequestBodies:
    def test_each_names_a_model_of_the_request_schemas(self, document: dict[str, Any]) -> None:
        for _, path, operation in operations(document):
            if "requestBody" not in operation:
                continue
            body = operation["requestBody"]
            assert body["required"] is True, path
            name, _ = resolve(document, body["content"]["application/json"]["schema"])
            model = getattr(schemas, name, None)
            assert isinstance(model, type), (path, name)
            assert issubclass(model, BaseModel), (path, name)

    def test_each_has_an_example_that_its_model_accepts(self, document: dict[str, Any]) -> None:
        checked = set()
        for _, path, operation in operations(document):
            if "requestBody" not in operation:
                continue
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            name, component = resolve(document, schema)
            examples = component.get("examples")
            assert isinstance(examples, list), (path, name)
            assert examples, (path, name)
            model: type[BaseModel] = getattr(schemas, name)
            for example in examples:
                assert isinstance(example, dict), (path, name)
                model.model_validate(example)
            checked.add(name)
        assert {"RecordDetection", "IssueReferral", "StartMeasure", "RecordConsent"} <= checked
        assert len(checked) >= 20

    def test_the_detection_example_is_the_one_of_the_design(self, document: dict[str, Any]) -> None:
        (example,) = document["components"]["schemas"]["RecordDetection"]["examples"]
        assert example["detected_at"] == "2026-11-20T14:05:00-05:00"
        assert example["age_group"] == "adult"
        assert example["in_custody"] is True
        assert set(example) >= {"detected_at", "municipality", "indicators", "sex", "nationality"}


def test_every_operation_documents_its_responses(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        responses = operation.get("responses", {})
        successes = [status for status in responses if status.startswith("2")]
        assert len(successes) == 1, (method, path, list(responses))
        for status, response in responses.items():
            assert response.get("description"), (method, path, status)
        status, media_type = NOT_JSON.get((method, path), (successes[0], "application/json"))
        assert successes == [status], (method, path)
        schema = responses[status]["content"][media_type]["schema"]
        assert schema, (method, path)


@pytest.mark.parametrize(
    "path",
    sorted({p for m, p in DESIGN_ROUTES if m == "post"} | set(CREATIONS)),
)
def test_a_write_documents_its_success_status(document: dict[str, Any], path: str) -> None:
    responses = document["paths"][path]["post"]["responses"]
    expected = "201" if path in CREATIONS else "200"
    assert expected in responses, list(responses)
    assert ({"200", "201"} - {expected}).isdisjoint(responses)
    _, answer = resolve(document, responses[expected]["content"]["application/json"]["schema"])
    assert "position" in answer["properties"]
    if path in CREATIONS:
        assert CREATIONS[path] in answer["properties"]
        assert CREATIONS[path] in answer["required"]


def test_every_write_route_s_success_status_is_201_only_for_creations(
    document: dict[str, Any],
) -> None:
    for method, path, operation in operations(document):
        if method != "post":
            continue
        success = next(s for s in operation["responses"] if s.startswith("2"))
        expected, _ = NOT_JSON.get((method, path), ("201" if path in CREATIONS else "200", ""))
        assert success == expected, (path, success)


def test_the_errors_are_documented_as_problem_json(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        if path in ("/healthz", "/readyz"):
            continue
        responses = operation["responses"]
        for status in ("401", "422"):
            assert status in responses, (method, path, status)
            assert "application/problem+json" in responses[status]["content"], (method, path)
