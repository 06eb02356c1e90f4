"""A server span per HTTP request, continuing the caller's trace when it sends ``traceparent``,
and its duration as ``http.server.request.duration``.

The span is named by method and route template (``POST /cases/{case_id}/referrals``), never by
the path or the query, which hold ids and filters; it records the method, the route, the status
and (set by ``api.dependencies.actor``) the caller's agency, nothing of the body.
"""

from __future__ import annotations

import time

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.telemetry import Telemetry, extract

# Any other method is named _OTHER (as the HTTP semantic conventions say): what a client sends
# there is not ours to record.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
PROPAGATED = (b"traceparent", b"tracestate")


class RequestSpans:
    """ASGI middleware: one ``SERVER`` span around each HTTP request."""

    def __init__(self, app: ASGIApp, telemetry: Telemetry) -> None:
        self.app = app
        self.telemetry = telemetry
        self.tracer = telemetry.tracer("ruta.api")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"] if scope["method"] in METHODS else "_OTHER"
        status = 500  # unless the app answers
        started = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        with self.tracer.start_as_current_span(
            method,
            context=extract(_propagated(scope)),
            kind=trace.SpanKind.SERVER,
            attributes={"http.request.method": method},
            record_exception=False,  # an error's message may quote the request
            set_status_on_exception=False,
        ) as span:
            try:
                await self.app(scope, receive, sending)
            except Exception as e:
                span.set_attribute("error.type", type(e).__name__)
                raise
            finally:
                route = _route(scope)
                _finish(span, method, route, status)
                elapsed = time.perf_counter() - started
                self.telemetry.record_request(method, route, status, elapsed)


def _propagated(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1"): value.decode("latin-1")
        for name, value in scope.get("headers") or []
        if name in PROPAGATED
    }


def _route(scope: Scope) -> str | None:
    """The matched route's template; the router leaves the route in the scope it was given."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else None


def _finish(span: trace.Span, method: str, route: str | None, status: int) -> None:
    if route is not None:
        span.update_name(f"{method} {route}")
        span.set_attribute("http.route", route)
    span.set_attribute("http.response.status_code", status)
    if status >= 500:
        span.set_status(Status(StatusCode.ERROR))
