"""Tracing through the HTTP API: one trace from the request to the store, and nothing personal.

The app and the hub report to an in-memory exporter and reader; the personal data sent is
fictitious, and looked for in every span and metric afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.metrics.export import HistogramDataPoint, InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id

from adapters.bootstrap.parts import api_parts
from adapters.hub_telemetry import instrument
from adapters.telemetry import Telemetry, current_traceparent
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer, ManualClock

NAME = "Rosalba Inventada Prueba"
BIRTH = "1999-07-21"
DOCUMENT = "Pasaporte HN X1234567"
CONTACT = "Tel. 998 000 0000 (ficticio)"
NARRATIVE = "Relato ficticio: llegó en autobús desde Chetumal con una conocida."
PLACE = "Albergue ficticio Las Palmas, cuarto 3"
NOTE = "Nota ficticia: prefiere que la atienda una mujer."
PERSONAL = (NAME, BIRTH, DOCUMENT, CONTACT, NARRATIVE, PLACE, NOTE)

INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@dataclass
class TracedApi:
    api: Api
    spans: InMemorySpanExporter
    metrics: InMemoryMetricReader

    def finished(self) -> tuple[ReadableSpan, ...]:
        return self.spans.get_finished_spans()

    def named(self, name: str) -> list[ReadableSpan]:
        return [s for s in self.finished() if s.name == name]


@pytest.fixture
def traced(clock: ManualClock) -> Iterator[TracedApi]:
    spans, metrics = InMemorySpanExporter(), InMemoryMetricReader()
    telemetry = Telemetry.build([SimpleSpanProcessor(spans)], [metrics])
    hub = Hub(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"},
        sealer=FakeSealer(),
        clock=clock,
        trace=current_traceparent,
    )
    instrument(hub, telemetry)
    api = Api(TestClient(create_app(api_parts(hub), telemetry=telemetry)), hub)
    for agency in ("sedetur", "dif"):
        api.token(agency)  # the accounts first: their commands are no request's
    api.head()  # and the tokens' use of the hour (recorded once an hour) no request's either
    spans.clear()
    yield TracedApi(api, spans, metrics)
    telemetry.shutdown()
    hub.close()


def personal_detection(**changes: Any) -> dict[str, Any]:
    personal = {
        "full_name": NAME,
        "date_of_birth": BIRTH,
        "documents": [DOCUMENT],
        "contact": CONTACT,
        "narrative": NARRATIVE,
    }
    return detection(personal_data=personal, **changes)


def open_case(traced: TracedApi, **headers: str) -> str:
    answer = traced.api.post("/cases", "sedetur", personal_detection(), **headers)
    assert answer.status_code == 201, answer.text
    case_id: str = answer.json()["case_id"]
    return case_id


def consent(api: Api, case_id: str) -> None:
    body = {"agencies": ["dif"], "purposes": ["shelter"]}
    assert api.post(f"/cases/{case_id}/consents", "sedetur", body).status_code == 200


def test_a_detection_is_one_trace_from_the_request_to_the_store_write(traced: TracedApi) -> None:
    open_case(traced)
    (request,) = traced.named("POST /cases")
    (command,) = traced.named("hub.open_case")
    (write,) = traced.named("store.write")
    assert request.context
    assert command.context
    assert write.context
    assert {s.context.trace_id for s in (request, command, write) if s.context} == {
        request.context.trace_id
    }
    assert request.parent is None
    assert command.parent is not None
    assert command.parent.span_id == request.context.span_id
    assert write.parent is not None
    assert write.parent.span_id == command.context.span_id
    assert request.kind == SpanKind.SERVER
    assert dict(request.attributes or {}) == {
        "http.request.method": "POST",
        "http.route": "/cases",
        "http.response.status_code": 201,
        "ruta.agency": "sedetur",
    }


def test_the_stored_event_carries_the_trace_of_its_command(traced: TracedApi) -> None:
    case_id = open_case(traced)
    (command,) = traced.named("hub.open_case")
    assert command.context is not None
    (opened,) = traced.api.hub.timeline(UUID(case_id))
    trace_id = format_trace_id(command.context.trace_id)
    span_id = format_span_id(command.context.span_id)
    assert opened.traceparent.startswith(f"00-{trace_id}-{span_id}-")  # type: ignore[attr-defined]
    timeline = traced.api.get(f"/cases/{case_id}/timeline", "sedetur").json()
    assert "traceparent" not in repr(timeline)  # telemetry's, not the case's


def test_a_caller_s_traceparent_is_continued(traced: TracedApi) -> None:
    case_id = open_case(traced, traceparent=INCOMING)
    (request,) = traced.named("POST /cases")
    (opened,) = traced.api.hub.timeline(UUID(case_id))
    assert request.parent is not None
    assert format_span_id(request.parent.span_id) == INCOMING[36:52]
    assert opened.traceparent.split("-")[1] == INCOMING.split("-")[1]  # type: ignore[attr-defined]


def test_requests_are_named_by_route_template_never_by_path(traced: TracedApi) -> None:
    case_id = open_case(traced)
    consent(traced.api, case_id)
    answer = traced.api.post(
        f"/cases/{case_id}/referrals", "sedetur", {"to_agency": "dif", "service": "shelter"}
    )
    assert answer.status_code == 201, answer.text
    traced.api.get(f"/cases/{case_id}?min_position=0", "dif")
    names = {s.name for s in traced.finished() if s.kind == SpanKind.SERVER}
    assert names == {
        "POST /cases",
        "POST /cases/{case_id}/consents",
        "POST /cases/{case_id}/referrals",
        "GET /cases/{case_id}",
    }
    for span in traced.finished():
        assert case_id not in _strings(span)
        assert "min_position" not in _strings(span)


def test_no_personal_data_reaches_a_span_or_a_metric(traced: TracedApi) -> None:
    api = traced.api
    case_id = open_case(traced)
    consent(api, case_id)
    referral = {"to_agency": "dif", "service": "shelter", "note": NOTE}
    assert api.post(f"/cases/{case_id}/referrals", "sedetur", referral).status_code == 201
    handoff = {"to_agency": "dif", "place": PLACE}
    assert api.post(f"/cases/{case_id}/handoffs", "sedetur", handoff).status_code == 201
    read = api.get(f"/cases/{case_id}", "sedetur", X_Ruta_Purpose="care")
    assert NAME in read.text  # the caller saw it: it was there to leak
    future = personal_detection(detected_at="2099-01-01T00:00:00-05:00")
    assert api.post("/cases", "sedetur", future).status_code == 422  # refused, data and all
    spans = traced.finished()
    assert {"hub.open_case", "hub.issue_referral", "hub.initiate_handoff"} <= {
        s.name for s in spans
    }
    seen = "\n".join(_strings(span) for span in spans) + _metric_strings(traced.metrics)
    for value in PERSONAL:
        assert value not in seen
        assert value.split()[0] not in seen  # not even a part of it


def _strings(span: ReadableSpan) -> str:
    """Everything a span says: name, attributes, events, links, status and resource."""
    parts: list[Any] = [span.name, dict(span.attributes or {}), span.status.description]
    parts += [(e.name, dict(e.attributes or {})) for e in span.events]
    parts += [dict(link.attributes or {}) for link in span.links]
    parts.append(dict(span.resource.attributes))
    return repr(parts)


def _metric_strings(reader: InMemoryMetricReader) -> str:
    data = reader.get_metrics_data()
    assert data is not None
    parts: list[Any] = []
    for resource in data.resource_metrics:
        parts.append(dict(resource.resource.attributes))
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                parts.append(metric.name)
                parts += [dict(p.attributes or {}) for p in metric.data.data_points]
    assert "ruta.commands" in parts
    return repr(parts)


def test_each_request_s_duration_is_measured_by_route_template(traced: TracedApi) -> None:
    case_id = open_case(traced)
    traced.api.get(f"/cases/{case_id}", "sedetur")
    traced.api.get("/cases/not-a-case-id", "sedetur")
    data = traced.metrics.get_metrics_data()
    assert data is not None
    points = [
        point
        for resource in data.resource_metrics
        for scope in resource.scope_metrics
        for metric in scope.metrics
        if metric.name == "http.server.request.duration"
        for point in metric.data.data_points
    ]
    seen = {
        _request_of(dict(p.attributes or {})): p.count
        for p in points
        if isinstance(p, HistogramDataPoint)
    }
    assert seen[("POST", "/cases", 201)] == 1
    assert seen[("GET", "/cases/{case_id}", 200)] == 1
    assert seen[("GET", "/cases/{case_id}", 422)] == 1
    assert all(case_id not in repr(p.attributes) for p in points)


def _request_of(attributes: dict[str, Any]) -> tuple[Any, Any, Any]:
    keys = ("http.request.method", "http.route", "http.response.status_code")
    return tuple(attributes.get(key) for key in keys)  # type: ignore[return-value]
