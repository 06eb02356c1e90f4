"""The custody view on SQLite: the contract, with the hub's file and the view's own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.bootstrap.view_runners import start_custody
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from adapters.view_settings import custody_env
from tests.integration.custody_contract import CustodyContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    sqlite_store,
    sqlite_tables,
)


@pytest.fixture
def custody_store(tmp_path: Path) -> ViewStore:
    return sqlite_store(tmp_path)


class TestSQLiteCustodyView(CustodyContract):
    pass


def test_the_view_lives_in_its_own_file_beside_the_hubs(custody_store: ViewStore) -> None:
    assert custody_store.data_dir is not None
    follow_one_case(custody_store, start_custody)

    view_tables = sqlite_tables(custody_store.data_dir / "custody.db")
    assert {"custody_chains", "tracking"} <= view_tables
    assert "stored_events" not in view_tables
    assert not {"custody_chains", "tracking"} & sqlite_tables(
        Path(custody_store.env["SQLITE_DBNAME"])
    )


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
