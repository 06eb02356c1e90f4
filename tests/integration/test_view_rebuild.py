"""Rebuilding a view into fresh storage and comparing: nothing differs, unless the live one lies."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap.views import start_views
from adapters.view_rebuild import rebuild_and_compare
from domain.agencies import load_catalogue
from domain.hub import Hub
from domain.statistics import opened_case_ids
from tests.builders import DIF, SEDETUR, open_adult
from tests.conftest import conninfo
from tests.fakes import FakeSealer, ManualClock
from tests.integration.view_stores import WAIT, ViewStore, postgres_store, sqlite_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ViewStore:
    if request.param == "sqlite":
        return sqlite_store(tmp_path)
    postgres: dict[str, str] = request.getfixturevalue("postgres")
    return postgres_store(postgres, request.getfixturevalue("pg_schema"))


@pytest.fixture
def history(store: ViewStore) -> Iterator[Hub]:
    """A few cases with late referrals and a handoff, followed by the live views."""
    clock = ManualClock()
    hub = Hub(store.env, sealer=FakeSealer(), clock=clock)
    with start_views(store.env, store.data_dir, catalogue=load_catalogue()) as views:
        for _ in range(3):
            case_id = open_adult(hub)
            with hub.acting_as(SEDETUR):
                hub.record_consent(case_id, ["dif"], ["shelter"])
                referral = hub.issue_referral(case_id, "dif", "shelter")
                hub.initiate_handoff(case_id, "dif")
            clock.advance(hours=30)
            with hub.acting_as(DIF):
                hub.accept_referral(case_id, referral.id)
        views.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    yield hub
    hub.close()


def compare(store: ViewStore, hub: Hub, view: str) -> list[str]:
    return rebuild_and_compare(
        view,
        store.env,
        store.data_dir,
        catalogue=load_catalogue(),
        cases=list(opened_case_ids(hub)),
        at=hub.clock() + timedelta(days=3),
        position=int(hub.recorder.max_notification_id() or 0),
    )


@pytest.mark.parametrize("view", ["caseload", "custody", "review", "audit"])
def test_a_view_rebuilt_from_the_log_says_the_same(
    store: ViewStore, history: Hub, view: str
) -> None:
    assert compare(store, history, view) == []
    assert compare(store, history, view) == []  # the rebuilt storage was discarded


@pytest.mark.parametrize(
    ("view", "table", "expected"),
    [
        ("caseload", "caseload_entries", "is in the live view only"),
        ("custody", "custody_chains", "the live chain differs"),
        ("review", "review_findings", "is in the live view only"),
    ],
)
def test_a_live_view_that_was_altered_shows_differences(
    store: ViewStore, history: Hub, view: str, table: str, expected: str
) -> None:
    case_id = next(iter(opened_case_ids(history)))
    alter(store, table, case_id)
    differences = compare(store, history, view)
    assert differences
    assert any(expected in line or "is in the rebuilt view only" in line for line in differences)


def test_an_audit_log_whose_leaf_was_altered_shows_the_leaf(store: ViewStore, history: Hub) -> None:
    statement = "UPDATE {table} SET leaf_hash = {value} WHERE leaf_index = 2"
    if store.data_dir is not None:
        with sqlite3.connect(store.data_dir / "audit.db") as db:
            db.execute(statement.format(table="audit_leaves", value="?"), (bytes(32),))
    else:
        table = f'"{store.env["POSTGRES_SCHEMA"]}".audit_leaves'
        with psycopg.connect(conninfo(postgres_info(store)), autocommit=True) as conn:
            text = statement.format(table=table, value="%s")
            conn.cursor().execute(text.encode(), (bytes(32),))

    differences = compare(store, history, "audit")

    assert differences == ["audit log: leaf 2 (position 3) differs"]


def postgres_info(store: ViewStore) -> dict[str, str]:
    env = store.env
    return {
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "user": env["POSTGRES_USER"],
        "dbname": env["POSTGRES_DBNAME"],
    }


def alter(store: ViewStore, table: str, case_id: UUID) -> None:
    """What a bug or a hand in the database might do to one case's rows of a live view."""
    if store.data_dir is not None:
        files = {"caseload_entries": "caseload", "custody_chains": "custody"}
        path = store.data_dir / f"{files.get(table, 'review')}.db"
        with sqlite3.connect(path) as db:
            if table == "custody_chains":
                db.execute(f"UPDATE {table} SET chain = replace(chain, 'sedetur', 'ssc')")  # noqa: S608
            else:
                db.execute(
                    f"DELETE FROM {table} WHERE case_id = (SELECT case_id FROM {table} LIMIT 1)"  # noqa: S608
                )
        return
    schema = store.env["POSTGRES_SCHEMA"]
    with psycopg.connect(conninfo(postgres_info(store)), autocommit=True) as db:
        if table == "custody_chains":
            db.execute(
                f'UPDATE "{schema}".{table} SET chain = '  # noqa: S608
                "replace(chain::text, 'sedetur', 'ssc')::jsonb"
            )
        else:
            db.execute(
                f'DELETE FROM "{schema}".{table} WHERE case_id = '  # noqa: S608
                f'(SELECT case_id FROM "{schema}".{table} LIMIT 1)'
            )
    del case_id
