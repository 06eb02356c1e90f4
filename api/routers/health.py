"""Liveness and readiness: the store is reachable, how far the views have got, and whether the
Kafka relay of this process (``ruta serve`` with ``RUTA_KAFKA_BOOTSTRAP_SERVERS``) can publish.

Readiness reads the store through the same pools as requests do, so it says what a request
would meet: while the store does not answer, 503 ``store_unavailable`` with ``Retry-After``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from adapters.store_outage import STORE_ERRORS
from api.dependencies import parts
from api.errors import http_problem, store_unavailable
from api.schemas.responses import Health

router = APIRouter(tags=["health"])

# A view further behind the log than this is not ready to answer reads.
MAX_LAG = 1000


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is alive (no dependency is checked)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"description": "not ready"}})
def readyz(request: Request) -> Health | JSONResponse:
    """Ready when the store answers and every view in this process keeps up with the log."""
    running = parts(request)
    try:
        position = int(running.hub.recorder.max_notification_id() or 0)
        views = {
            name: int(view.max_tracking_id(running.hub.name) or 0)
            for name, view in (
                ("caseload", running.caseload),
                ("custody", running.custody),
                ("review", running.review),
                ("audit", running.audit),
            )
            if view is not None
        }
    except STORE_ERRORS:
        return store_unavailable(request)
    if any(position - reached > MAX_LAG for reached in views.values()):
        return http_problem(request, 503)
    # Kafka is not the source of truth: while the relay cannot publish, commands are still
    # accepted and recorded, so the API stays ready and says how the relay is.
    relay = None if running.relay_ready is None else _relay_state(running.relay_ready())
    return Health(status="ready", position=position, views=views, relay=relay)


def _relay_state(ready: bool) -> str:
    return "ready" if ready else "not_ready"
