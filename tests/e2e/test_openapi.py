"""The OpenAPI document agencies build clients from: public, complete, with examples that work.

Every route of DESIGN.md's table that the API serves is in it; every request body has an example
that its own schema accepts; every operation says what it answers, creations with 201.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from api.schemas import arco as arco_schemas
from api.schemas import requests as schemas
from api.schemas import route_requests
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
    "/cases/{case_id}/prosecutor-notices": "prosecutor",  # one per prosecutor (CNPP art. 222)
    "/arco-requests": "request_id",  # an ARCO request received (LGPDPPSO art. 50)
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
    """Every (method, path) the app routes to an endpoint of the API (pages such as /docs are
    not operations of it)."""
    app = api.client.app
    assert isinstance(app, FastAPI)
    return [
        (method.lower(), str(route.path))
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute) and route.original_route.include_in_schema
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
        # Issue 14: PPNNA's restitution plan (LGDNNA art. 123) and an adult's request to return.
        "/cases/{case_id}/restitution-plan",
        "/cases/{case_id}/restitution-plan/update",
        "/cases/{case_id}/restitution-plan/conclude",
        "/cases/{case_id}/return-requests",
        # Issue 14, point 13: carrying out a granted ARCO request (LGPDPPSO art. 45).
        "/arco-requests/{request_id}/carry-out",
    }


class TestRequestBodies:
    def test_each_names_a_model_of_the_request_schemas(self, document: dict[str, Any]) -> None:
        for _, path, operation in operations(document):
            if "requestBody" not in operation:
                continue
            body = operation["requestBody"]
            assert body["required"] is True, path
            name, _ = resolve(document, body["content"]["application/json"]["schema"])
            model = request_model(name)
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
            model = request_model(name)
            assert model is not None, (path, name)
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
        takes_input = "parameters" in operation or "requestBody" in operation
        for status in ("401", "422") if takes_input else ("401",):
            assert status in responses, (method, path, status)
            assert "application/problem+json" in responses[status]["content"], (method, path)
    # Signing a checkpoint takes nothing but the token: nothing in it can be invalid.
    assert "422" not in document["paths"]["/audit/checkpoint"]["post"]["responses"]


# --- What every operation can answer -----------------------------------------------------------

RETRY_AFTER_STATUSES = ("429", "503")


def waits(operation: dict[str, Any]) -> bool:
    """Whether the operation can wait for something: a view's position, or the feed's events."""
    return any(p["name"] == "min_position" for p in operation.get("parameters", []))


def test_the_custody_chain_documents_every_refusal_it_can_give(document: dict[str, Any]) -> None:
    """A caller below the metadata level is refused (403); a view behind is a 503."""
    responses = document["paths"]["/cases/{case_id}/custody"]["get"]["responses"]
    assert {"401", "403", "404", "422", "429", "503"} <= set(responses)


def test_every_operation_but_liveness_documents_503_with_retry_after(
    document: dict[str, Any],
) -> None:
    """The store may be unreachable on any of them; ``/healthz`` checks nothing."""
    for method, path, operation in operations(document):
        responses = operation["responses"]
        if path == "/healthz":
            assert "503" not in responses
            continue
        assert "503" in responses, (method, path)
        assert "Retry-After" in responses["503"]["headers"], (method, path)


def test_the_feed_and_every_route_that_waits_document_429_with_retry_after(
    document: dict[str, Any],
) -> None:
    limited = [(m, p) for m, p, o in operations(document) if waits(o) or p == "/feed"]
    assert ("get", "/cases/{case_id}/custody") in limited
    assert ("get", "/review/findings") in limited
    for method, path in limited:
        response = document["paths"][path][method]["responses"]["429"]
        assert "Retry-After" in response["headers"], (method, path)
        assert "application/problem+json" in response["content"]
    others = {(m, p) for m, p, o in operations(document) if "429" in o["responses"]}
    assert others == set(limited)


def test_every_error_documented_is_problem_json(document: dict[str, Any]) -> None:
    for _, path, operation in operations(document):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (path, status)
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }


def test_the_reads_document_the_refusals_of_their_role_checks(document: dict[str, Any]) -> None:
    for path in ("/cases", "/review/findings", "/review/statistics", "/audit/access"):
        assert "403" in document["paths"][path]["get"]["responses"], path


# --- Authentication ------------------------------------------------------------------------------


def test_the_bearer_token_is_a_security_scheme_not_a_parameter(document: dict[str, Any]) -> None:
    """OpenAPI ignores header parameters named Authorization, Accept or Content-Type."""
    schemes = document["components"]["securitySchemes"]
    assert set(schemes) == {"bearer"}
    assert {k: v for k, v in schemes["bearer"].items() if k != "description"} == {
        "type": "http",
        "scheme": "bearer",
    }
    assert "ruta accounts create" in schemes["bearer"]["description"]
    assert document["security"] == [{"bearer": []}]
    for method, path, operation in operations(document):
        names = {p["name"].lower() for p in operation.get("parameters", [])}
        assert not names & {"authorization", "accept", "content-type"}, (method, path)


def test_every_operation_but_the_health_checks_requires_the_bearer_token(
    document: dict[str, Any],
) -> None:
    """Said on each operation, so that /docs' "Try it out" sends the token on each."""
    found = 0
    for method, path, operation in operations(document):
        if path in ("/healthz", "/readyz"):
            assert operation["security"] == [], path
            assert "401" not in operation["responses"], path
        else:
            found += 1
            assert operation["security"] == [{"bearer": []}], (method, path)
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], path
    assert found >= 25


