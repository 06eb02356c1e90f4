"""Integration fixtures: the hub on each real store (memory, SQLite file, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.hub import Hub
from tests.fakes import FakeSealer, ManualClock

HubFactory = Callable[[], Hub]


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """``eventsourcing`` settings for one of the three stores the hub runs on."""
    if request.param == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if request.param == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "ruta.db"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    env: dict[str, str] = request.getfixturevalue("postgres_env")
    return env


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hub_factory(store_env: dict[str, str], clock: ManualClock) -> Iterator[HubFactory]:
    """Hubs over one store, as separate processes would have them (memory: one hub only)."""
    sealer = FakeSealer()
    hubs: list[Hub] = []

    def make() -> Hub:
        if hubs and store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo":
            return hubs[0]
        hubs.append(Hub(store_env, sealer=sealer, clock=clock))
        return hubs[-1]

    yield make
    for hub in hubs:
        hub.close()


@pytest.fixture
def hub(hub_factory: HubFactory) -> Hub:
    return hub_factory()
