"""Telemetry: spans and metrics of the hub's commands, trace context on events, exporters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    InMemoryMetricReader,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode, format_trace_id

from adapters.hub_telemetry import COMMANDS, READS, instrument, watch_views
from adapters.settings import Settings
from adapters.telemetry import (
    Telemetry,
    configure,
    context_from,
    current_traceparent,
    exporters,
    inject,
)
from domain.errors import UnknownAgency
from domain.hub import Hub, replay
from tests.builders import ADMIN, SEDETUR, open_adult
from tests.fakes import FakeSealer, ManualClock

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@dataclass
class Traced:
    """A hub whose commands are traced, with what its telemetry recorded."""

    hub: Hub
    telemetry: Telemetry
    spans: InMemorySpanExporter
    metrics: InMemoryMetricReader

    def named(self, name: str) -> ReadableSpan:
        (span,) = [s for s in self.spans.get_finished_spans() if s.name == name]
        return span

    def points(self, metric: str) -> list[Any]:
        data = self.metrics.get_metrics_data()
        assert data is not None
        return [
            point
            for resource in data.resource_metrics
            for scope in resource.scope_metrics
            for m in scope.metrics
            if m.name == metric
            for point in m.data.data_points
        ]


@pytest.fixture
def traced(clock: ManualClock, sealer: FakeSealer) -> Iterator[Traced]:
    spans, metrics = InMemorySpanExporter(), InMemoryMetricReader()
    telemetry = Telemetry.build([SimpleSpanProcessor(spans)], [metrics])
    hub = Hub(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"},
        sealer=sealer,
        clock=clock,
        trace=current_traceparent,
    )
    yield Traced(instrument(hub, telemetry), telemetry, spans, metrics)
    telemetry.shutdown()


def test_every_use_case_of_the_hub_is_a_traced_command_or_a_read() -> None:
    public = {
        name
        for name in dir(Hub)
        if not name.startswith("_")
        and callable(getattr(Hub, name))
        and not hasattr(Application, name)
    }
    assert set(COMMANDS) | set(READS) == public
    assert not set(COMMANDS) & set(READS)


class TestCommandSpans:
    def test_a_command_and_its_store_write_are_spans_of_one_trace(self, traced: Traced) -> None:
        case_id = open_adult(traced.hub)
        command, write = traced.named("hub.open_case"), traced.named("store.write")
        assert command.context is not None
        assert write.context is not None
        assert write.parent is not None
        assert write.parent.span_id == command.context.span_id
        assert write.context.trace_id == command.context.trace_id
        assert dict(command.attributes or {}) == {
            "ruta.command": "open_case",
            "ruta.agency": "sedetur",
            "ruta.outcome": "ok",
            "ruta.position": write.attributes["ruta.position"] if write.attributes else None,
        }
        assert write.kind == SpanKind.CLIENT
        assert traced.hub.get_case(case_id).folio  # the case was saved, traced or not

    def test_every_event_records_the_traceparent_of_its_command(self, traced: Traced) -> None:
        case_id = open_adult(traced.hub)
        command = traced.named("hub.open_case")
        assert command.context is not None
        (opened,) = traced.hub.timeline(case_id)
        trace_id, span_id = format_trace_id(command.context.trace_id), command.context.span_id
        traceparent: str = opened.traceparent  # type: ignore[attr-defined]
        assert traceparent.startswith(f"00-{trace_id}-{span_id:016x}-")  # then the flags

    def test_a_command_continues_the_trace_it_is_called_in(self, traced: Traced) -> None:
        tracer = traced.telemetry.tracer("tests")
        with tracer.start_as_current_span("request", context=context_from(TRACEPARENT)):
            open_adult(traced.hub)
        command = traced.named("hub.open_case")
        assert command.context is not None
        assert format_trace_id(command.context.trace_id) == TRACEPARENT.split("-")[1]

    def test_a_refused_command_keeps_its_outcome_not_its_message(self, traced: Traced) -> None:
        case_id = open_adult(traced.hub)
        with pytest.raises(UnknownAgency), traced.hub.acting_as(SEDETUR):
            traced.hub.issue_referral(case_id, "Marisol Ejemplo Ficticia", "shelter")
        span = traced.named("hub.issue_referral")
        assert span.status.status_code == StatusCode.ERROR
        assert span.status.description is None
        assert span.events == ()  # no exception event: its message quotes the value
        assert span.attributes is not None
        assert span.attributes["ruta.outcome"] == "UnknownAgency"
        assert "Marisol" not in repr(dict(span.attributes))

    def test_an_issued_token_never_reaches_a_span(self, traced: Traced) -> None:
        with traced.hub.acting_as(ADMIN):
            issued = traced.hub.open_account("dif", ["caseworker"], label="dif caseworker")
        span = traced.named("hub.open_account")
        assert span.attributes is not None
        assert span.attributes["ruta.position"] == issued.position
        assert issued.token not in repr(dict(span.attributes))

    def test_a_hub_is_instrumented_once(self, traced: Traced) -> None:
        with pytest.raises(RuntimeError):
            instrument(traced.hub, traced.telemetry)


class TestMetrics:
    def test_commands_are_counted_by_outcome_and_timed_in_milliseconds(
        self, traced: Traced
    ) -> None:
        case_id = open_adult(traced.hub)
        with pytest.raises(UnknownAgency), traced.hub.acting_as(SEDETUR):
            traced.hub.issue_referral(case_id, "nadie", "shelter")
        counted = {
            (p.attributes["command"], p.attributes["outcome"]): p.value
            for p in traced.points("ruta.commands")
        }
        assert counted == {("open_case", "ok"): 1, ("issue_referral", "UnknownAgency"): 1}
        timed = {p.attributes["command"]: p.count for p in traced.points("ruta.command.duration")}
        assert timed == {"open_case": 1, "issue_referral": 1}

    def test_views_report_how_far_they_are_behind_the_log(self, traced: Traced) -> None:
        open_adult(traced.hub)
        open_adult(traced.hub)
        head = int(traced.hub.recorder.max_notification_id() or 0)

        class View:
            def __init__(self, done: int) -> None:
                self.done = done

            def max_tracking_id(self, application_name: str) -> int | None:
                assert application_name == Hub.name
                return self.done or None

        watch_views(traced.telemetry, traced.hub, {"caseload": View(head - 3), "audit": View(0)})
        lags = {p.attributes["view"]: p.value for p in traced.points("ruta.projection.lag")}
        assert lags == {"caseload": 3, "audit": head}

    def test_a_lag_that_cannot_be_read_is_left_out_not_raised(self, traced: Traced) -> None:
        def closed() -> int:
            raise RuntimeError("the view is closed")

        traced.telemetry.register_lag("review", closed)
        traced.telemetry.register_lag("custody", lambda: 2)
        traced.telemetry.register_relay_lag(lambda: 5)
        lags = {p.attributes["view"]: p.value for p in traced.points("ruta.projection.lag")}
        assert lags == {"custody": 2}
        relay = {p.attributes["relay"]: p.value for p in traced.points("ruta.relay.lag")}
        assert relay == {"kafka": 5}


class TestTraceContext:
    def test_a_stored_traceparent_is_continued_by_a_child_span(self) -> None:
        spans = InMemorySpanExporter()
        telemetry = Telemetry.build([SimpleSpanProcessor(spans)])
        headers: dict[str, str] = {}
        with telemetry.tracer("relay").start_as_current_span(
            "publish", context=context_from(TRACEPARENT)
        ):
            inject(headers)
        (span,) = spans.get_finished_spans()
        assert span.parent is not None
        assert span.parent.span_id == 0x00F067AA0BA902B7
        trace_id = TRACEPARENT.split("-")[1]
        assert span.context is not None
        assert headers["traceparent"] == f"00-{trace_id}-{span.context.span_id:016x}-01"

    @pytest.mark.parametrize("stored", [None, "", "no es un traceparent"])
    def test_without_a_valid_traceparent_a_new_trace_starts(self, stored: str | None) -> None:
        spans = InMemorySpanExporter()
        telemetry = Telemetry.build([SimpleSpanProcessor(spans)])
        with telemetry.tracer("relay").start_as_current_span(
            "publish", context=context_from(stored)
        ):
            assert current_traceparent() is not None
        (span,) = spans.get_finished_spans()
        assert span.parent is None

    def test_outside_any_span_there_is_no_traceparent(self) -> None:
        assert current_traceparent() is None

    def test_a_hub_without_tracing_records_none(self, hub: Hub) -> None:
        (opened,) = hub.timeline(open_adult(hub))
        assert opened.traceparent is None  # type: ignore[attr-defined]

    def test_events_stored_before_trace_context_still_load(self, traced: Traced) -> None:
        case_id = open_adult(traced.hub)
        (opened,) = traced.hub.timeline(case_id)
        stored = traced.hub.mapper.to_stored_event(opened)
        state = json.loads(stored.state)
        del state["traceparent"]
        old = traced.hub.mapper.to_domain_event(
            StoredEvent(
                originator_id=stored.originator_id,
                originator_version=stored.originator_version,
                topic=stored.topic,
                state=json.dumps(state).encode(),
            )
        )
        assert getattr(old, "traceparent", None) is None
        assert "traceparent" not in vars(old)
        assert replay(None, [old]).folio == traced.hub.get_case(case_id).folio


class TestExporters:
    def settings(self, tmp_path: Path, exporter: str) -> Settings:
        return Settings.from_env({"RUTA_DATA_DIR": str(tmp_path), "RUTA_OTEL_EXPORTER": exporter})

    def test_none_exports_nothing_yet_spans_still_carry_trace_context(self, tmp_path: Path) -> None:
        telemetry = configure(self.settings(tmp_path, "none"))
        try:
            assert telemetry.span_processors == ()
            assert telemetry.metric_readers == ()
            with telemetry.tracer("tests").start_as_current_span("command") as span:
                assert span.is_recording()
                assert current_traceparent() is not None
        finally:
            telemetry.shutdown()

    def test_console_prints_spans_in_batches_and_metrics_periodically(self, tmp_path: Path) -> None:
        telemetry = configure(self.settings(tmp_path, "console"))
        try:
            (processor,) = telemetry.span_processors
            assert isinstance(processor, BatchSpanProcessor)
            assert isinstance(processor.span_exporter, ConsoleSpanExporter)
            (reader,) = telemetry.metric_readers
            assert isinstance(reader, PeriodicExportingMetricReader)
        finally:
            telemetry.shutdown()

    def test_each_kind_builds_its_exporters(self) -> None:
        assert exporters("none") == (None, None)
        spans, metrics = exporters("console")
        assert isinstance(spans, ConsoleSpanExporter)
        assert isinstance(metrics, ConsoleMetricExporter)

    def test_otlp_builds_the_http_exporters_without_contacting_the_collector(self) -> None:
        # Built, never asked to export: nothing is sent (the collector may not exist here).
        spans, metrics = exporters("otlp")
        assert isinstance(spans, OTLPSpanExporter)
        assert isinstance(metrics, OTLPMetricExporter)

    def test_an_unknown_kind_is_refused(self) -> None:
        with pytest.raises(ValueError, match="jaeger"):
            exporters("jaeger")


def test_a_service_named_by_the_deployment_keeps_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert resource_name(Telemetry.build(service="ruta-relay")) == "ruta-relay"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "ruta-projections")
    assert resource_name(Telemetry.build(service="ruta-relay")) == "ruta-projections"


def resource_name(telemetry: Telemetry) -> object:
    return telemetry.tracer_provider.resource.attributes["service.name"]