def test_the_description_and_every_tag_are_said_in_spanish(document: dict[str, Any]) -> None:
    assert "Cada solicitud lleva `Authorization: Bearer" in document["info"]["description"]
    assert document["info"]["summary"].startswith("Coordinación interinstitucional")
    used = {tag for _, _, operation in operations(document) for tag in operation.get("tags", ())}
    described = {tag["name"]: tag.get("description", "") for tag in document["tags"]}
    assert set(described) == used
    for name, description in described.items():
        assert description, f"the tag {name} has no description: add api.openapi.tag.{name}"
    assert described["audit"].startswith("Auditoría")
    assert document["paths"]["/cases"]["get"]["responses"]["401"]["description"] == (
        "no hay un token válido"
    )


# --- Codes ---------------------------------------------------------------------------------------

# Where a request carries a code, and the vocabulary it is a code of.
CODED: list[tuple[str, str, str, str]] = [
    ("post", "/cases", "indicators", "Indicator"),
    ("post", "/cases", "exploitation_forms", "ExploitationForm"),
    ("post", "/cases", "municipality", "Municipality"),
    ("post", "/cases", "age_group", "AgeGroup"),
    ("post", "/cases/{case_id}/referrals", "to_agency", "AgencyCode"),
    ("post", "/cases/{case_id}/referrals", "service", "Service"),
    ("post", "/cases/{case_id}/handoffs", "to_agency", "AgencyCode"),
    ("post", "/cases/{case_id}/measures", "provider", "AgencyCode"),
    ("post", "/cases/{case_id}/consents", "agencies", "AgencyCode"),
    ("post", "/cases/{case_id}/consents/withdraw", "agencies", "AgencyCode"),
    ("post", "/cases/{case_id}/complaint-decisions", "with_agency", "AgencyCode"),
    ("post", "/cases/{case_id}/whereabouts/located", "custody_with", "AgencyCode"),
    ("post", "/cases/{case_id}/observations", "concerning", "AgencyCode"),
    ("post", "/cases/{case_id}/personal-data", "remove", "PersonalField"),
    ("get", "/cases/{case_id}", "X-Ruta-Purpose", "Purpose"),
    ("get", "/cases", "role", "Relation"),
    ("get", "/review/findings", "agency", "AgencyCode"),
]


def refs(schema: Any) -> set[str]:
    """The components ``schema`` names, itself or through anyOf and array items."""
    if not isinstance(schema, dict):
        return set()
    found = {schema["$ref"].rsplit("/", 1)[1]} if "$ref" in schema else set()
    for branch in [*schema.get("anyOf", []), schema.get("items")]:
        found |= refs(branch)
    return found


def input_schema(document: dict[str, Any], method: str, path: str, name: str) -> dict[str, Any]:
    operation = document["paths"][path][method]
    for parameter in operation.get("parameters", []):
        if parameter["name"] == name:
            schema: dict[str, Any] = parameter["schema"]
            return schema
    _, body = resolve(document, operation["requestBody"]["content"]["application/json"]["schema"])
    found: dict[str, Any] = body["properties"][name]
    return found


@pytest.mark.parametrize(
    ("method", "path", "name", "vocabulary"), CODED, ids=[f"{p} {n}" for _, p, n, _ in CODED]
)
def test_each_code_a_request_carries_is_an_enum_of_its_vocabulary(
    document: dict[str, Any], method: str, path: str, name: str, vocabulary: str
) -> None:
    schema = input_schema(document, method, path, name)
    assert refs(schema) == {vocabulary}, schema


