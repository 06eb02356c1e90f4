"""The caseload on SQLite: the contract, with the hub's file and the view's own file."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from adapters.bootstrap.view_runners import start_caseload
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from adapters.view_settings import caseload_env
from domain.agencies import load_catalogue
from tests.integration.caseload_contract import CaseloadContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    sqlite_store,
    sqlite_tables,
)


@pytest.fixture
def caseload_store(tmp_path: Path) -> ViewStore:
    return sqlite_store(tmp_path)


class TestSQLiteCaseload(CaseloadContract):
    pass


def test_the_view_lives_in_its_own_file_beside_the_hubs(caseload_store: ViewStore) -> None:
    assert caseload_store.data_dir is not None
    follow_one_case(caseload_store, partial(start_caseload, catalogue=load_catalogue()))

    view_tables = sqlite_tables(caseload_store.data_dir / "caseload.db")
    hub_tables = sqlite_tables(Path(caseload_store.env["SQLITE_DBNAME"]))
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
