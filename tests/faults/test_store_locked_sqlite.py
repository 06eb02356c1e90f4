"""The embedded store held by another writer: a command that cannot write in time is a 503.

Another process holding SQLite's write lock for longer than the hub waits for it (a backup, an
operator's shell) is the embedded store not answering: the API says so, as it does when
PostgreSQL is down, and the same command goes through once the lock is released.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import OPERATOR, detection
from tests.fakes import FakeSealer


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "ruta.db"


@pytest.fixture
def client(database: Path) -> Iterator[tuple[TestClient, str]]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(database),
           "SQLITE_LOCK_TIMEOUT": "1"}  # fmt: skip
    hub = Hub(env, sealer=FakeSealer())
    try:
        with hub.acting_as(OPERATOR):
            token = hub.open_account("sedetur", ["caseworker"], "sedetur").token
        yield TestClient(create_app(api_parts(hub))), token
    finally:
        hub.close()


def test_a_command_on_a_store_locked_by_another_writer_is_a_503_problem_until_released(
    client: tuple[TestClient, str], database: Path
) -> None:
    api, token = client
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "once"}
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        refused = api.post("/cases", json=detection(), headers=headers)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert refused.status_code == 503
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["code"] == "store_unavailable"
    assert "locked" not in refused.text  # the store's own words stay in the server

    accepted = api.post("/cases", json=detection(), headers=headers)
    assert accepted.status_code == 201
