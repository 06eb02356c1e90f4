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

TEXT = {
    "es": {
        "following": "Relevo a Kafka en marcha hacia {servers}; Ctrl+C termina.",
        "no_kafka": "RUTA_KAFKA_BOOTSTRAP_SERVERS no está definida: no hay a dónde publicar.",
        "ready": "Relevo a Kafka: listo. Publicado hasta la posición {position} de {head} "
        "(faltan {lag}); último latido hace {age:.0f} s.",
        "not_ready": "Relevo a Kafka: no listo, el broker no responde ({problem}). Publicado "
        "hasta la posición {position} de {head} (faltan {lag}); último latido hace {age:.0f} s.",
        "stale": "Relevo a Kafka: no está en marcha (último estado hace {age:.0f} s). "
        "Publicado hasta la posición {position}.",
        "never": "Relevo a Kafka: sin estado; no se ha iniciado con estos datos "
        "(`ruta relay`, o `ruta serve` con RUTA_KAFKA_BOOTSTRAP_SERVERS).",
    },
    "en": {
        "following": "Kafka relay running, publishing to {servers}; Ctrl+C stops it.",
        "no_kafka": "RUTA_KAFKA_BOOTSTRAP_SERVERS is not set: there is nowhere to publish.",
        "ready": "Kafka relay: ready. Published up to position {position} of {head} ({lag} to "
        "go); last heartbeat {age:.0f} s ago.",
        "not_ready": "Kafka relay: not ready, the broker does not answer ({problem}). Published "
        "up to position {position} of {head} ({lag} to go); last heartbeat {age:.0f} s ago.",
        "stale": "Kafka relay: not running (last status {age:.0f} s ago). Published up to "
        "position {position}.",
        "never": "Kafka relay: no status; it has not run on this data (`ruta relay`, or "
        "`ruta serve` with RUTA_KAFKA_BOOTSTRAP_SERVERS).",
    },
}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    relay = commands.add_parser("relay", help="publica los eventos en Kafka (por agencia)")
    relay.set_defaults(command=run_relay)
    verbs = relay.add_subparsers(required=False, metavar="ACCIÓN")
    status = verbs.add_parser("status", help="¿está en marcha y listo? (0 sí, 1 no)")
    status.set_defaults(command=relay_status)


def run_relay(args: argparse.Namespace) -> int:
    """Publish until stopped; an error that stops the relay ends the process (exit 1 through
    the traceback), so that its supervisor starts it again from its tracked position. One relay
    per store: on SQLite a second one refuses to start, on PostgreSQL it waits and takes over
    when the first stops or dies (``adapters.role_lock``)."""
    text = TEXT[args.lang]
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
    text = TEXT[args.lang]
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
