"""The review view on SQLite: the contract, with the hub's file and the view's own file."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from adapters.bootstrap.view_runners import start_review
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from adapters.view_settings import review_env
from domain.agencies import load_catalogue
from tests.builders import open_child
from tests.integration.review_contract import ReviewContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    sqlite_store,
    sqlite_tables,
)


@pytest.fixture
def review_store(tmp_path: Path) -> ViewStore:
    return sqlite_store(tmp_path)


class TestSQLiteReviewView(ReviewContract):
    pass


def test_the_view_lives_in_its_own_file_beside_the_hubs(review_store: ViewStore) -> None:
    assert review_store.data_dir is not None
    follow_one_case(review_store, partial(start_review, catalogue=load_catalogue()), open_child)

    view_tables = sqlite_tables(review_store.data_dir / "review.db")
    assert {"review_cases", "review_findings", "tracking"} <= view_tables
    assert "stored_events" not in view_tables
    hub_tables = sqlite_tables(Path(review_store.env["SQLITE_DBNAME"]))
    assert not {"review_cases", "review_findings", "tracking"} & hub_tables


def test_the_settings_poll_the_hubs_file_and_name_the_views_file(tmp_path: Path) -> None:
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": "/data/ruta.db"}

    env = review_env(store, tmp_path)

    assert env["SQLITE_DBNAME"] == "/data/ruta.db"
    assert env["REVIEW_SQLITE_DBNAME"] == str(tmp_path / "review.db")
    assert env["HUB_APPLICATION_RECORDER_TOPIC"] == SQLITE_RECORDER_TOPIC
    with pytest.raises(ValueError, match="data directory"):
        review_env(store, None)
    with pytest.raises(ValueError, match=r"not eventsourcing\.popo"):
        review_env({"PERSISTENCE_MODULE": "eventsourcing.popo"}, tmp_path)
