"""An ASGI app served by uvicorn on a free loopback port, in a thread: for what needs a real
connection (Server-Sent Events, HTTP benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import uvicorn

STARTUP_TIMEOUT = 30.0


@contextmanager
def serving(app: Any, lifespan: Literal["auto", "on", "off"] = "auto") -> Iterator[int]:
    """The port ``app`` answers on at 127.0.0.1 until the block ends (``lifespan="off"``: a
    second app over the parts of another, whose shutdown must not close them)."""
    # Bound here, port 0: the kernel picks a free port and no one can take it meanwhile.
    # IPPROTO_TCP spelt out: asyncio sets TCP_NODELAY only on sockets that name it, and
    # without it each response waits for the client's delayed ACK (40 ms on Linux).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as listener:
        listener.bind(("127.0.0.1", 0))
        port = int(listener.getsockname()[1])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [listener]}, name="uvicorn", daemon=True
        )
        thread.start()
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start")
                time.sleep(0.01)
            yield port
        finally:
            server.should_exit = True
            thread.join()
