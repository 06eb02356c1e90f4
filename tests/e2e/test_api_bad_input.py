"""No route ever answers 500 for bad input.

Every write route gets malformed JSON, values that are not objects, wrong types, unknown codes,
unknown fields, oversized bodies, unknown agencies, future times and bad ids, sent by an account
that could make the same request with a good body. Each refusal must be a 4xx
``application/problem+json`` that names what was wrong, and nothing may be recorded.

The routes are discovered from the app, so a new write route cannot be left out: the table below
must name every one, with who may call it and a body it would accept.
"""

from __future__ import annotations

import json
import typing
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import NoneType, UnionType
from typing import Annotated, Any

import annotated_types
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

from api.app import MAX_BODY
from api.schemas import arco as arco_schemas
from api.schemas import requests as schemas
from api.schemas import route_requests
from domain.hub import Hub
from tests.e2e.conftest import Api, detection, make_api
from tests.fakes import FakeSealer, ManualClock

PROBLEM = "application/problem+json"
JSON = {"content-type": "application/json"}
MALFORMED = b'{"to_agency": '

# --- The case every write route is tried on ---------------------------------------------------


@dataclass
class Prepared:
    """One real case with something open for every write route, built through the API."""

    api: Api
    clock: ManualClock
    ids: dict[str, str]

    def path(self, template: str, **replaced: str) -> str:
        return template.format(**{**self.ids, **replaced})

    def position(self) -> int:
        return self.api.head()


def _created(response: Any, key: str) -> str:
    assert response.status_code in (200, 201), response.text
    return str(response.json()[key])


@pytest.fixture
def prepared(api: Api, clock: ManualClock) -> Iterator[Prepared]:
    """Sedetus detects an adult in its custody and refers her to DIF; DIF takes her in.

    Left open for the routes to act on: a referral to DIF not yet answered, one DIF accepted, a
    handoff to DIF not yet acknowledged, DIF's shelter, and the commission's observation to
    Sedetus.
    """
    with api.client:  # one event loop for the whole test, not one per request
        yield _prepare(api, clock)


@pytest.fixture(scope="module")
def shared() -> Iterator[Prepared]:
    """The same case, prepared once for the requests that must record nothing.

    Each of those tests checks that nothing was recorded, so the case stays as prepared; the
    requests known to record something (the xfailed defects) get a case of their own.
    """
    clock = ManualClock()
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=clock)
    api = make_api(hub)
    with api.client:
        yield _prepare(api, clock)
    hub.close()


def _prepare(api: Api, clock: ManualClock) -> Prepared:
    case_id = _created(api.post("/cases", "sedetur", detection(in_custody=True)), "case_id")
    cases = f"/cases/{case_id}"
    consent = {"agencies": ["dif", "sesa"], "purposes": ["shelter", "medical"], "informed_in": "es"}
    _created(api.post(f"{cases}/consents", "sedetur", consent), "position")
    accepted = _created(
        api.post(f"{cases}/referrals", "sedetur", {"to_agency": "dif", "service": "shelter"}),
        "referral_id",
    )
    _created(api.post(f"{cases}/referrals/{accepted}/accept", "dif"), "position")
    pending = _created(
        api.post(f"{cases}/referrals", "sedetur", {"to_agency": "dif", "service": "medical"}),
        "referral_id",
    )
    handoff = _created(
        api.post(f"{cases}/handoffs", "sedetur", {"to_agency": "dif", "place": "Oficina ficticia"}),
        "handoff_id",
    )
    shelter = {"kind": "shelter", "provider": "dif", "location": "Albergue ficticio"}
    measure = _created(api.post(f"{cases}/measures", "dif", shelter), "measure_id")
    observation = _created(
        api.post(
            f"{cases}/observations",
            "cdheqroo",
            {"concerning": "sedetur", "text": "Observación ficticia"},
            role="commission",
        ),
        "observation_id",
    )
    arco = {"case": case_id, "kind": "access", "requester": "holder", "identity_checked": True}
    arco["received_at"] = clock().isoformat()
    received, granted = (
        _created(api.post("/arco-requests", "segob", arco, role="admin"), "request_id")
        for _ in range(2)
    )
    _created(
        api.post(
            f"/arco-requests/{granted}/answer", "segob", {"decision": "granted"}, role="admin"
        ),
        "position",
    )
    clock.advance(hours=1)  # room for good times between the facts above and now
    for route in ROUTES.values():
        api.token(route.agency, route.role)  # opening an account is recorded too: do it now
    ids = {
        "case_id": case_id,
        "referral_id": pending,
        "accepted_referral_id": accepted,
        "handoff_id": handoff,
        "measure_id": measure,
        "observation_id": observation,
        "request_id": received,
        "granted_request_id": granted,
    }
    return Prepared(api, clock, ids)


