"""The waiting clients and the timed one: hundreds of pending waits held open with asyncio
streams, and requests timed one after another on a keep-alive connection beside them.

They run in a process of their own (``WaitClient``, ``python -m bench.wait_client``), so that
the clients' Python does not share the server's interpreter lock; the connections stay open
between the jobs the bench sends on stdin (one JSON line each, answered with one line). This
module imports only the standard library.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from bench.job_process import JobProcess

TIMEOUT = 120.0  # seconds any one answer may take before the figure is abandoned


class WaitFailed(RuntimeError):
    """A timed request was not answered 200, or the client process failed."""


class _Held:
    """One request held open; ``answered`` once anything comes back (a stream: once it ends)."""

    def __init__(self, writer: asyncio.StreamWriter, watcher: asyncio.Task[None]) -> None:
        self.writer = writer
        self.watcher = watcher


class _Clients:
    """The waits held by this process, kept between jobs."""

    def __init__(self) -> None:
        self.held: list[_Held] = []

    async def hold(self, port: int, waits: Sequence[Sequence[Any]]) -> dict[str, Any]:
        """Send each ``(token, path, accept)`` on a connection of its own; leave it pending."""
        for token, path, accept in waits:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            headers = {"Authorization": f"Bearer {token}"}
            if accept:
                headers["Accept"] = accept
            writer.write(_request(port, path, headers, keep_alive=False))
            await writer.drain()
            watcher = asyncio.create_task(_until_answered(reader, streamed=bool(accept)))
            self.held.append(_Held(writer, watcher))
        return {"sent": len(waits)}

    def pending(self) -> dict[str, Any]:
        return {"pending": sum(1 for h in self.held if not h.watcher.done())}

    async def release(self) -> dict[str, Any]:
        count = len(self.held)
        for held in self.held:
            held.watcher.cancel()
            held.writer.close()
        await asyncio.gather(*(h.watcher for h in self.held), return_exceptions=True)
        self.held = []
        return {"released": count}

    async def time(self, port: int, path: str, token: str | None, count: int) -> dict[str, Any]:
        """``count`` GETs of ``path``, one after another on one keep-alive connection."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        request = _request(port, path, headers, keep_alive=True)
        latencies: list[float] = []
        try:
            for _ in range(count):
                start = time.perf_counter()
                writer.write(request)
                status = await asyncio.wait_for(_response(reader), TIMEOUT)
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    raise WaitFailed(f"GET {path} answered {status}")
        finally:
            writer.close()
        return {"latencies": latencies}


def _request(port: int, path: str, headers: dict[str, str], keep_alive: bool) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _response(reader: asyncio.StreamReader) -> int:
    """Read one answer with a ``Content-Length`` body; its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(head.split(b" ", 2)[1])


async def _until_answered(reader: asyncio.StreamReader, streamed: bool) -> None:
    if streamed:  # a stream answers at once and goes on: it is pending until it ends
        while await reader.read(65536):
            continue
    else:
        await reader.read(1)


class WaitClient(JobProcess):
    """The clients' process, driven from the bench one job at a time."""

    failure = WaitFailed
    exit_wait = 60.0  # it releases its waits first

    def __init__(self) -> None:
        super().__init__("bench.wait_client")


async def _serve() -> None:
    clients = _Clients()
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        job = json.loads(line)
        op = job.pop("op")
        try:
            if op == "hold":
                answer = await clients.hold(**job)
            elif op == "pending":
                answer = clients.pending()
            elif op == "release":
                answer = await clients.release()
            else:
                answer = await clients.time(**job)
        except Exception as e:
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)
    await clients.release()


if __name__ == "__main__":
    asyncio.run(_serve())
