"""The caseload on SQLite: the contract, with the hub's file and the view's own file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.projection_runtime import caseload_env, start_caseload
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from domain.hub import Hub
from tests.builders import open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.integration.caseload_contract import WAIT, CaseloadContract, CaseloadStore


@pytest.fixture
def caseload_store(tmp_path: Path) -> CaseloadStore:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "var" / "ruta.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    (tmp_path / "var").mkdir()
    return CaseloadStore(env=env, data_dir=tmp_path / "var")


class TestSQLiteCaseload(CaseloadContract):
    pass


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_the_view_lives_in_its_own_file_beside_the_hubs(caseload_store: CaseloadStore) -> None:
    assert caseload_store.data_dir is not None
    hub = Hub(caseload_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)
        with start_caseload(caseload_store.env, caseload_store.data_dir) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    view_tables = tables(caseload_store.data_dir / "caseload.db")
    hub_tables = tables(Path(caseload_store.env["SQLITE_DBNAME"]))
    assert {"caseload_cases", "caseload_entries", "tracking"} <= view_tables
    assert "stored_events" not in view_tables
    assert not {"caseload_cases", "caseload_entries", "tracking"} & hub_tables


def test_the_settings_poll_the_hubs_file_and_name_the_views_file(tmp_path: Path) -> None:
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": "/data/ruta.db"}

    env = caseload_env(store, tmp_path)

    assert env["SQLITE_DBNAME"] == "/data/ruta.db"
    assert env["CASELOAD_SQLITE_DBNAME"] == str(tmp_path / "caseload.db")
    assert env["HUB_APPLICATION_RECORDER_TOPIC"] == SQLITE_RECORDER_TOPIC
    with pytest.raises(ValueError, match="data directory"):
        caseload_env(store, None)
    with pytest.raises(ValueError, match=r"not eventsourcing\.popo"):
        caseload_env({"PERSISTENCE_MODULE": "eventsourcing.popo"}, tmp_path)