# --- Every write route, who calls it, and a body it accepts --------------------------------------

# The clock starts at 2026-11-20T14:00Z (09:00 in Cancún); the detection was at 08:30, and the
# fixture moves the clock an hour on, so these times are after the facts and before now.
PAST = "2026-11-20T09:30:00-05:00"


@dataclass(frozen=True)
class Route:
    agency: str
    model: type[BaseModel] | None
    body: dict[str, Any] | None = None
    role: str = "caseworker"
    # How a good body is answered in the prepared state: "" for success, else the domain's code.
    refused: str = ""
    # Path parameters filled with another prepared id than their own name.
    ids: dict[str, str] = field(default_factory=dict)
    # Codes of the domain's vocabularies that the schema leaves as text, with an unknown value.
    unknown_codes: dict[str, Any] = field(default_factory=dict)


C = "/cases/{case_id}"
ROUTES: dict[str, Route] = {
    "/cases": Route(
        "sedetur",
        schemas.RecordDetection,
        detection(in_custody=True),
        unknown_codes={
            "indicators": ["spa_day"],
            "exploitation_forms": ["spa_day"],
            "municipality": "Gotham",
            "nationality": "ZZ",
        },
    ),
    f"{C}/referrals": Route(
        "sedetur",
        schemas.IssueReferral,
        {"to_agency": "sesa", "service": "medical", "urgency": "urgent", "note": "Nota ficticia"},
    ),
    f"{C}/referrals/{{referral_id}}/accept": Route("dif", None),
    f"{C}/referrals/{{referral_id}}/decline": Route(
        "dif", schemas.DeclineReferral, {"reason": "no_capacity", "detail": "Sin cupo hoy"}
    ),
    f"{C}/referrals/{{referral_id}}/withdraw": Route(
        "sedetur", schemas.WithdrawReferral, {"reason": "no_longer_needed"}
    ),
    f"{C}/referrals/{{referral_id}}/complete": Route(
        "dif", None, ids={"referral_id": "accepted_referral_id"}
    ),
    f"{C}/handoffs": Route(
        "sedetur",
        schemas.InitiateHandoff,
        {"to_agency": "ssc", "place": "Lugar ficticio"},
        refused="handoff_already_open",
    ),
    f"{C}/handoffs/{{handoff_id}}/acknowledge": Route("dif", None),
    f"{C}/handoffs/{{handoff_id}}/refuse": Route(
        "dif", schemas.RefuseHandoff, {"reason": "no_capacity"}
    ),
    f"{C}/custody/assume": Route("dif", None, refused="already_in_custody"),
    f"{C}/custody/release": Route(
        "sedetur",
        schemas.ReleaseCustody,
        {"reason": "voluntary_departure"},
        refused="handoff_already_open",
    ),
    f"{C}/whereabouts/unknown": Route(
        "sedetur",
        schemas.ReportWhereaboutsUnknown,
        {"last_seen_at": PAST, "place": "Lugar ficticio"},
    ),
    f"{C}/whereabouts/located": Route(
        "sedetur",
        schemas.ReportLocated,
        {"custody_with": "ssc", "place": "Lugar ficticio"},
        refused="whereabouts_known",
    ),
    f"{C}/measures": Route(
        "dif",
        schemas.StartMeasure,
        {"kind": "medical_care", "provider": "dif", "location": "Clínica", "started_at": PAST},
    ),
    f"{C}/measures/{{measure_id}}/end": Route(
        "dif", schemas.EndMeasure, {"reason": "completed", "ended_at": PAST}
    ),
    f"{C}/consents": Route(
        "sedetur",
        schemas.RecordConsent,
        {"agencies": ["fge"], "purposes": ["investigation"], "informed_in": "es"},
    ),
    f"{C}/consents/withdraw": Route("sedetur", schemas.WithdrawConsent, {"agencies": ["sesa"]}),
    f"{C}/complaint-decisions": Route(
        "sedetur", schemas.RecordComplaintDecision, {"decision": "filed", "with_agency": "fge"}
    ),
    f"{C}/prosecutor-notices": Route(
        "sedetur", route_requests.NotifyProsecutor, {"prosecutor": "fgr", "reference": "Oficio 1"}
    ),
    f"{C}/urgent-medical-care": Route(
        "sedetur", route_requests.OfferUrgentMedicalCare, {"answer": "declined", "offered_at": PAST}
    ),
    f"{C}/protection-screenings": Route(
        "sedetur", route_requests.ScreenForProtection, {"comar_referral": "declined"}
    ),
    f"{C}/return-requests": Route("sedetur", None),
    f"{C}/child-heard": Route(
        "sedetur", route_requests.RecordChildHeard, {"interpreter": True}, refused="children_only"
    ),
    f"{C}/restitution-plan": Route("sedetur", None, refused="children_only"),
    f"{C}/restitution-plan/update": Route("sedetur", None, refused="children_only"),
    f"{C}/restitution-plan/conclude": Route("sedetur", None, refused="children_only"),
    f"{C}/best-interest-determinations": Route(
        "sedetur",
        route_requests.DetermineBestInterest,
        {"outcome": "stay_in_mexico"},
        refused="children_only",
    ),
    f"{C}/measures/{{measure_id}}/notices": Route(
        "dif",
        route_requests.NotifyUrgentMeasure,
        {"recipient": "judge"},
        refused="children_only",
    ),
    f"{C}/age-assessments": Route(
        "sedetur",
        schemas.AssessAge,
        {"age_group": "adult", "estimated_age": 24, "method": "document"},
    ),
    f"{C}/risk-assessments": Route(
        "sedetur", schemas.AssessRisk, {"level": "high", "note": "Nota ficticia"}
    ),
    f"{C}/personal-data": Route(
        "sedetur",
        schemas.AmendPersonalData,
        {"personal_data": {"contact": "Teléfono ficticio"}, "remove": ["date_of_birth"]},
        unknown_codes={"remove": ["shoe_size"]},
    ),
    f"{C}/personal-data/erase": Route(
        "segob", schemas.ErasePersonalData, {"reason": "arco_cancellation"}, role="admin"
    ),
    f"{C}/close": Route(
        "sedetur", schemas.CloseCase, {"reason": "reintegrated"}, refused="case_has_open_items"
    ),
    f"{C}/reopen": Route(
        "sedetur", schemas.ReopenCase, {"reason": "new_information"}, refused="case_not_closed"
    ),
    f"{C}/observations": Route(
        "cdheqroo",
        schemas.IssueObservation,
        {"concerning": "sedetur", "text": "Observación ficticia"},
        role="commission",
    ),
    f"{C}/observations/{{observation_id}}/answer": Route(
        "sedetur", schemas.AnswerObservation, {"text": "Respuesta ficticia"}
    ),
    # ARCO requests (LGPDPPSO), SEGOB's unit of transparency alone.
    "/arco-requests": Route(
        "segob",
        arco_schemas.ReceiveArcoRequest,
        {
            "case": "QR-2026-000001",
            "kind": "cancellation",
            "requester": "holder",
            "identity_checked": True,
            "received_at": PAST,
        },
        role="admin",
    ),
    "/arco-requests/{request_id}/extend": Route(
        "segob", arco_schemas.ExtendArcoRequest, {"reason": "volume"}, role="admin"
    ),
    "/arco-requests/{request_id}/answer": Route(
        "segob",
        arco_schemas.AnswerArcoRequest,
        {"decision": "refused", "ground": "third_party_rights"},
        role="admin",
    ),
    "/arco-requests/{request_id}/carry-out": Route(
        "segob", None, role="admin", ids={"request_id": "granted_request_id"}
    ),
}
# What an unknown id of a path is refused as, where it is not ``<name>_not_found``.
NOT_FOUND = {"request_id": "arco_request_not_found"}


