"""``ruta relay`` (publish the hub's events to Kafka) and ``ruta relay status`` (health check).

``ruta relay`` follows the log until stopped (SIGINT or SIGTERM) and needs
``RUTA_KAFKA_BOOTSTRAP_SERVERS``; ``ruta serve`` runs the same relay in its own process when that
variable is set (and it keeps the views). ``ruta relay status`` reads the status row the running
relay rewrites every second (``adapters.relay_tracking``) and exits 0 when the relay is running
and the broker acknowledges it, 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from threading import Event
from typing import Any

from eventsourcing.persistence import Notification
from opentelemetry.trace import Tracer

from adapters.bootstrap import store_env
from adapters.deployment_keys import prepare_data_dir
from adapters.kafka_publisher import KafkaPublisher
from adapters.kafka_relay import KafkaRelay, RelayOptions
from adapters.postgres_store import ride_out_outages
from adapters.recent_records import FollowingHub
from adapters.relay_runner import RelayRunner
from adapters.relay_tracking import RELAY, open_tracking, relay_env
from adapters.role_lock import hold_role
from adapters.settings import Settings
from adapters.telemetry import Telemetry, configure
from domain.agencies import AgencyCatalogue, load_catalogue
from queries.event_stream import EventStream, StreamEvent
from texts.translations import Translation, translation

TRACER = "ruta.relay"


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], t: Translation
) -> None:
    relay = commands.add_parser("relay", help=t("cli.help.relay"))
    relay.set_defaults(command=run_relay)
    verbs = relay.add_subparsers(required=False, metavar=t("cli.help.action"))
    status = verbs.add_parser("status", help=t("cli.help.relay_status"))
    status.set_defaults(command=relay_status)


def run_relay(args: argparse.Namespace) -> int:
    """Publish until stopped; an error that stops the relay ends the process (exit 1 through
    the traceback), so that its supervisor starts it again from its tracked position. One relay
    per store: on SQLite a second one refuses to start, on PostgreSQL it waits and takes over
    when the first stops or dies (``adapters.role_lock``)."""
    text = translation(args.lang).section("cli.relay")
    settings = Settings.from_env()
    if not settings.kafka_bootstrap_servers:
        print(f"ruta: {text['no_kafka']}", file=sys.stderr)
        return 2
    prepare_data_dir(settings)
    stop = Event()
    # What the relay says of the broker (codes and class names, never an event's content).
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("adapters").setLevel(logging.INFO)
    with ExitStack() as stack:
        telemetry = configure(settings, service="ruta-relay")
        stack.callback(telemetry.shutdown)
        runner = stack.enter_context(start_relay(settings, tracer=telemetry.tracer(TRACER)))
        telemetry.register_relay_lag(runner.lag)
        # Only now: while it waits for another relay's lock (PostgreSQL), a signal stops it at
        # once, holding nothing yet.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        servers = ",".join(settings.kafka_bootstrap_servers)
        print(text["following"].format(servers=servers), flush=True)
        while not stop.wait(0.5):
            runner.run_forever(timeout=0)  # re-raises the error that stopped it
    return 0


def relay_status(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.relay")
    settings = Settings.from_env()
    tracking = open_tracking(store_env(settings), settings.data_dir)
    try:
        status = tracking.status()
    finally:
        tracking.close()
    if status is None:
        print(text["never"])
        return 1
    now = datetime.now(UTC)
    age = (now - status.beat_at).total_seconds()
    shown = {"position": status.position, "head": status.head, "lag": status.lag, "age": age}
    if not status.is_running(now):
        print(text["stale"].format(**shown))
        return 1
    if not status.ready:
        print(text["not_ready"].format(problem=status.problem or "?", **shown))
        return 1
    print(text["ready"].format(**shown))
    return 0


def serve_relay(
    settings: Settings, stack: ExitStack, telemetry: Telemetry
) -> Callable[[], bool] | None:
    """``ruta serve``'s relay, run in its process when ``RUTA_KAFKA_BOOTSTRAP_SERVERS`` is set
    (stopped with ``stack``); returns its readiness, for ``/readyz``."""
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
