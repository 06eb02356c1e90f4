"""The custody view on SQLite: the contract, with the hub's file and the view's own file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.projection_runtime import custody_env, start_custody
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from domain.hub import Hub
from tests.builders import open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.integration.custody_contract import WAIT, CustodyContract, ViewStore


@pytest.fixture
def custody_store(tmp_path: Path) -> ViewStore:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "var" / "ruta.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    (tmp_path / "var").mkdir()
    return ViewStore(env=env, data_dir=tmp_path / "var")


class TestSQLiteCustodyView(CustodyContract):
    pass


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_the_view_lives_in_its_own_file_beside_the_hubs(custody_store: ViewStore) -> None:
    assert custody_store.data_dir is not None
    hub = Hub(custody_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)
        with start_custody(custody_store.env, custody_store.data_dir) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    view_tables = tables(custody_store.data_dir / "custody.db")
    assert {"custody_chains", "tracking"} <= view_tables
    assert "stored_events" not in view_tables
    assert not {"custody_chains", "tracking"} & tables(Path(custody_store.env["SQLITE_DBNAME"]))


def test_the_settings_poll_the_hubs_file_and_name_the_views_file(tmp_path: Path) -> None:
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": "/data/ruta.db"}

    env = custody_env(store, tmp_path)

    assert env["SQLITE_DBNAME"] == "/data/ruta.db"
    assert env["CUSTODY_SQLITE_DBNAME"] == str(tmp_path / "custody.db")
    assert env["HUB_APPLICATION_RECORDER_TOPIC"] == SQLITE_RECORDER_TOPIC
    with pytest.raises(ValueError, match="data directory"):
        custody_env(store, None)
    with pytest.raises(ValueError, match=r"not eventsourcing\.popo"):
        custody_env({"PERSISTENCE_MODULE": "eventsourcing.popo"}, tmp_path)