def route_id(template: str) -> str:
    parts = [p for p in template.split("/") if p and not p.startswith("{")]
    if parts[:1] == ["cases"]:
        parts = parts[1:]  # a case's routes are named by what follows the case
    return ".".join(parts) or "cases"


def path_params(template: str) -> list[str]:
    return [p[1:-1] for p in template.split("/") if p.startswith("{")]


def write_routes(app: FastAPI) -> dict[str, Any]:
    """Every POST the app serves that commands the hub, by path template, with its endpoint
    (``POST /audit/checkpoint`` signs the log; it records nothing in it)."""
    found = {}
    for route in iter_route_contexts(app.routes):
        if "POST" in (route.methods or set()) and not str(route.path).startswith("/audit/"):
            found[str(route.path)] = route.endpoint
    return found


# --- What a body field is, read from its annotation ------------------------------------------


@dataclass(frozen=True)
class Kind:
    base: Any  # str, int, bool, datetime, uuid.UUID, a StrEnum, a model, or list
    optional: bool = False
    max_length: int | None = None
    item: Kind | None = None
    is_agency: bool = False


def kind_of(annotation: Any) -> Kind:
    """The field's type without its ``Annotated`` and ``| None``; fails on a type it does not know,
    so that a new kind of field cannot escape the table below."""
    optional = False
    max_length = None
    is_agency = annotation == schemas.Agency
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            for meta in annotation.__metadata__:
                for limit in [meta, *getattr(meta, "metadata", [])]:
                    if isinstance(limit, annotated_types.MaxLen):
                        max_length = limit.max_length
            is_agency = is_agency or annotation == schemas.Agency
            annotation = annotation.__origin__
        elif origin in (UnionType, typing.Union):
            args = [a for a in typing.get_args(annotation) if a is not NoneType]
            assert len(args) == 1, f"unexpected union {annotation}"
            optional = True
            annotation = args[0]
        else:
            break
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return Kind(list, optional, max_length, kind_of(item))
    if annotation is AwareDatetime:
        annotation = datetime
    known = (str, int, bool, datetime, uuid.UUID)
    if annotation in known or (
        isinstance(annotation, type) and issubclass(annotation, (StrEnum, BaseModel))
    ):
        return Kind(annotation, optional, max_length, None, is_agency)
    raise AssertionError(f"no bad values known for {annotation}")


