"""``ruta serve`` (the HTTP API) and ``ruta project run`` (a view in a process of its own)."""

from __future__ import annotations

import argparse
import signal
from contextlib import ExitStack
from threading import Event
from typing import Any

import uvicorn
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from adapters.bootstrap import build_runtime, store_env
from adapters.projection_runtime import caseload_env, start_caseload
from adapters.settings import Settings
from api.app import create_app
from api.demo_accounts import demo_accounts, print_access
from api.dependencies import Parts
from projections.caseload import CaseloadProjection, CaseloadView
from projections.caseload_postgres import PostgresCaseloadView
from projections.caseload_sqlite import SQLiteCaseloadView

TEXT = {
    "es": {
        "listening": "Ruta escucha en http://{host}:{port} (documentación: /docs). Ctrl+C termina.",
        "demo": "{count} expedientes de demostración cargados.",
        "following": "Proyección «caseload» en marcha; Ctrl+C termina.",
    },
    "en": {
        "listening": "Ruta listens on http://{host}:{port} (docs: /docs). Ctrl+C stops it.",
        "demo": "{count} demo cases loaded.",
        "following": "Projection 'caseload' running; Ctrl+C stops it.",
    },
}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="sirve la API HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--projection",
        choices=("here", "elsewhere"),
        default="here",
        help="run the caseload view in this process, or read the one `ruta project run` keeps",
    )
    serve.add_argument("--demo", action="store_true", help="carga la demostración y sus cuentas")
    serve.add_argument("--log-level", default="warning")
    serve.set_defaults(command=serve_api)
    project = commands.add_parser("project", help="vistas (proyecciones)")
    verbs = project.add_subparsers(required=True, metavar="ACCIÓN")
    run = verbs.add_parser("run", help="mantiene una vista al día, en este proceso")
    run.add_argument("view", choices=("caseload",))
    run.set_defaults(command=run_projection)


def serve_api(args: argparse.Namespace) -> int:
    from api.cli import load_demo  # the demo lives with the other CLI verbs

    text = TEXT[args.lang]
    settings = Settings.from_env()
    if args.demo:
        print(text["demo"].format(count=len(load_demo(settings))))
    with ExitStack() as stack:
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        hub = runtime.hub
        if args.projection == "here":
            runner = stack.enter_context(
                start_caseload(store_env(settings), settings.data_dir, catalogue=hub.catalogue)
            )
            view: CaseloadView = runner.view
        else:
            view = open_caseload_view(settings)
            stack.callback(view.close)
        if args.demo:
            print_access(demo_accounts(hub), host=args.host, port=args.port, lang=args.lang)
        print(text["listening"].format(host=args.host, port=args.port), flush=True)
        app = create_app(Parts(hub, caseload=view), statistics_threshold=settings.statistics_k)
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


def run_projection(args: argparse.Namespace) -> int:
    """Keep the view up to date until stopped (SIGINT or SIGTERM)."""
    settings = Settings.from_env()
    stop = Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with start_caseload(store_env(settings), settings.data_dir) as runner:
        print(TEXT[args.lang]["following"], flush=True)
        while not stop.wait(1.0):
            runner.run_forever(timeout=0.01)  # re-raises an error of the processing thread
    return 0


def open_caseload_view(settings: Settings) -> CaseloadView:
    """The view another process keeps, opened here to be read."""
    env: dict[str, Any] = caseload_env(store_env(settings), settings.data_dir)
    view_class: type[CaseloadView] = (
        SQLiteCaseloadView if settings.postgres is None else PostgresCaseloadView
    )
    factory = InfrastructureFactory[CaseloadView].construct(
        env=Environment(CaseloadProjection.name, env)
    )
    return factory.tracking_recorder(view_class)
