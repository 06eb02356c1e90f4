"""What the HTTP API is handed: the hub, the feed's event stream, the log watch, the views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from adapters.authentication_cache import cache_authentication
from adapters.checkpoints import Checkpointer
from adapters.log_watch import LogWatch
from adapters.settings import Settings
from domain.hub import Hub
from projections.audit_log import AuditLogView
from projections.caseload import CaseloadView
from projections.custody_chain import CustodyChainView
from projections.review import ReviewView
from queries.event_stream import EventStream
from queries.folios import Folios

LOG = "log"  # the log watch's name for the hub's log: its head position


@dataclass(frozen=True)
class Parts:
    """What a running API holds, all built before it: the hub; the feed's one event stream (it
    keeps the cases it has read, for every caller); the one log watch that its long polls,
    streams and ``min_position`` reads wait on; and the views when this process has them."""

    hub: Hub
    events: EventStream
    watch: LogWatch
    folios: Folios  # the folios this process has read, for answers that name cases
    caseload: CaseloadView | None = None  # views are waited on for ?min_position=
    custody: CustodyChainView | None = None
    review: ReviewView | None = None
    audit: AuditLogView | None = None
    checkpointer: Checkpointer | None = None  # signs checkpoints on demand (POST)
    wait_timeout: float = 5.0
    relay_ready: Callable[[], bool] | None = None  # the Kafka relay, when this process runs it
    origin: str = Settings.log_origin  # the log's name: checkpoints' origin, events' source
    retention_years: int | None = None  # RUTA_RETENTION_YEARS: None, no retention schedule


def api_parts(
    hub: Hub,
    *,
    caseload: CaseloadView | None = None,
    custody: CustodyChainView | None = None,
    review: ReviewView | None = None,
    audit: AuditLogView | None = None,
    checkpointer: Checkpointer | None = None,
    wait_timeout: float = 5.0,
    relay_ready: Callable[[], bool] | None = None,
    origin: str = Settings.log_origin,
    retention_years: int | None = None,
) -> Parts:
    """The API's parts around ``hub`` and the views given. The log watch follows the log's
    head and the position of each view waited on here; its thread runs only while someone
    waits, and the app closes it when it shuts down. The hub's ``authenticate`` goes through
    a cache checked against the log (``adapters.authentication_cache``)."""
    cache_authentication(hub)
    waited = {"caseload": caseload, "custody": custody, "review": review}
    watch = LogWatch(positions(hub, {name: v for name, v in waited.items() if v is not None}))
    return Parts(
        hub,
        EventStream(hub),
        watch,
        Folios(hub),
        caseload=caseload,
        custody=custody,
        review=review,
        audit=audit,
        checkpointer=checkpointer,
        wait_timeout=wait_timeout,
        relay_ready=relay_ready,
        origin=origin,
        retention_years=retention_years,
    )


def positions(hub: Hub, views: dict[str, Any]) -> dict[str, Callable[[], int]]:
    """What the log watch follows: the log's head, and the tracking position of ``views``."""
    found: dict[str, Callable[[], int]] = {
        LOG: lambda: int(hub.recorder.max_notification_id() or 0)
    }
    for name, view in views.items():
        found[name] = _tracked(view, hub.name)
    return found


def _tracked(view: Any, application_name: str) -> Callable[[], int]:
    return lambda: int(view.max_tracking_id(application_name) or 0)
