"""The API stays responsive under 504 pending waits of 63 accounts (8 each: long polls, an event
stream and a ``min_position`` wait), served by uvicorn on loopback with its default threadpool
of 40 threads: waits hold no thread. Behaviour, not timing: ``bench/waits.py`` has the figures."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.agencies import Participation
from tests.e2e.conftest import OPERATOR, detection
from tests.e2e.held import Held, Served, ask, hold, sqlite_served

ACCOUNTS = 63
PER_ACCOUNT = 8


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from sqlite_served(tmp_path)


def test_health_and_reads_answer_while_504_waits_of_63_accounts_are_pending(
    served: Served,
) -> None:
    hub = served.api.hub
    agencies = [a.code for a in hub.catalogue if a.participation == Participation.CASE_PARTY]
    with hub.acting_as(OPERATOR):
        tokens = [
            hub.open_account(agencies[i % len(agencies)], ["caseworker"], label=f"load {i}").token
            for i in range(ACCOUNTS)
        ]
    case = served.api.post("/cases", "sedetur", detection()).json()["case_id"]
    head = served.head()
    waits = [f"/feed?after={head}&wait=60"] * 6 + [f"/cases?min_position={head + 1000}"]
    reader = served.api.token("sedetur")

    async def hold_eight(token: str) -> list[Held]:
        held = [await hold(served.port, path, token) for path in waits]
        return [*held, await hold(served.port, "/feed", token, Accept="text/event-stream")]

    async def scenario() -> None:
        held = [h for group in await asyncio.gather(*map(hold_eight, tokens)) for h in group]
        await served.until_held(ACCOUNTS * PER_ACCOUNT)
        health = await ask(served.port, "/healthz")
        read = await ask(served.port, f"/cases/{case}", reader)
        feed = await ask(served.port, "/feed?wait=0", reader)
        ninth = await ask(served.port, waits[0], tokens[0])
        pending = served.held()
        await asyncio.gather(*(h.close() for h in held))
        await served.until_held(0)
        assert len(held) == 504
        assert (health.status, read.status, feed.status) == (200, 200, 200)
        assert read.json()["case_id"] == case
        assert ninth.status == 429
        assert ninth.headers["retry-after"].isdigit()
        assert pending == 504  # every wait was still pending while the others answered

    asyncio.run(scenario())
