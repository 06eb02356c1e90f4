"""``ruta serve`` (the HTTP API) and ``ruta project run`` (a view in a process of its own)."""

from __future__ import annotations

import argparse
import logging
import signal
from contextlib import ExitStack, suppress
from threading import Event

import uvicorn

from adapters.bootstrap.server import claim_server, open_server
from adapters.bootstrap.workers import keep_views
from adapters.settings import Settings
from demo.accounts import demo_accounts, demo_people, print_access
from demo.load import load_demo
from texts.translations import translation
from web.site import create_site

GRACE = 5  # seconds a stopping server gives open requests and event streams to end


def serve_api(args: argparse.Namespace) -> int:
    text = translation(args.lang).section("cli.serve")
    settings = Settings.from_env()
    with ExitStack() as stack:
        key = claim_server(settings, stack)
        if args.demo:
            print(text["demo"].format(count=len(load_demo(settings))))
        server = open_server(settings, stack, key, views_here=args.projection == "here")
        if args.demo:
            hub = server.parts.hub
            print_access(
                demo_accounts(hub),
                host=args.host,
                port=args.port,
                lang=args.lang,
                people=demo_people(hub),
            )
        print(text["listening"].format(host=args.host, port=args.port), flush=True)
        app = create_site(
            server.parts,
            cookie_key=server.cookie_key,
            time_zone=server.time_zone,
            statistics_threshold=settings.statistics_k,
            telemetry=server.telemetry,
        )
        # uvicorn shuts down on SIGTERM, then raises it again under the handler it found: this
        # one, so that the process leaves through the stack (views, relay, telemetry flushed)
        # rather than dying at once, as a container's stop would otherwise make it.
        signal.signal(signal.SIGTERM, _leave)
        with suppress(_Stopped):
            uvicorn.run(
                app,
                host=args.host,
                port=args.port,
                log_level=args.log_level,
                # An event stream lasts as long as its subscriber: do not wait for it to leave.
                timeout_graceful_shutdown=GRACE,
            )
    return 0


class _Stopped(Exception):
    """SIGTERM arrived after uvicorn's shutdown: leave through the exit stack."""


def _leave(signum: int, frame: object) -> None:
    raise _Stopped


def run_projection(args: argparse.Namespace) -> int:
    """Keep the views up to date until stopped (SIGINT or SIGTERM); the audit log's with its
    checkpoints, signed at least every ``RUTA_CHECKPOINT_INTERVAL`` while the log grows.

    Each view is kept by one process per store: on SQLite a second one refuses to start, on
    PostgreSQL it waits, saying so, and takes over when the first stops or dies. Until the
    views run, SIGTERM and SIGINT stop it at once: it holds nothing yet worth a cleanup."""
    settings = Settings.from_env()
    stop = Event()
    # What a view's lock says while it waits (roles and schemas, never data).
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with ExitStack() as stack:
        checks = keep_views(settings, stack, args.view)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        print(
            translation(args.lang).section("cli.serve")["following"].format(view=args.view),
            flush=True,
        )
        while not stop.wait(1.0):
            # Re-raises the error that stopped a runner, so the process exits and is restarted.
            for check in checks:
                check()
    return 0
