"""The Kafka relay of a process: its lock, tracking, reading hub, event stream and publisher."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Notification
from opentelemetry.trace import Tracer

from adapters.bootstrap.stores import store_env
from adapters.kafka_publisher import KafkaPublisher
from adapters.kafka_relay import KafkaRelay, RelayOptions
from adapters.postgres_store import ride_out_outages
from adapters.recent_records import FollowingHub
from adapters.relay_runner import RelayRunner
from adapters.relay_tracking import RELAY, RelayTracking, open_tracking, relay_env
from adapters.role_lock import hold_role
from adapters.settings import Settings
from adapters.telemetry import Telemetry
from domain.agencies import AgencyCatalogue, load_catalogue
from queries.event_stream import EventStream, StreamEvent

TRACER = "ruta.relay"


def run_relay_here(
    settings: Settings, stack: ExitStack, telemetry: Telemetry
) -> Callable[[], bool] | None:
    """The relay, run in this process when ``RUTA_KAFKA_BOOTSTRAP_SERVERS`` is set (stopped
    with ``stack``), its lag measured by ``telemetry``; returns its readiness, for ``/readyz``."""
    if not settings.kafka_bootstrap_servers:
        return None
    runner = stack.enter_context(start_relay(settings, tracer=telemetry.tracer(TRACER)))
    telemetry.register_relay_lag(runner.lag)
    return lambda: runner.ready


def start_relay(settings: Settings, tracer: Tracer | None = None, **pace: Any) -> RelayRunner:
    """The relay of the configured deployment, running; ``pace``: ``RelayOptions`` fields."""
    return relay_runner(
        store_env(settings),
        settings.data_dir,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        catalogue=load_catalogue(settings.catalogue_file),
        source=settings.log_origin,
        tracer=tracer,
        **pace,
    )


def relay_runner(
    env: dict[str, str],
    data_dir: Path | None,
    *,
    bootstrap_servers: Sequence[str],
    catalogue: AgencyCatalogue,
    source: str,
    timeout: float = 10.0,
    tracer: Tracer | None = None,
    **pace: Any,
) -> RelayRunner:
    """A running relay over the store ``env`` (its tracking under ``data_dir`` on SQLite);
    ``timeout``: seconds for the broker to acknowledge a batch; ``pace``: ``RelayOptions``."""
    with ExitStack() as stack:
        # Before anything follows the log: on PostgreSQL this waits for another relay to stop.
        lock = hold_role(RELAY.lower(), env, data_dir)
        stack.callback(lock.release)
        tracking = open_tracking(env, data_dir)
        stack.callback(tracking.close)
        # The event stream reads the cases' events with a hub of its own, from one thread.
        hub = FollowingHub({**env, "POSTGRES_POOL_SIZE": "1"}, catalogue=catalogue)
        stack.callback(hub.close)
        ride_out_outages(hub)
        options = RelayOptions(
            source=source, agencies=tuple(agency.code for agency in catalogue), **pace
        )
        publisher = KafkaPublisher(bootstrap_servers, timeout=timeout)
        audiences = _Remembered(EventStream(hub), hub)
        relay = KafkaRelay(tracking, audiences, publisher, options, tracer)
        stack.pop_all()
        return RelayRunner(relay=relay, env=relay_env(env, data_dir), on_close=hub.close, lock=lock)
    raise AssertionError("unreachable")  # pragma: no cover


def relay_tracking(settings: Settings) -> RelayTracking:
    """The relay's tracking and status row, opened to be read; close it."""
    return open_tracking(store_env(settings), settings.data_dir)


class _Remembered:
    """The event stream, its hub told of each record the relay reads before it is asked
    about it (``adapters.recent_records``)."""

    def __init__(self, stream: EventStream, hub: FollowingHub) -> None:
        self.stream = stream
        self.hub = hub

    def for_agencies(self, notification: Notification) -> dict[str, StreamEvent]:
        self.hub.remember(notification)
        return self.stream.for_agencies(notification)

    def for_audit(self, notification: Notification) -> StreamEvent | None:
        self.hub.remember(notification)
        return self.stream.for_audit(notification)
