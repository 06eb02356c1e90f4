"""An open feed does not outlive its account: a stream re-checks the account before each batch
of events and every few seconds while idle, and ends once the account is suspended or changed;
a long poll that waited re-checks it before answering."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.accounts import IssuedToken
from tests.e2e.conftest import OPERATOR, detection
from tests.e2e.held import DEADLINE, Held, Served, hold, sqlite_served

SSE = "text/event-stream"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from sqlite_served(tmp_path, account_check=0.2)


def open_account(served: Served, agency: str, roles: list[str]) -> IssuedToken:
    with served.api.hub.acting_as(OPERATOR):
        return served.api.hub.open_account(agency, roles, label=f"{agency} feed")


def suspend(served: Served, issued: IssuedToken) -> None:
    """As ``ruta accounts revoke`` does, through the hub."""
    with served.api.hub.acting_as(OPERATOR):
        served.api.hub.suspend_account(issued.account_id)


async def read_until(stream: Held, wanted: str | None = None) -> tuple[list[str], bool]:
    """The types of the events read until one of type ``wanted`` (the stream left open), or
    until the stream ends; and whether it ended (False if it still runs after ``DEADLINE``)."""
    types: list[str] = []
    deadline = time.monotonic() + DEADLINE
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = await stream.line(left)
        except TimeoutError:
            break
        if not line:
            return types, True
        if line.startswith(b"data: "):
            types.append(json.loads(line[len(b"data: ") :])["type"])
            if types[-1] == wanted:
                break
    return types, False


def referred_to_dif(served: Served) -> tuple[str, str]:
    """A case SEDETUR detects and refers to DIF: (case id, referral id)."""
    api = served.api
    case = api.post("/cases", "sedetur", detection()).json()["case_id"]
    consent = {"agencies": ["dif"], "purposes": ["shelter"], "informed_in": "es"}
    assert api.post(f"/cases/{case}/consents", "sedetur", consent).status_code == 200
    body = {"to_agency": "dif", "service": "shelter"}
    return case, api.post(f"/cases/{case}/referrals", "sedetur", body).json()["referral_id"]


def test_a_revoked_account_s_stream_ends_and_delivers_nothing_written_after_the_revocation(
    served: Served,
) -> None:
    issued = open_account(served, "dif", ["caseworker"])

    async def scenario() -> tuple[list[str], list[str], bool]:
        stream = await hold(served.port, f"/feed?after={served.head()}", issued.token, Accept=SSE)
        case, referral = await asyncio.to_thread(referred_to_dif, served)
        before, _ = await read_until(stream, "mx.ruta.referral_issued.v2")
        await asyncio.to_thread(suspend, served, issued)
        accept = f"/cases/{case}/referrals/{referral}/accept"
        await asyncio.to_thread(served.api.post, accept, "dif")  # another DIF account
        after, ended = await read_until(stream, "mx.ruta.referral_accepted.v1")
        await stream.close()
        return before, after, ended

    before, after, ended = asyncio.run(scenario())
    assert before == ["mx.ruta.referral_issued.v2"]
    assert after == []
    assert ended


def test_an_idle_stream_ends_once_its_account_is_suspended(served: Served) -> None:
    issued = open_account(served, "dif", ["caseworker"])

    async def scenario() -> bool:
        stream = await hold(served.port, "/feed", issued.token, Accept=SSE)
        assert await stream.status() == 200
        await asyncio.to_thread(suspend, served, issued)
        _, ended = await read_until(stream)
        await stream.close()
        return ended

    assert asyncio.run(scenario())


def test_a_stream_ends_when_its_account_loses_a_role(served: Served) -> None:
    issued = open_account(served, "dif", ["caseworker", "supervisor"])

    def revoke_role() -> None:
        with served.api.hub.acting_as(OPERATOR):
            served.api.hub.revoke_role(issued.account_id, "supervisor")

    async def scenario() -> bool:
        stream = await hold(served.port, "/feed", issued.token, Accept=SSE)
        assert await stream.status() == 200
        await asyncio.to_thread(revoke_role)
        _, ended = await read_until(stream)
        await stream.close()
        return ended

    assert asyncio.run(scenario())


def test_a_stream_of_an_account_still_valid_goes_on_past_its_checks(served: Served) -> None:
    issued = open_account(served, "sedetur", ["caseworker"])

    async def scenario() -> list[str]:
        stream = await hold(served.port, f"/feed?after={served.head()}", issued.token, Accept=SSE)
        assert await stream.status() == 200
        await asyncio.sleep(1.0)  # several checks of the account (every 0.2 s here)
        await asyncio.to_thread(served.api.post, "/cases", "sedetur", detection())
        types, _ = await read_until(stream, "mx.ruta.case_opened.v2")
        await stream.close()
        return types

    assert asyncio.run(scenario()) == ["mx.ruta.case_opened.v2"]


def test_a_long_poll_of_an_account_suspended_while_it_waited_is_refused(served: Served) -> None:
    issued = open_account(served, "sedetur", ["caseworker"])
    account = str(issued.account_id)

    async def scenario() -> tuple[int, Any]:
        poll = f"/feed?after={served.head()}&wait={DEADLINE}"
        waiting = await hold(served.port, poll, issued.token)
        await served.until_held(1, account)
        await asyncio.to_thread(suspend, served, issued)
        await asyncio.to_thread(served.api.post, "/cases", "sedetur", detection())
        answer = await waiting.answer()
        await waiting.close()
        return answer.status, answer.body

    status, body = asyncio.run(scenario())
    assert status == 401
    assert b"case_opened" not in body