def test_each_vocabulary_lists_its_codes_with_what_they_mean(document: dict[str, Any]) -> None:
    from texts.labels import LABELLED_VOCABULARIES, label_code

    assert "x-ruta-vocabulary" not in json.dumps(document)  # every mark was replaced
    schemas = document["components"]["schemas"]
    shown = {v.__name__: v for v in LABELLED_VOCABULARIES if v.__name__ in schemas}
    assert {"Indicator", "Service", "Purpose", "Relation", "PersonalField"} <= set(shown)
    for name, vocabulary in shown.items():
        schema = schemas[name]
        assert schema["type"] == "string"
        assert schema["enum"] == [str(code) for code in vocabulary], name
        described = schema["x-enum-descriptions"]
        assert len(described) == len(schema["enum"])
        for code, description in zip(schema["enum"], described, strict=True):
            assert label_code(vocabulary, code, "es") in description, (name, code)
            assert f"`{code}`" in schema["description"], (name, code)


def test_the_agencies_and_municipalities_are_the_deployment_s_catalogue() -> None:
    from domain.agencies import parse_catalogue

    def agency(code: str, name: str, participation: str) -> dict[str, Any]:
        return {"code": code, "name": name, "kind": "government", "services": [],
                "participation": participation, "may_hold_custody": False,
                "sees_children_cases": False}  # fmt: skip

    catalogue = parse_catalogue(
        {
            "deployment": "Estado Ficticio",
            "folio_prefix": "EF",
            "utc_offset": "-06:00",
            "municipalities": ["Villa Ejemplo", "Puerto Ficticio"],
            "agencies": [
                agency("alfa", "Agencia Alfa Ficticia", "case_party"),
                agency("beta", "Comisión Beta Ficticia", "oversight"),
            ],
        },
        source="prueba",
    )
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, catalogue=catalogue)
    try:
        schemas = make_api(hub).client.get("/openapi.json").json()["components"]["schemas"]
    finally:
        hub.close()
    assert schemas["AgencyCode"]["enum"] == ["alfa", "beta"]
    assert "Agencia Alfa Ficticia" in schemas["AgencyCode"]["x-enum-descriptions"][0]
    assert "Estado Ficticio" in schemas["AgencyCode"]["description"]
    assert sorted(schemas["Municipality"]["enum"]) == ["Puerto Ficticio", "Villa Ejemplo"]


