"""Telemetry: the providers one process reports traces and metrics through, and trace context.

``configure(settings)`` builds them from ``RUTA_OTEL_EXPORTER``: ``none`` still creates spans, so
that trace context reaches the events and the relay, but exports nothing; ``console`` prints;
``otlp`` sends over OTLP/HTTP to the collector named by the standard ``OTEL_EXPORTER_OTLP_*``
variables. Nothing is global: the ``Telemetry`` built here is handed to the hub, the app and the
relay, and tests hand in their own (in-memory) processors and readers.

Spans and metrics carry codes (command, agency, route, outcome, positions), never personal data,
free text or places: what they name is listed in ``adapters/hub_telemetry.py`` and
``api/tracing.py``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from threading import Lock

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    MetricExporter,
    MetricReader,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from adapters.settings import Settings

LagReader = Callable[[], int]

SERVICE = "ruta"
TRACEPARENT = "traceparent"
AGENCY = "ruta.agency"  # the caller's agency code, on the request's span and the command's

_PROPAGATOR = TraceContextTextMapPropagator()
_log = logging.getLogger(__name__)


class Telemetry:
    """A tracer provider, a meter provider and the instruments Ruta records on."""

    def __init__(
        self,
        tracer_provider: TracerProvider,
        meter_provider: MeterProvider,
        span_processors: Sequence[SpanProcessor] = (),
        metric_readers: Sequence[MetricReader] = (),
    ) -> None:
        self.tracer_provider = tracer_provider
        self.meter_provider = meter_provider
        # What the providers report through, for whoever checks the configuration.
        self.span_processors = tuple(span_processors)
        self.metric_readers = tuple(metric_readers)
        meter = meter_provider.get_meter("ruta")
        self.commands = meter.create_counter(
            "ruta.commands", unit="{command}", description="hub commands run, by outcome"
        )
        self.command_duration = meter.create_histogram(
            "ruta.command.duration", unit="ms", description="how long a hub command took"
        )
        self.request_duration = meter.create_histogram(
            "http.server.request.duration",
            unit="s",
            description="how long the API took to answer a request, by route template",
        )
        self._lock = Lock()
        self._view_lags: dict[str, LagReader] = {}
        self._relay_lags: dict[str, LagReader] = {}
        meter.create_observable_gauge(
            "ruta.projection.lag",
            callbacks=[self._observe_views],
            unit="{event}",
            description="events stored that a view has not processed yet",
        )
        meter.create_observable_gauge(
            "ruta.relay.lag",
            callbacks=[self._observe_relays],
            unit="{event}",
            description="events stored that the relay has not published yet",
        )

    @classmethod
    def build(
        cls,
        span_processors: Sequence[SpanProcessor] = (),
        metric_readers: Sequence[MetricReader] = (),
        *,
        service: str = SERVICE,
    ) -> Telemetry:
        """Providers over these processors and readers (tests pass in-memory ones)."""
        # Resource.create reads OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, but a name
        # given here wins: so ``service`` is only the default, for a deployment naming none.
        named = os.environ.get("OTEL_SERVICE_NAME", "").strip()
        resource = Resource.create({} if named else {"service.name": service})
        tracer_provider = TracerProvider(resource=resource)
        for processor in span_processors:
            tracer_provider.add_span_processor(processor)
        meter_provider = MeterProvider(metric_readers=list(metric_readers), resource=resource)
        return cls(tracer_provider, meter_provider, span_processors, metric_readers)

    def tracer(self, name: str) -> trace.Tracer:
        return self.tracer_provider.get_tracer(name)

    def record_command(self, command: str, outcome: str, milliseconds: float) -> None:
        self.commands.add(1, {"command": command, "outcome": outcome})
        self.command_duration.record(milliseconds, {"command": command})

    def record_request(self, method: str, route: str | None, status: int, seconds: float) -> None:
        """One request's duration, by method, route template (never the path) and status."""
        attributes: dict[str, str | int] = {
            "http.request.method": method,
            "http.response.status_code": status,
        }
        if route is not None:
            attributes["http.route"] = route
        self.request_duration.record(seconds, attributes)

    def register_lag(self, view: str, reader: LagReader) -> None:
        """Report ``reader()`` (events behind the log's head) as ``ruta.projection.lag``."""
        with self._lock:
            self._view_lags[view] = reader

    def register_relay_lag(self, reader: LagReader, relay: str = "kafka") -> None:
        """Report ``reader()`` (events not yet published) as ``ruta.relay.lag``."""
        with self._lock:
            self._relay_lags[relay] = reader

    def shutdown(self) -> None:
        """Flush what is pending to the exporters and stop their threads."""
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()

    def _observe_views(self, options: CallbackOptions) -> Iterable[Observation]:
        return self._observe(self._view_lags, "view")

    def _observe_relays(self, options: CallbackOptions) -> Iterable[Observation]:
        return self._observe(self._relay_lags, "relay")

    def _observe(self, readers: dict[str, LagReader], key: str) -> Iterable[Observation]:
        with self._lock:
            named = list(readers.items())
        for name, reader in named:
            try:
                lag = reader()
            except Exception:  # a closed view or an unreachable store: no figure this time
                _log.debug("lag of %s %s not read", key, name, exc_info=True)
                continue
            yield Observation(max(lag, 0), {key: name})


def configure(settings: Settings, *, service: str = SERVICE) -> Telemetry:
    """The telemetry ``RUTA_OTEL_EXPORTER`` asks for; call ``shutdown`` when the process ends."""
    spans, metrics = exporters(settings.otel_exporter)
    return Telemetry.build(
        [BatchSpanProcessor(spans)] if spans is not None else [],
        [PeriodicExportingMetricReader(metrics)] if metrics is not None else [],
        service=service,
    )


def exporters(kind: str) -> tuple[SpanExporter | None, MetricExporter | None]:
    """The span and metric exporters for ``none``, ``console`` or ``otlp``.

    Building an exporter contacts nothing; the OTLP ones send only when spans or metrics are
    exported, to ``OTEL_EXPORTER_OTLP_ENDPOINT`` (default ``http://localhost:4318``).
    """
    if kind == "none":
        return None, None
    if kind == "console":
        return ConsoleSpanExporter(), ConsoleMetricExporter()
    if kind == "otlp":
        # Imported here: only a process that exports over OTLP loads it (and protobuf).
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(), OTLPMetricExporter()
    raise ValueError(f"unknown exporter {kind!r}: none, console or otlp")


# Trace context: W3C traceparent, as stored with the events and sent with Kafka messages.


def inject(carrier: dict[str, str], context: Context | None = None) -> None:
    """Write the trace context (the current one by default) into ``carrier`` (headers)."""
    _PROPAGATOR.inject(carrier, context=context)


def extract(carrier: Mapping[str, str]) -> Context:
    """The context that ``carrier`` (headers) names, or an empty one: a new trace starts."""
    return _PROPAGATOR.extract(carrier, context=Context())


def current_traceparent() -> str | None:
    """The ``traceparent`` of the span under way; None when no span is."""
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get(TRACEPARENT)


def context_from(traceparent: str | None) -> Context:
    """A context to start a child span in, continuing the trace a stored ``traceparent`` names
    (a relay's publish span, a subscriber's handling); a new trace if it is None or malformed."""
    return extract({TRACEPARENT: traceparent} if traceparent else {})


def annotate_caller(agency: str) -> None:
    """Name the caller's agency on the span under way (the request's)."""
    trace.get_current_span().set_attribute(AGENCY, agency)