def fields_of(
    model: type[BaseModel], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Kind, FieldInfo]]:
    """Every field of ``model``, nested models' fields included, as (path, kind, info)."""
    hints = typing.get_type_hints(model, include_extras=True)
    for name, info in model.model_fields.items():
        kind = kind_of(hints[name])
        yield (*prefix, name), kind, info
        if isinstance(kind.base, type) and issubclass(kind.base, BaseModel):
            yield from fields_of(kind.base, (*prefix, name))


def wrong_values(kind: Kind) -> list[tuple[str, Any]]:
    """Values of the wrong type for a field of ``kind``, each with a name for its test id."""
    base = kind.base
    if base is list:
        assert kind.item is not None
        in_list = [(f"{name}_in_list", [value]) for name, value in wrong_values(kind.item)[:1]]
        return [("str_for_list", "texto"), ("object_for_list", {"a": 1}), *in_list]
    if base is bool:
        return [("object_for_bool", {"sí": True}), ("list_for_bool", [True])]
    if base is int:
        return [("text_for_int", "veinticuatro"), ("object_for_int", {"n": 24})]
    if base is datetime:
        return [
            ("text_for_time", "ayer por la tarde"),
            ("time_without_offset", "2026-11-20T09:30:00"),
            ("date_for_time", "2026-11-20"),
            ("object_for_time", {"at": PAST}),
        ]
    if base is uuid.UUID:
        return [("text_for_uuid", "no-es-uuid"), ("int_for_uuid", 12345)]
    if issubclass(base, BaseModel):
        return [("str_for_object", "texto"), ("list_for_object", ["texto"])]
    # str and the codes (StrEnum) travel as text
    wrong: list[tuple[str, Any]] = [
        ("int_for_str", 12345),
        ("object_for_str", {"es": "x"}),
        ("list_for_str", ["x"]),
    ]
    if kind.max_length is not None:
        wrong.append(("too_long", "x" * (kind.max_length + 1)))
    return wrong