def strings(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every string a request schema lets through, with where it is."""
    if not isinstance(schema, dict) or "$ref" in schema or "enum" in schema:
        return
    if schema.get("type") == "string" and not {"format", "pattern", "const"} & set(schema):
        yield where, schema
    for branch in schema.get("anyOf", []):
        yield from strings(branch, where)
    yield from strings(schema.get("items"), f"{where}[]")
    for name, prop in schema.get("properties", {}).items():
        yield from strings(prop, f"{where}.{name}")


# Request strings that are not codes: free text, names, cursors, tags and keys.
FREE_TEXT = {
    "GET /cases ?after", "GET /review/findings ?after", "POST * Idempotency-Key",
    "RecordConsent.informed_in", "ScreenForProtection.informed_in",
    "IssueReferral.note", "DeclineReferral.detail", "InitiateHandoff.place",
    "StartMeasure.location", "AssessRisk.note", "ReportWhereaboutsUnknown.place",
    "ReportLocated.place", "IssueObservation.text", "AnswerObservation.text",
    "NotifyProsecutor.reference",
    *(f"PersonalDataIn.{name}" for name in (
        "full_name", "aliases[]", "date_of_birth", "documents[]", "contact", "address",
        "photos[]", "narrative",
    )),
}  # fmt: skip


def test_every_string_a_request_carries_is_a_code_a_format_or_free_text(
    document: dict[str, Any],
) -> None:
    found = set()
    for method, path, operation in operations(document):
        for parameter in operation.get("parameters", []):
            name = parameter["name"]
            if name == "Idempotency-Key":
                where = "POST * Idempotency-Key"
            else:
                where = f"{method.upper()} {path} ?{name}"
            found |= {w for w, _ in strings(parameter["schema"], where)}
    for name, schema in document["components"]["schemas"].items():
        if request_model(name) is not None:  # the request bodies, and what they hold
            found |= {w for w, _ in strings(schema, name)}
    assert found == FREE_TEXT


def request_model(name: str) -> type[BaseModel] | None:
    """The request body ``name``: in ``api.schemas.requests`` or, for the route's later steps,
    ``api.schemas.route_requests`` and ``api.schemas.arco``."""
    found = next(
        (
            found
            for m in (schemas, route_requests, arco_schemas)
            if (found := getattr(m, name, None))
        ),
        None,
    )
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


# --- Methods ----------------------------------------------------------------------------------


def test_allow_lists_every_method_a_path_has(api: Api, document: dict[str, Any]) -> None:
    """``OPTIONS /audit/checkpoint`` said ``Allow: GET``: each route of a path answered for
    itself alone."""
    names = ("case_id", "referral_id", "handoff_id", "measure_id", "observation_id", "request_id")
    ids = {name: str(uuid4()) for name in names}
    for path, item in document["paths"].items():
        url = path.format(**ids)
        documented = {method.upper() for method in item}
        for method in {"OPTIONS", "PUT", "DELETE", "PATCH"} - documented:
            answer = api.client.request(method, url)
            assert answer.status_code == 405, (method, path)
            assert answer.headers["content-type"].startswith("application/problem+json")
            allowed = {m.strip() for m in answer.headers["allow"].split(",")}
            assert allowed == documented, (method, path, answer.headers["allow"])


# --- Links ------------------------------------------------------------------------------------


def test_what_is_created_links_to_the_operations_on_it(document: dict[str, Any]) -> None:
    opened = document["paths"]["/cases"]["post"]["responses"]["201"]["links"]
    read = document["paths"]["/cases/{case_id}"]["get"]["operationId"]
    assert opened[read]["parameters"] == {"case_id": "$response.body#/case_id"}
    issued = document["paths"]["/cases/{case_id}/referrals"]["post"]["responses"]["201"]["links"]
    accept = document["paths"]["/cases/{case_id}/referrals/{referral_id}/accept"]["post"]
    assert issued[accept["operationId"]]["parameters"] == {
        "case_id": "$request.path.case_id",
        "referral_id": "$response.body#/referral_id",
    }
    listed = document["paths"]["/cases"]["get"]["responses"]["200"]["links"]
    assert listed[read]["parameters"] == {"case_id": "$response.body#/items/0/case_id"}
    ids = {o["operationId"] for _, _, o in operations(document)}
    for _, _, operation in operations(document):
        for response in operation["responses"].values():
            for name, link in response.get("links", {}).items():
                assert link["operationId"] == name
                assert name in ids


@pytest.mark.parametrize(
    ("path", "who"),
    [("/cases?role=jefatura", ("dif", "caseworker")),
     ("/review/findings?agency=atlantis", ("cdheqroo", "commission"))],
    ids=["role", "agency"],
)  # fmt: skip
def test_a_query_code_outside_its_enum_is_refused_naming_it(
    api: Api, path: str, who: tuple[str, str]
) -> None:
    """Both were filters that an unknown value quietly emptied."""
    answer = api.get(path, *who)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["field"] == path.split("?")[1].split("=")[0]


def test_the_formats_the_hub_checks_are_stated_as_it_checks_them(document: dict[str, Any]) -> None:
    """A detection's language tags and operation reference were text of any form."""
    from domain import detection

    schema = document["components"]["schemas"]["RecordDetection"]["properties"]
    language = schema["languages"]["items"]["pattern"]
    assert language == detection._LANGUAGE.pattern
    (operation,) = [b["pattern"] for b in schema["operation"]["anyOf"] if "pattern" in b]
    # The hub's rule: "up to 64 letters, digits or . _ : -".
    for value, taken in [("QR-OP:2026.11_a", True), ("operación 1", False), ("x" * 65, False)]:
        assert bool(re.fullmatch(operation, value)) is taken, value


@pytest.mark.parametrize(
    ("field", "value"),
    [("in_custody", 0), ("needs_interpreter", "true"), ("in_custody", "yes"),
     ("estimated_age", "24"), ("estimated_age", True)],
)  # fmt: skip
def test_a_body_value_of_another_json_type_than_documented_is_refused(
    api: Api, field: str, value: Any
) -> None:
    """The document says boolean and integer: 0, "true" and "24" were read as such (found by
    schemathesis, which sends what the document forbids and expects a refusal)."""
    from tests.e2e.conftest import detection

    answer = api.post("/cases", "sedetur", detection(**{field: value}))
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field
