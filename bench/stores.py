"""The stores the benchmarks run on: a fresh SQLite directory or fresh PostgreSQL schemas."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.bootstrap import store_env
from adapters.master_key import create_master_key
from adapters.settings import Settings

STORES = ("sqlite", "postgres")
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
POSTGRES_CONNINFO = "host=127.0.0.1 port=5432 user=postgres dbname=test"


@dataclass(frozen=True)
class Store:
    """Where the hub and the bare baseline write: the same kind of store, separate tables."""

    kind: str
    hub_settings: Settings
    bare_env: dict[str, str]


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        with psycopg.connect(POSTGRES_CONNINFO, connect_timeout=3):
            return None
    except psycopg.Error as e:
        return str(e).strip().splitlines()[0]


@contextmanager
def provision(kind: str) -> Iterator[Store]:
    """A store of ``kind`` that no one else uses, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ruta-bench-") as tmp:
        directory = Path(tmp)
        if kind == "sqlite":
            yield _sqlite(directory)
        elif kind == "postgres":
            with _postgres(directory) as store:
                yield store
        else:
            raise ValueError(f"unknown store {kind!r} (known: {', '.join(STORES)})")


def _sqlite(directory: Path) -> Store:
    # The embedded default, as `make run` has it: events and keys in files under the data dir.
    settings = Settings.from_env({"RUTA_DATA_DIR": str(directory / "hub")})
    bare_dir = directory / "bare"
    bare_dir.mkdir()
    return Store("sqlite", settings, store_env(replace(settings, data_dir=bare_dir)))


@contextmanager
def _postgres(directory: Path) -> Iterator[Store]:
    schema = f"ruta_bench_{uuid.uuid4().hex[:12]}"
    bare_schema = f"{schema}_bare"
    key_file = directory / "master.key"
    create_master_key(key_file)
    settings = Settings.from_env(
        {
            "RUTA_DATA_DIR": str(directory),
            "RUTA_STORE": f"{POSTGRES_URL}?schema={schema}",
            "RUTA_MASTER_KEY_FILE": str(key_file),
            "RUTA_CHECKPOINT_KEY_FILE": str(directory / "checkpoint.key"),
        }
    )
    assert settings.postgres is not None
    bare = replace(settings, postgres=replace(settings.postgres, schema=bare_schema))
    with psycopg.connect(POSTGRES_CONNINFO, autocommit=True) as conn:
        for name in (schema, bare_schema):
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield Store("postgres", settings, store_env(bare))
    finally:
        with psycopg.connect(POSTGRES_CONNINFO, autocommit=True) as conn:
            for name in (schema, bare_schema):
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
