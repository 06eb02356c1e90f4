"""The HTTP API served as ``ruta serve`` serves it, on a free loopback port, in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import uvicorn

from adapters.bootstrap import build_runtime, store_env
from adapters.projection_runtime import CaseloadRunner, start_caseload
from adapters.settings import Settings
from api.app import create_app
from api.dependencies import Parts
from domain.hub import Hub

STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Served:
    """A running API: its hub, the caseload projection beside it, and its port on 127.0.0.1."""

    hub: Hub
    runner: CaseloadRunner
    port: int


@contextmanager
def serving(settings: Settings) -> Iterator[Served]:
    """The hub, the caseload view kept in this process, and uvicorn, all stopped on exit."""
    with ExitStack() as stack:
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        hub = runtime.hub
        runner = stack.enter_context(
            start_caseload(store_env(settings), settings.data_dir, catalogue=hub.catalogue)
        )
        app = create_app(Parts(hub, caseload=runner.view))
        # Bound here, port 0: the kernel picks a free port and no one can take it meanwhile.
        # IPPROTO_TCP spelt out: asyncio sets TCP_NODELAY only on sockets that name it, and
        # without it each response waits for the client's delayed ACK (40 ms on Linux).
        listener = stack.enter_context(
            socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        )
        listener.bind(("127.0.0.1", 0))
        port = int(listener.getsockname()[1])
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="uvicorn", daemon=True
        )
        thread.start()
        stack.callback(thread.join)
        stack.callback(setattr, server, "should_exit", True)  # runs first: exits are LIFO
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        yield Served(hub, runner, port)