def enum_of(kind: Kind) -> type[StrEnum] | None:
    inner = kind.item if kind.base is list and kind.item else kind
    if isinstance(inner.base, type) and issubclass(inner.base, StrEnum):
        return inner.base
    return None


def agency_field(kind: Kind) -> bool:
    return kind.is_agency or (kind.base is list and kind.item is not None and kind.item.is_agency)


def with_value(body: dict[str, Any], where: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``body`` with ``where`` set to ``value`` (parents made when missing)."""
    copy: dict[str, Any] = json.loads(json.dumps(body))
    node = copy
    for name in where[:-1]:
        node = node.setdefault(name, {})
    node[where[-1]] = value
    return copy


def without(body: dict[str, Any], where: tuple[str, ...]) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(body))
    node = copy
    for name in where[:-1]:
        node = node[name]
    node.pop(where[-1], None)
    return copy


def future(clock: ManualClock) -> str:
    return (clock() + timedelta(days=1)).isoformat()


# --- The bad requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """One bad request to one route: what is sent and how it must be refused."""

    template: str
    name: str
    status: int
    body: Any = None  # a JSON value, or a function of the prepared case giving one
    raw: bytes | None = None  # sent as is, with content-type application/json
    stream: bool = False  # ``raw`` sent in chunks, without Content-Length
    named: str | None = None  # the field the problem must name
    code: str | None = None  # the problem's code, when it must be a particular one
    path: dict[str, str] = field(default_factory=dict)  # path parameters replaced
    xfail: str = ""  # a known defect, reported outside this file

    @property
    def id(self) -> str:
        return f"{route_id(self.template)}-{self.name}"


def oversized() -> bytes:
    return b'{"note": "' + b"a" * (MAX_BODY + 1024) + b'"}'


def bad_requests() -> Iterator[Bad]:
    for template, route in ROUTES.items():
        yield from bad_bodies(template, route)
        yield Bad(template, "oversized_with_content_length", 413, raw=oversized())
        yield Bad(
            template,
            "oversized_streamed",
            413,
            raw=oversized(),
            stream=True,
        )
        for param in path_params(template):
            body = route.body
            yield Bad(template, f"{param}_not_a_uuid", 422, body, named=param, path={param: "42"})
            unknown = {param: str(uuid.UUID(int=7))}
            found = NOT_FOUND.get(param, f"{param.removesuffix('_id')}_not_found")
            yield Bad(template, f"{param}_unknown", 404, body, code=found, path=unknown)


def bad_bodies(template: str, route: Route) -> Iterator[Bad]:
    if route.model is None:
        yield Bad(template, "malformed_json", 400, raw=MALFORMED)
        return
    assert route.body is not None
    body = route.body

    def bad(name: str, sent: Any, named: str, **more: Any) -> Bad:
        return Bad(template, name, 422, body=sent, named=named, **more)

    yield Bad(template, "malformed_json", 400, raw=MALFORMED, named="body")
    yield Bad(template, "truncated_utf8", 400, raw=b'{"reason": "\xc3"}')
    yield Bad(template, "integer_of_5000_digits", 400, raw=b'{"n": 1' + b"0" * 5000 + b"}")
    yield Bad(template, "nested_100000_deep", 400, raw=b"[" * 100_000 + b"]" * 100_000)
    for name, value in [("array", [body]), ("string", "texto"), ("number", 42), ("null", None)]:
        yield bad(f"{name}_for_body", value, "body")
    yield bad("unknown_field", {**body, "prioridad": "alta"}, "prioridad")
    for where, kind, info in fields_of(route.model):
        dotted = ".".join(where)
        for name, value in wrong_values(kind):
            yield bad(f"{dotted}-{name}", with_value(body, where, value), dotted)
        if kind.base is datetime:
            unix_time = with_value(body, where, int(datetime.fromisoformat(PAST).timestamp()))
            yield bad(f"{dotted}-number_for_time", unix_time, dotted)
            late = "detection_in_future" if dotted == "detected_at" else "time_in_future"
            yield bad(f"{dotted}-in_future", _future_body(body, where), dotted, code=late)
        if not kind.optional:
            yield bad(f"{dotted}-null", with_value(body, where, None), dotted)
        if info.is_required():
            yield bad(f"{dotted}-missing", without(body, where), dotted)
        if (codes := enum_of(kind)) is not None:
            assert "spa_day" not in set(codes)
            unknown = ["spa_day"] if kind.base is list else "spa_day"
            yield bad(f"{dotted}-unknown_code", with_value(body, where, unknown), dotted)
        if agency_field(kind):
            unknown = ["atlantis"] if kind.base is list else "atlantis"
            sent = with_value(body, where, unknown)
            yield bad(f"{dotted}-unknown_agency", sent, dotted)
        if isinstance(kind.base, type) and issubclass(kind.base, BaseModel):
            sent = with_value(body, (*where, "talla"), "M")
            yield bad(f"{dotted}-unknown_field", sent, f"{dotted}.talla")
    for name, value in route.unknown_codes.items():
        yield bad(f"{name}-unknown_code", with_value(body, (name,), value), name)


def _future_body(body: dict[str, Any], where: tuple[str, ...]) -> Any:
    def make(prepared: Prepared) -> dict[str, Any]:
        return with_value(body, where, future(prepared.clock))

    return make


BAD = list(bad_requests())


def params(cases: list[Bad]) -> list[Any]:
    return [
        pytest.param(
            bad,
            id=bad.id,
            marks=[pytest.mark.xfail(strict=True, reason=bad.xfail)] if bad.xfail else [],
        )
        for bad in cases
    ]


# --- Checks ----------------------------------------------------------------------------------


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """A 4xx ``application/problem+json`` with the RFC 9457 members, of the given status."""
    assert response.status_code < 500, response.text
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys(), problem
    assert problem["status"] == response.status_code
    assert problem["title"]
    assert problem["detail"]
    return problem


def names(problem: dict[str, Any], name: str) -> bool:
    """Whether the problem names ``name`` (or one of its items or members) as a bad field."""
    named = [problem.get("field")] + [e.get("field") for e in problem.get("errors", [])]
    return any(
        n == name or n.startswith((f"{name}.", f"{name}[")) for n in named if isinstance(n, str)
    )


def send(prepared: Prepared, bad: Bad) -> Any:
    route = ROUTES[bad.template]
    ids = {param: prepared.ids[route.ids.get(param, param)] for param in path_params(bad.template)}
    url = bad.template.format(**{**ids, **bad.path})
    headers = prepared.api.headers(route.agency, route.role)
    client = prepared.api.client
    if bad.raw is not None:
        raw = bad.raw
        content: Any = (
            (raw[i : i + 16384] for i in range(0, len(raw), 16384)) if bad.stream else raw
        )
        return client.post(url, content=content, headers={**headers, **JSON})
    body = bad.body(prepared) if callable(bad.body) else bad.body
    return client.post(url, content=json.dumps(body).encode(), headers={**headers, **JSON})


# --- Tests -----------------------------------------------------------------------------------


def test_the_table_names_every_write_route_with_its_body_schema(api: Api) -> None:
    app = api.client.app
    assert isinstance(app, FastAPI)
    served = write_routes(app)
    assert set(served) == set(ROUTES)
    for template, endpoint in served.items():
        body = typing.get_type_hints(endpoint).get("body")
        assert body is ROUTES[template].model, template


def test_the_bad_inputs_reach_every_agency_time_and_code_field() -> None:
    """The fields are read from the schemas: this guards the reading itself."""
    ids = {bad.id for bad in BAD}
    for expected in [
        "referrals-to_agency-unknown_agency",
        "handoffs-to_agency-unknown_agency",
        "measures-provider-unknown_agency",
        "consents-agencies-unknown_agency",
        "consents.withdraw-agencies-unknown_agency",
        "complaint-decisions-with_agency-unknown_agency",
        "prosecutor-notices-prosecutor-unknown_agency",
        "whereabouts.located-custody_with-unknown_agency",
        "observations-concerning-unknown_agency",
        "cases-detected_at-in_future",
        "measures-started_at-in_future",
        "measures.end-ended_at-in_future",
        "whereabouts.unknown-last_seen_at-in_future",
        "urgent-medical-care-offered_at-in_future",
        "urgent-medical-care-answer-unknown_code",
        "referrals-service-unknown_code",
        "referrals.decline-reason-unknown_code",
        "consents-purposes-unknown_code",
        "cases-personal_data.full_name-too_long",
        "observations-subject_id-text_for_uuid",
        "cases-needs_interpreter-object_for_bool",
        "cases-estimated_age-text_for_int",
    ]:
        assert expected in ids
    assert sum(1 for i in ids if i.endswith("-unknown_agency")) == 9


def test_a_refusal_never_echoes_the_personal_data_sent(shared: Prepared) -> None:
    name = "Marisol Ejemplo Ficticia " * 10  # over the 200 characters a name may have
    body = detection(personal_data={"full_name": name, "narrative": "Relato ficticio."})
    before = shared.position()
    response = shared.api.post("/cases", "sedetur", body)
    assert names(assert_problem(response, 422), "personal_data.full_name")
    assert "Marisol" not in response.text
    assert shared.position() == before


@pytest.mark.parametrize("template", list(ROUTES), ids=[route_id(t) for t in ROUTES])
def test_a_good_body_passes_validation_on_every_write_route(
    prepared: Prepared, template: str
) -> None:
    """The bad requests differ from these only in what is bad: they would reach the domain."""
    route = ROUTES[template]
    ids = {param: prepared.ids[route.ids.get(param, param)] for param in path_params(template)}
    before = prepared.position()
    response = prepared.api.post(template.format(**ids), route.agency, route.body, role=route.role)
    if route.refused:
        assert assert_problem(response, 422)["code"] == route.refused
        assert prepared.position() == before
    else:
        assert response.status_code in (200, 201), response.text
        assert prepared.position() > before


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input_is_refused_with_a_problem_and_records_nothing(
    request: pytest.FixtureRequest, bad: Bad
) -> None:
    prepared: Prepared = request.getfixturevalue("prepared" if bad.xfail else "shared")
    before = prepared.position()
    response = send(prepared, bad)
    problem = assert_problem(response, bad.status)
    if bad.named:
        assert names(problem, bad.named), problem
    if bad.code:
        assert problem["code"] == bad.code, problem
    assert prepared.position() == before


def test_a_refusal_is_in_spanish_by_default_and_in_english_when_asked(
    shared: Prepared,
) -> None:
    url = shared.path("/cases/{case_id}/referrals")
    body = {"to_agency": "atlantis", "service": "spa_day"}
    spanish = assert_problem(shared.api.post(url, "sedetur", body), 422)
    english = assert_problem(shared.api.post(url, "sedetur", body, Accept_Language="en"), 422)
    assert spanish["title"] == "Datos no válidos"
    assert english["title"] == "Invalid data"
    unknown = {"to_agency": "atlantis", "service": "medical"}
    spanish = assert_problem(shared.api.post(url, "sedetur", unknown), 422)
    english = assert_problem(shared.api.post(url, "sedetur", unknown, Accept_Language="en"), 422)
    assert spanish["code"] == english["code"] == "unknown_agency"
    assert spanish["title"] == "Institución desconocida"
    assert english["title"] != spanish["title"]
    assert "Unknown" in english["title"] or "unknown" in english["title"]


class TestHeaders:
    @pytest.mark.parametrize("template", list(ROUTES), ids=[route_id(t) for t in ROUTES])
    def test_a_write_without_a_token_is_401_with_a_bearer_challenge(
        self, shared: Prepared, template: str
    ) -> None:
        route = ROUTES[template]
        ids = {p: shared.ids[route.ids.get(p, p)] for p in path_params(template)}
        before = shared.position()
        response = shared.api.client.post(template.format(**ids), json=route.body)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"
        assert shared.position() == before

    @pytest.mark.parametrize(
        "authorization",
        ["Basic c2VkZXR1czpzZWNyZXRv", "Bearer", "Bearer   ", "Token abc", "Bearer no-such-token"],
        ids=["basic", "bearer_without_token", "bearer_blank", "other_scheme", "unknown_token"],
    )
    def test_a_malformed_authorization_is_401(self, shared: Prepared, authorization: str) -> None:
        before = shared.position()
        response = shared.api.client.post(
            shared.path("/cases/{case_id}/referrals"),
            json={"to_agency": "sesa", "service": "medical"},
            headers={"Authorization": authorization},
        )
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"
        assert shared.position() == before

    @pytest.mark.parametrize("template", list(ROUTES), ids=[route_id(t) for t in ROUTES])
    def test_an_idempotency_key_over_200_characters_is_422(
        self, shared: Prepared, template: str
    ) -> None:
        route = ROUTES[template]
        ids = {p: shared.ids[route.ids.get(p, p)] for p in path_params(template)}
        before = shared.position()
        response = shared.api.post(
            template.format(**ids), route.agency, route.body, role=route.role,
            Idempotency_Key="k" * 201,
        )  # fmt: skip
        assert names(assert_problem(response, 422), "Idempotency-Key")
        assert shared.position() == before

    @pytest.mark.parametrize(
        "purpose", ["curiosity", "care" * 11], ids=["unknown_purpose", "over_40_characters"]
    )
    def test_a_bad_purpose_on_reading_a_case_is_422_and_discloses_nothing(
        self, shared: Prepared, purpose: str
    ) -> None:
        before = shared.position()
        response = shared.api.get(
            shared.path("/cases/{case_id}"), "sedetur", X_Ruta_Purpose=purpose
        )
        problem = assert_problem(response, 422)
        assert names(problem, "X-Ruta-Purpose")
        assert "Marisol" not in response.text
        assert shared.position() == before


# --- Arbitrary JSON ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=20,
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_not_a_server_error(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith(PROBLEM)


@FUZZ
@given(body=json_values)
def test_arbitrary_json_never_makes_recording_a_detection_fail_with_5xx(
    prepared: Prepared, body: Any
) -> None:
    assert_not_a_server_error(prepared.api.post("/cases", "sedetur", body))


@FUZZ
@given(body=json_values)
def test_arbitrary_json_never_makes_issuing_a_referral_fail_with_5xx(
    prepared: Prepared, body: Any
) -> None:
    url = prepared.path("/cases/{case_id}/referrals")
    assert_not_a_server_error(prepared.api.post(url, "sedetur", body))


WITH_BODIES = [t for t, r in ROUTES.items() if r.model is not None]


@FUZZ
@given(data=st.data())
def test_one_field_set_to_arbitrary_json_never_gets_a_5xx_on_any_write_route(
    prepared: Prepared, data: st.DataObject
) -> None:
    """Past the parser: a good body with one field (or a new one) set to any JSON value."""
    template = data.draw(st.sampled_from(WITH_BODIES))
    route = ROUTES[template]
    assert route.model is not None
    assert route.body is not None
    name = data.draw(st.sampled_from([*route.model.model_fields, "extra"]))
    body = {**route.body, name: data.draw(json_values)}
    ids = {p: prepared.ids[route.ids.get(p, p)] for p in path_params(template)}
    response = prepared.api.post(template.format(**ids), route.agency, body, role=route.role)
    assert_not_a_server_error(response)
