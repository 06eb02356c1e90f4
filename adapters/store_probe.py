"""What the stores hold already, read without writing: whether this is a first run.

A first run is a deployment whose event store holds nothing yet: on SQLite, no ``ruta.db`` in the
data directory (every process makes the keys before it opens the event store, so ``ruta.db``
never exists without them); on PostgreSQL, no row in the hub's event table. Keys are made on a
first run only (``adapters.deployment_keys``). Only then may the key store be empty; afterwards it
must hold the check value its master key wrote (``adapters.sealer``), or every sealed value of
the events would be unreadable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.sealer import CHECK_NAME
from adapters.settings import PostgresStore, Settings
from domain.hub import Hub

KEYS_TABLE = "ruta_data_keys"
META_TABLE = "ruta_keystore_meta"
EVENTS_TABLE = f"{Hub.name.lower()}_events"  # the library prefixes tables with the app's name


def is_first_run(settings: Settings) -> bool:
    """Whether the event store holds nothing yet, so keys may be made."""
    if settings.postgres is None:
        return not settings.sqlite_path.exists()
    return not _pg_has_rows(settings.postgres, EVENTS_TABLE)


def keystore_ready(settings: Settings) -> bool:
    """Whether the key store exists and holds its master key's check value."""
    if settings.postgres is None:
        return _sqlite_has_check(settings.keystore_path)
    return _pg_has_rows(settings.postgres, META_TABLE, where_name=CHECK_NAME)


def keystore_location(settings: Settings) -> str:
    """The key store, named for a message (never a password)."""
    pg = settings.postgres
    if pg is None:
        return str(settings.keystore_path)
    return f"{KEYS_TABLE}, {META_TABLE} (schema {pg.schema}, database {pg.dbname} on {pg.host})"


def store_location(settings: Settings) -> str:
    pg = settings.postgres
    if pg is None:
        return str(settings.sqlite_path)
    return f"{EVENTS_TABLE} (schema {pg.schema}, database {pg.dbname} on {pg.host})"


def _sqlite_has_check(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        # mode=rw: an absent file is an error here, never a new empty database.
        db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=30)
    except sqlite3.Error:
        return False
    try:
        row = db.execute(f"SELECT 1 FROM {META_TABLE} WHERE name = ?", (CHECK_NAME,)).fetchone()  # noqa: S608 - a constant
    except sqlite3.Error:
        return False  # not a key store: no such table, or not a database
    finally:
        db.close()
    return row is not None


def _pg_has_rows(pg: PostgresStore, table: str, *, where_name: str | None = None) -> bool:
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        qualified = sql.Identifier(pg.schema, table).as_string(conn)
        (exists,) = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (qualified,)).fetchone()  # type: ignore[misc]
        if not exists:
            return False
        query = sql.SQL("SELECT 1 FROM {} ").format(sql.Identifier(pg.schema, table))
        if where_name is None:
            return conn.execute(query + sql.SQL("LIMIT 1")).fetchone() is not None
        where = sql.SQL("WHERE name = %s LIMIT 1")
        return conn.execute(query + where, (where_name,)).fetchone() is not None
