"""The stores a view's contract runs on, and what a test of where its tables live needs.

Each view (caseload, custody, review, audit log) is tested on an SQLite file of its own beside the
hub's, and on PostgreSQL in the hub's schema with settings made by the composition root.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from adapters.bootstrap import postgres_env
from adapters.settings import PostgresStore
from domain.hub import Hub
from tests.builders import open_adult
from tests.conftest import conninfo
from tests.fakes import FakeSealer, ManualClock

WAIT = 10.0  # seconds: generous, a slow machine must not fail a correct runner

Starter = Callable[[dict[str, str], Path | None], AbstractContextManager[Any]]


@dataclass(frozen=True)
class ViewStore:
    """The hub's settings, and the directory of the view's own file (SQLite only)."""

    env: dict[str, str]
    data_dir: Path | None


def sqlite_store(tmp_path: Path) -> ViewStore:
    """The hub's SQLite file under ``var/``, where the views put their own files too."""
    (tmp_path / "var").mkdir()
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "var" / "ruta.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    return ViewStore(env=env, data_dir=tmp_path / "var")


def postgres_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
    """The settings a deployment gets from the composition root, not hand-made ones."""
    store = PostgresStore(
        host=postgres["host"],
        port=int(postgres["port"]),
        user=postgres["user"],
        password="",
        dbname=postgres["dbname"],
        schema=pg_schema,
    )
    return ViewStore(env=postgres_env(store), data_dir=None)


def follow_one_case(
    store: ViewStore, start: Starter, open_case: Callable[[Hub], object] = open_adult
) -> None:
    """Open a case, then run the view ``start`` starts until it has followed the log."""
    hub = Hub(store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_case(hub)
        with start(store.env, store.data_dir) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()


def sqlite_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def postgres_tables(postgres: dict[str, str], schema: str) -> set[str]:
    with psycopg.connect(conninfo(postgres)) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (schema,),
        ).fetchall()
    return {name for (name,) in rows}
