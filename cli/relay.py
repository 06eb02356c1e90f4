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
from contextlib import ExitStack
from datetime import UTC, datetime
from threading import Event

from adapters.bootstrap.relay import relay_tracking
from adapters.bootstrap.workers import publish
from adapters.settings import Settings
from texts.translations import translation


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
    stop = Event()
    # What the relay says of the broker (codes and class names, never an event's content).
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("adapters").setLevel(logging.INFO)
    with ExitStack() as stack:
        check = publish(settings, stack)
        # Only now: while it waits for another relay's lock (PostgreSQL), a signal stops it at
        # once, holding nothing yet.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        servers = ",".join(settings.kafka_bootstrap_servers)
        print(text["following"].format(servers=servers), flush=True)
        while not stop.wait(0.5):
            check()
    return 0


def relay_status(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.relay")
    settings = Settings.from_env()
    tracking = relay_tracking(settings)
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
