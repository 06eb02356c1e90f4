"""Fixtures shared by every test: real stores, never mocks.

PostgreSQL is the one at 127.0.0.1:5432 (user postgres, database test). A test that needs it skips
only when CI is unset; with CI=true it runs or fails.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.kafka_broker import kafka_broker  # noqa: F401  (the Tansu broker fixture)

POSTGRES: dict[str, str] = {
    "host": "127.0.0.1",
    "port": "5432",
    "user": "postgres",
    "dbname": "test",
}


def pytest_configure(config: pytest.Config) -> None:
    """The tests expect the default language (es-MX) unless they ask for another: the machine's
    own locale (``LANG=en_US.UTF-8`` on a developer's laptop) must not choose it, for this
    process or the commands it starts."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``make test`` (two workers): each test file runs whole in one worker, and the files
    that use the shared PostgreSQL run in one worker after another, never two at once: one
    such test may hold some sixty connections (a hub, its views and their pools), and two at
    once would pass the server's ``max_connections`` of 100.

    The files are handed out in the order they are collected (not the largest first), so in each
    worker the browser tests (``tests/web``, last) come after every other: their session's
    Playwright keeps an event loop running in the worker's main thread, where a later test's
    ``asyncio.run`` would be refused, as it is when one process runs the whole suite."""
    from xdist.scheduler import LoadFileScheduling  # type: ignore[import-untyped]

    class OnePostgresFileAtATime(LoadFileScheduling):  # type: ignore[misc]
        def schedule(self) -> None:
            config.option.loadscopereorder = False
            if self.collection is None and self.registered_collections:
                collected = next(iter(self.registered_collections.values()))
                self.shared = {_file(n) for n in collected if _uses_shared_postgres(n, config)}
            super().schedule()

        def _split_scope(self, nodeid: str) -> str:
            path = _file(nodeid)
            return "postgres" if path in getattr(self, "shared", ()) else path

    return OnePostgresFileAtATime(config, log)


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _uses_shared_postgres(nodeid: str, config: pytest.Config) -> bool:
    """A test of the shared server: a ``postgres`` parameter, or a file that names it (the
    fault tests start private clusters of their own)."""
    path = _file(nodeid)
    if path.startswith("tests/faults/"):
        return False
    if "postgres" in nodeid.split("::", 1)[-1]:
        return True
    return "postgres" in _text(config.rootpath / path)


@functools.cache
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def conninfo(settings: dict[str, str]) -> str:
    return " ".join(f"{name}={value}" for name, value in settings.items())


def _postgres_reachable() -> str | None:
    try:
        with psycopg.connect(conninfo(POSTGRES), connect_timeout=3):
            return None
    except psycopg.Error as e:
        return str(e).splitlines()[0]


@pytest.fixture(scope="session")
def postgres() -> dict[str, str]:
    """Connection settings of the test PostgreSQL, or a skip (a failure in CI)."""
    problem = _postgres_reachable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at 127.0.0.1:5432 is needed in CI: {problem}")
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 not reachable: {problem}")
    return dict(POSTGRES)


@pytest.fixture
def pg_schema(postgres: dict[str, str]) -> Iterator[str]:
    """A fresh schema of its own for one test, dropped afterwards."""
    schema = f"ruta_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo(postgres), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        with psycopg.connect(conninfo(postgres), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def postgres_env(postgres: dict[str, str], pg_schema: str) -> dict[str, str]:
    """``eventsourcing`` settings for a hub on the test PostgreSQL, in its own schema."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": postgres["dbname"],
        "POSTGRES_HOST": postgres["host"],
        "POSTGRES_PORT": postgres["port"],
        "POSTGRES_USER": postgres["user"],
        "POSTGRES_PASSWORD": "",
        "POSTGRES_SCHEMA": pg_schema,
        "CREATE_TABLE": "y",
    }
