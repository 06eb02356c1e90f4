"""``ruta serve`` (the HTTP API) and ``ruta project run`` (a view in a process of its own)."""

from __future__ import annotations

import argparse
import logging
import signal
from collections.abc import Callable
from contextlib import ExitStack, suppress
from threading import Event
from typing import Any

import uvicorn

from adapters.bootstrap import build_runtime, store_env
from adapters.checkpoints import Checkpointer, CheckpointWriter
from adapters.deployment_keys import checkpoint_key, prepare, prepare_data_dir
from adapters.hub_telemetry import watch_views
from adapters.projection_runtime import (
    open_view,
    start_audit,
    start_caseload,
    start_custody,
    start_review,
)
from adapters.role_lock import hold_role
from adapters.settings import Settings
from adapters.telemetry import configure
from adapters.views import Views, open_views, start_views
from api.app import create_app
from api.dependencies import Parts
from cli.project import add_rebuild
from cli.relay import serve_relay
from demo.accounts import demo_accounts, print_access
from domain.agencies import load_catalogue
from projections.caseload import CaseloadProjection
from texts.translations import Translation, translation

SERVER = "serve"  # the role of ``ruta serve`` on an SQLite data directory: serve.lock

GRACE = 5  # seconds a stopping server gives open requests and event streams to end


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], t: Translation
) -> None:
    serve = commands.add_parser("serve", help=t("cli.help.serve"))
    serve.add_argument("--host", default="127.0.0.1", help=t("cli.help.serve_host"))
    serve.add_argument("--port", type=int, default=8000, help=t("cli.help.serve_port"))
    serve.add_argument(
        "--projection",
        choices=("here", "elsewhere"),
        default="here",
        help=t("cli.help.serve_projection"),
    )
    serve.add_argument("--demo", action="store_true", help=t("cli.help.serve_demo"))
    serve.add_argument("--log-level", default="warning", help=t("cli.help.serve_log_level"))
    serve.set_defaults(command=serve_api)
    project = commands.add_parser("project", help=t("cli.help.project"))
    verbs = project.add_subparsers(required=True, metavar=t("cli.help.action"))
    run = verbs.add_parser("run", help=t("cli.help.project_run"))
    run.add_argument(
        "view", choices=("caseload", "custody", "review", "audit", "all"), help=t("cli.help.view")
    )
    run.set_defaults(command=run_projection)
    add_rebuild(verbs, t)


def serve_api(args: argparse.Namespace) -> int:
    from cli.main import load_demo  # the demo lives with the other CLI verbs

    text = translation(args.lang).section("cli.serve")
    settings = Settings.from_env()
    # Keys first: made on a first run, refused if missing later, before anything is written.
    prepare(settings)
    key = checkpoint_key(settings)
    with ExitStack() as stack:
        if settings.embedded:
            # One server per SQLite data directory (views kept here or not); on PostgreSQL the
            # API is stateless and runs as many replicas as wanted, and the views' locks order
            # their keepers.
            stack.callback(hold_role(SERVER, store_env(settings), settings.data_dir).release)
        if args.demo:
            print(text["demo"].format(count=len(load_demo(settings))))
        telemetry = configure(settings)  # flushed at exit if what follows fails
        runtime = build_runtime(settings, telemetry=telemetry)
        stack.callback(runtime.close)
        hub = runtime.hub
        env = store_env(settings)
        if args.projection == "here":
            views = start_views(env, settings.data_dir, catalogue=hub.catalogue)
        else:
            views = open_views(env, settings.data_dir)
        stack.callback(views.close)
        watch_views(telemetry, hub, _by_name(views))
        stack.callback(telemetry.shutdown)  # first on the way out: the views are still open
        signer = Checkpointer(views.audit, key, settings.log_origin)  # on demand, here too
        if args.projection == "here":
            stack.enter_context(CheckpointWriter(signer, settings.checkpoint_interval))
        relay_ready = serve_relay(settings, stack, telemetry) if args.projection == "here" else None
        if args.demo:
            print_access(demo_accounts(hub), host=args.host, port=args.port, lang=args.lang)
        print(text["listening"].format(host=args.host, port=args.port), flush=True)
        parts = Parts(
            hub,
            caseload=views.caseload,
            custody=views.custody,
            review=views.review,
            audit=views.audit,
            checkpointer=signer,
            relay_ready=relay_ready,
            origin=settings.log_origin,  # the feed's ce_source, as the relay's
        )
        app = create_app(parts, statistics_threshold=settings.statistics_k, telemetry=telemetry)
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


def _by_name(views: Views) -> dict[str, Any]:
    return {
        "caseload": views.caseload,
        "custody": views.custody,
        "review": views.review,
        "audit": views.audit,
    }


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
    catalogue = load_catalogue(settings.catalogue_file)
    env = store_env(settings)
    prepare_data_dir(settings)
    key = checkpoint_key(settings) if args.view in ("audit", "all") else None
    with ExitStack() as stack:
        kept: Any
        if args.view == "all":
            kept = stack.enter_context(start_views(env, settings.data_dir, catalogue=catalogue))
            checks: list[Callable[[], None]] = [kept.check]
        else:
            if args.view == "caseload":
                kept = start_caseload(env, settings.data_dir, catalogue=catalogue)
            elif args.view == "custody":
                kept = start_custody(env, settings.data_dir)
            elif args.view == "audit":
                kept = start_audit(env, settings.data_dir)
            else:
                kept = start_review(env, settings.data_dir, catalogue=catalogue)
            stack.enter_context(kept)
            checks = [lambda: kept.run_forever(timeout=0.01)]
        if key is not None:
            audit = kept.audit if args.view == "all" else kept.view
            signer = Checkpointer(audit, key, settings.log_origin)
            writer = stack.enter_context(CheckpointWriter(signer, settings.checkpoint_interval))
            checks.append(writer.check)
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


def open_caseload_view(settings: Settings) -> Any:
    """The caseload view another process keeps, opened to be read."""
    return open_view(CaseloadProjection.name, store_env(settings), settings.data_dir)
