"""Waiting without holding a thread: long polls, event streams and ``min_position`` waits, each
account within its limit, on a served API (uvicorn on loopback) over SQLite with the caseload
view in the process, as ``ruta serve`` runs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.view_runners import start_caseload
from api.app import create_app
from domain.agencies import load_catalogue
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.e2e.held import DEADLINE, Held, Served, ask, hold, sqlite_served
from tests.fakes import FakeSealer, ManualClock


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from sqlite_served(tmp_path)


def long_poll(served: Served, wait: float = 30) -> str:
    return f"/feed?after={served.head()}&wait={wait}"


async def held_waits(served: Served, token: str, paths: list[str]) -> list[Held]:
    return [await hold(served.port, path, token) for path in paths]


async def close_all(held: list[Held]) -> None:
    await asyncio.gather(*(h.close() for h in held))


def test_a_ninth_wait_of_an_account_is_a_429_with_retry_after_in_the_reader_s_language(
    served: Served,
) -> None:
    token, account = served.account("dif")

    async def scenario() -> None:
        held = await held_waits(served, token, [long_poll(served)] * 8)
        await served.until_held(8, account)
        spanish = await ask(served.port, long_poll(served), token)
        english = await ask(served.port, long_poll(served), token, Accept_Language="en")
        other, _ = served.account("sedetur")
        answered = await ask(served.port, long_poll(served, wait=0.05), other)
        pending = served.held(account)
        await close_all(held)
        assert (spanish.status, english.status) == (429, 429)
        for refused in (spanish, english):
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert refused.headers["retry-after"].isdigit()
            assert refused.json()["status"] == 429
        assert spanish.json()["title"] == "Demasiadas esperas simultáneas"
        assert english.json()["title"] == "Too many concurrent waits"
        assert answered.status == 200  # another account is not refused
        assert pending == 8

    asyncio.run(scenario())


def test_a_wait_gives_its_place_back_when_its_client_leaves(served: Served) -> None:
    token, account = served.account("dif")

    async def scenario() -> int:
        held = await held_waits(served, token, [long_poll(served)] * 8)
        await served.until_held(8, account)
        await close_all(held)
        await served.until_held(0, account)
        return (await ask(served.port, long_poll(served, wait=0.05), token)).status

    assert asyncio.run(scenario()) == 200


def test_streams_and_min_position_waits_count_against_the_same_limit(served: Served) -> None:
    token, account = served.account("dif")
    far = served.head() + 1000

    async def scenario() -> None:
        paths = [long_poll(served)] * 6 + [f"/cases?min_position={far}"]
        held = await held_waits(served, token, paths)
        held.append(await hold(served.port, "/feed", token, Accept="text/event-stream"))
        await served.until_held(8, account)
        stream = await ask(served.port, "/feed", token, Accept="text/event-stream")
        caseload = await ask(served.port, f"/cases?min_position={far}", token)
        reached = await ask(served.port, "/cases?min_position=0", token)
        await close_all(held)
        await served.until_held(0)
        assert (stream.status, caseload.status) == (429, 429)
        assert reached.status == 200  # a position already reached needs no wait

    asyncio.run(scenario())


def test_a_min_position_wait_answers_once_the_view_reaches_the_position(
    served: Served,
) -> None:
    token, account = served.account("sedetur")
    target = served.head() + 2  # a detection saves the case and its folio

    async def scenario() -> tuple[int, Any, int]:
        waiting = await hold(served.port, f"/cases?min_position={target}", token)
        await served.until_held(1, account)
        opened = await asyncio.to_thread(served.api.post, "/cases", "sedetur", detection())
        answer = await waiting.answer()
        await waiting.close()
        return answer.status, answer.json(), int(opened.json()["position"])

    status, page, position = asyncio.run(scenario())
    assert position == target
    assert status == 200
    assert page["position"] >= target
    assert len(page["items"]) == 1


def test_a_min_position_the_view_does_not_reach_in_time_is_a_503(tmp_path: Path) -> None:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "r.db")}
    hub = Hub(env, sealer=FakeSealer(), clock=ManualClock())
    with start_caseload(env, tmp_path, catalogue=load_catalogue()) as runner:
        api = Api(
            TestClient(create_app(api_parts(hub, caseload=runner.view, wait_timeout=0.2))), hub
        )
        answer = api.get("/cases?min_position=1000", "dif")
    hub.close()
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_long_poll_on_the_served_api_answers_when_an_event_arrives(served: Served) -> None:
    token, account = served.account("sedetur")

    async def scenario() -> tuple[int, Any]:
        waiting = await hold(served.port, long_poll(served, wait=DEADLINE), token)
        await served.until_held(1, account)
        await asyncio.to_thread(served.api.post, "/cases", "sedetur", detection())
        answer = await waiting.answer()
        await waiting.close()
        return answer.status, answer.json()

    status, page = asyncio.run(scenario())
    assert status == 200
    assert [item["type"] for item in page["items"]] == ["mx.ruta.case_opened.v2"]
