"""The HTTP API served as ``ruta serve`` serves it, on a free loopback port, in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from fastapi import FastAPI

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.view_runners import start_caseload
from adapters.settings import Settings
from adapters.view_runner import CaseloadRunner
from api.app import create_app
from domain.hub import Hub
from tests.served import serving as serving_app


@dataclass(frozen=True)
class Served:
    """A running API: its hub, the caseload projection beside it, the app, and its port on
    127.0.0.1."""

    hub: Hub
    runner: CaseloadRunner
    port: int
    app: FastAPI


@contextmanager
def serving(settings: Settings, wait_timeout: float = 5.0) -> Iterator[Served]:
    """The hub, the caseload view kept in this process, and uvicorn, all stopped on exit;
    ``?min_position=`` waits up to ``wait_timeout`` seconds."""
    with ExitStack() as stack:
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        hub = runtime.hub
        runner = stack.enter_context(
            start_caseload(store_env(settings), settings.data_dir, catalogue=hub.catalogue)
        )
        app = create_app(api_parts(hub, caseload=runner.view, wait_timeout=wait_timeout))
        port = stack.enter_context(serving_app(app))
        yield Served(hub, runner, port, app)
