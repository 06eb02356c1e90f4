"""``ruta subscribe``: print an agency's events as they arrive, from Kafka or the HTTP feed.

``ruta subscribe --agency CODE [--group G] [--from-beginning]`` reads ``ruta.agency.<code>`` as a
member of a consumer group (``ruta-subscribe-<code>`` by default; ``--from-beginning`` reads the
topic from its start when the group has committed nothing yet) from the brokers of
``--bootstrap`` or ``RUTA_KAFKA_BOOTSTRAP_SERVERS``. ``ruta subscribe --feed URL`` reads the hub's
``GET /feed`` instead, as the account of the token in ``RUTA_TOKEN`` or in ``--token-file FILE``
(``--token T`` works too, but every user of the machine sees it in the process list;
``--cursor-file`` keeps the place between runs). Either way an event is committed only once
printed, and a repeated delivery (the same ``id``) is printed once. ``--json`` prints each event
as one CloudEvent in JSON a line; ``--count N`` stops after N events. Only events go to stdout;
what the command says goes to stderr. Brokers or a hub that cannot be reached are said in
words, with exit code 3.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Mapping
from contextlib import closing
from threading import Event
from typing import Any
from urllib.parse import urlsplit

from opentelemetry.trace import Tracer

from adapters.settings import Settings
from adapters.subscriber import (
    PATIENCE,
    FeedRefused,
    Unreachable,
    agency_consumer,
    follow_feed,
    follow_topic,
)
from adapters.telemetry import configure
from texts.translations import translation

TRACER = "ruta.subscriber"
TOKEN_VARIABLE = "RUTA_TOKEN"  # noqa: S105 (the name of the variable, not a token)
UNREACHABLE = 3  # the exit code when the brokers or the hub cannot be reached


def subscribe_events(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.subscribe")
    stop = Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    def handle(event: dict[str, Any]) -> None:
        print(shown(event, text["line"], as_json=args.json), flush=True)

    settings = Settings.from_env()
    # kafka-python's own warnings (in English, with addresses) would bury the command's words.
    logging.getLogger("kafka").setLevel(logging.CRITICAL)
    telemetry = configure(settings, service="ruta-subscribe")  # RUTA_OTEL_EXPORTER's choice
    try:
        return _subscribe(args, text, handle, stop, settings, telemetry.tracer(TRACER))
    except Unreachable:
        where = text["unreachable_feed" if args.feed else "unreachable_kafka"]
        print(f"ruta: {where}", file=sys.stderr)
        return UNREACHABLE
    finally:
        telemetry.shutdown()


def _subscribe(
    args: argparse.Namespace,
    text: Mapping[str, str],
    handle: Any,
    stop: Event,
    settings: Settings,
    tracer: Tracer,
) -> int:
    if args.feed:
        return _from_feed(args, text, handle, stop, tracer)
    servers = (
        tuple(s.strip() for s in args.bootstrap.split(",") if s.strip())
        if args.bootstrap
        else settings.kafka_bootstrap_servers
    )
    if not servers:
        print(f"ruta: {text['no_kafka']}", file=sys.stderr)
        return 2
    group = args.group or f"ruta-subscribe-{args.agency}"
    consumer = agency_consumer(servers, args.agency, group, from_beginning=args.from_beginning)
    with closing(consumer):
        topic = f"ruta.agency.{args.agency}"
        said = text["following_topic"].format(agency=args.agency, topic=topic, group=group)
        print(said, file=sys.stderr, flush=True)
        follow_topic(consumer, handle, stop, count=args.count, tracer=tracer, patience=PATIENCE)
    return 0


def _from_feed(
    args: argparse.Namespace, text: Mapping[str, str], handle: Any, stop: Event, tracer: Tracer
) -> int:
    if urlsplit(args.feed).scheme not in ("http", "https"):
        print(f"ruta: {text['bad_url']}", file=sys.stderr)
        return 2
    try:
        token = account_token(args)
    except OSError:
        print(f"ruta: {text['unreadable_token'].format(path=args.token_file)}", file=sys.stderr)
        return 2
    if not token:
        print(f"ruta: {text['no_token']}", file=sys.stderr)
        return 2
    said = text["following_feed"].format(url=args.feed, after=args.after)
    print(said, file=sys.stderr, flush=True)
    try:
        follow_feed(
            args.feed,
            token,
            handle,
            stop,
            after=args.after,
            cursor_file=args.cursor_file,
            count=args.count,
            tracer=tracer,
        )
    except FeedRefused as e:
        print(f"ruta: {text['refused'].format(status=e.status, title=e.title)}", file=sys.stderr)
        return 1
    return 0


def account_token(args: argparse.Namespace) -> str:
    """The feed's token: ``--token-file``'s first line, else ``--token``, else ``RUTA_TOKEN``."""
    if args.token_file is not None:
        lines = args.token_file.read_text(encoding="utf-8").splitlines()
        return lines[0].strip() if lines else ""
    return str(args.token or os.environ.get(TOKEN_VARIABLE, "")).strip()


def shown(event: dict[str, Any], line: str, *, as_json: bool = False) -> str:
    """One line for an event: the CloudEvent itself in JSON, or what a person reads first."""
    if as_json:
        return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    data = event.get("data") or {}
    return line.format(
        time=event.get("time", "?"),
        type=event.get("type", "?"),
        subject=event.get("subject", "?"),
        position=event.get("position", data.get("position", "?")),
        id=event.get("id", "?"),
    )
