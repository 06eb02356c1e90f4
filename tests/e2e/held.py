"""A served API (uvicorn on loopback, SQLite, the caseload view in the process, as ``ruta
serve`` runs) and requests held open against it with plain asyncio streams, many at once.

A long poll, an event stream or a ``min_position`` wait is sent and left pending; ``answer``
reads what came back, ``close`` leaves as a client that gives up does. ``ask`` sends one
request and reads its whole answer (``Connection: close``).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.view_runners import start_caseload
from api.app import create_app
from domain.agencies import load_catalogue
from domain.hub import Hub
from tests.e2e.conftest import Api
from tests.fakes import FakeSealer, ManualClock
from tests.served import serving

DEADLINE = 60.0  # seconds; generous, never reached when the behaviour holds


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Held:
    """One request sent on a connection of its own, its answer not read yet."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    path: str
    head: bytes = field(default=b"")

    async def status(self, timeout: float = DEADLINE) -> int:
        """The answer's status code, once the server has started answering."""
        if not self.head:
            self.head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
        return int(self.head.split(b" ", 2)[1])

    async def answer(self, timeout: float = DEADLINE) -> Answer:
        """The whole answer (the server closes the connection after it)."""
        await self.status(timeout)
        body = await asyncio.wait_for(self.reader.read(), timeout)
        return _answer(self.head + body)

    async def line(self, timeout: float = DEADLINE) -> bytes:
        """The next line of a streamed body (chunk sizes included: enough for ``in`` tests)."""
        await self.status(timeout)
        return await asyncio.wait_for(self.reader.readline(), timeout)

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except ConnectionError:
            return


async def hold(port: int, path: str, token: str | None = None, **headers: str) -> Held:
    """Send ``GET path`` on a new connection and leave its answer unread."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), DEADLINE)
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if token is not None:
        lines.append(f"Authorization: Bearer {token}")
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    return Held(reader, writer, path)


async def ask(port: int, path: str, token: str | None = None, **headers: str) -> Answer:
    """One request and its whole answer."""
    held = await hold(port, path, token, **headers)
    try:
        return await held.answer()
    finally:
        await held.close()


def _answer(raw: bytes) -> Answer:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _unchunked(body)
    return Answer(int(status_line.split(" ", 2)[1]), headers, body)


def _unchunked(body: bytes) -> bytes:
    found = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        found += rest[:size]
        body = rest[size + 2 :]
    return found


@dataclass
class Served:
    """The API on a loopback port, the app (to see how many waits it holds), and a client."""

    api: Api
    app: FastAPI
    port: int

    def account(self, agency: str, role: str = "caseworker") -> tuple[str, str]:
        token = self.api.token(agency, role)
        return token, self.api.hub.authenticate(token).account

    def held(self, account: str | None = None) -> int:
        return int(self.app.state.waits.limits.held(account))

    def head(self) -> int:
        return int(self.api.hub.recorder.max_notification_id() or 0)

    async def until_held(self, count: int, account: str | None = None) -> None:
        deadline = time.monotonic() + DEADLINE
        while self.held(account) != count:
            assert time.monotonic() < deadline, f"{self.held(account)} waits held, not {count}"
            await asyncio.sleep(0.01)


def sqlite_served(tmp_path: Path, **options: Any) -> Iterator[Served]:
    """The served API for a fixture to yield from; ``options`` go to ``create_app``."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "r.db")}
    hub = Hub(env, sealer=FakeSealer(), clock=ManualClock())
    try:
        with start_caseload(env, tmp_path, catalogue=load_catalogue()) as runner:
            app = create_app(api_parts(hub, caseload=runner.view, wait_timeout=30.0), **options)
            with serving(app) as port:
                yield Served(Api(TestClient(app), hub), app, port)
    finally:
        hub.close()
