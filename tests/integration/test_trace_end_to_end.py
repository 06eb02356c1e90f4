"""One trace from an agency's HTTP request to another agency's system handling the event.

The request's span, the hub command's, the store write's, the relay's publish (continuing the
trace context stored with the event) and the subscriber's handling (continuing the one in the
message's ``traceparent``) form one trace, each the child of the one before, against a real
SQLite store and the Tansu broker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from threading import Event
from typing import Any

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.relay import relay_runner
from adapters.hub_telemetry import instrument
from adapters.subscriber import agency_consumer, follow_topic
from adapters.telemetry import Telemetry, current_traceparent
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer, ManualClock
from tests.kafka_broker import Broker

pytestmark = pytest.mark.kafka

PACE: dict[str, Any] = {"backoff": 0.05, "max_backoff": 0.5, "heartbeat": 0.2, "probe_every": 0.3}
WAIT = 30.0


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def telemetry(spans: InMemorySpanExporter) -> Iterator[Telemetry]:
    built = Telemetry.build([SimpleSpanProcessor(spans)])
    yield built
    built.shutdown()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "r.db")}


def one(spans: InMemorySpanExporter, name: str) -> ReadableSpan:
    found = [s for s in spans.get_finished_spans() if s.name == name]
    assert len(found) == 1, [s.name for s in spans.get_finished_spans()]
    return found[0]


def test_one_trace_from_the_request_to_the_subscribers_handling(
    env: dict[str, str],
    tmp_path: Path,
    telemetry: Telemetry,
    spans: InMemorySpanExporter,
    kafka_broker: Broker,
) -> None:
    hub = Hub(env, sealer=FakeSealer(), clock=ManualClock(), trace=current_traceparent)
    instrument(hub, telemetry)
    api = Api(TestClient(create_app(api_parts(hub), telemetry=telemetry)), hub)
    api.token("sedetur")  # its account's own commands are no request's
    api.head()  # nor the token's use of this hour, recorded at its first request
    spans.clear()
    assert api.post("/cases", "sedetur", detection()).status_code == 201
    head = int(hub.recorder.max_notification_id() or 0)

    with relay_runner(
        env,
        tmp_path,
        bootstrap_servers=[kafka_broker.bootstrap_servers],
        catalogue=hub.catalogue,
        source="ruta.mx/pruebas",
        timeout=5.0,
        tracer=telemetry.tracer("ruta.relay"),
        **PACE,
    ) as relay:
        relay.wait(head, timeout=WAIT)
    consumer = agency_consumer(
        [kafka_broker.bootstrap_servers], "sedetur", "traza", from_beginning=True
    )
    handled: list[dict[str, Any]] = []
    try:
        tracer = telemetry.tracer("ruta.subscriber")
        follow_topic(consumer, handled.append, Event(), count=1, tracer=tracer)
    finally:
        consumer.close()
    hub.close()

    assert handled[0]["type"] == "mx.ruta.case_opened.v2"
    request = one(spans, "POST /cases")
    command = one(spans, "hub.open_case")
    write = one(spans, "store.write")
    publish = one(spans, "relay.publish")
    handling = one(spans, "subscriber.handle")
    chain = [request, command, write, publish, handling]
    assert {span.context.trace_id for span in chain} == {request.context.trace_id}
    assert parent_of(command) == request.context.span_id
    assert parent_of(write) == command.context.span_id
    # The relay continues the trace context stored with the event: the command's span.
    assert parent_of(publish) == command.context.span_id
    assert parent_of(handling) == publish.context.span_id
    for span in spans.get_finished_spans():  # the publish and the handling say no more
        said = f"{span.name} {dict(span.attributes or {})} {span.events}"
        for value in detection()["personal_data"].values():
            assert value not in said, span.name


def parent_of(span: ReadableSpan) -> int:
    assert span.parent is not None, span.name
    return span.parent.span_id
