"""The stores the settings name: the event store's settings, and the key store."""

from __future__ import annotations

import psycopg
from psycopg import sql

from adapters.keystore import KeyStore, SQLiteKeyStore
from adapters.keystore_postgres import PostgresKeyStore
from adapters.settings import PostgresStore, Settings


def store_env(settings: Settings) -> dict[str, str]:
    """The ``eventsourcing`` persistence settings for the configured store."""
    pg = settings.postgres
    if pg is None:
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(settings.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    return postgres_env(pg)


def postgres_env(pg: PostgresStore) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": pg.dbname,
        "POSTGRES_HOST": pg.host,
        "POSTGRES_PORT": str(pg.port),
        "POSTGRES_USER": pg.user,
        "POSTGRES_PASSWORD": pg.password,
        "POSTGRES_SCHEMA": pg.schema,
        # Not POSTGRES_ENABLE_DB_FUNCTIONS: its insert function skips the table lock, so
        # concurrent commits can land out of position order and followers skip events.
        "CREATE_TABLE": "y",
    }


def open_keystore(settings: Settings) -> KeyStore:
    if settings.postgres is None:
        return SQLiteKeyStore(settings.keystore_path)
    ensure_schema(settings.postgres)
    return PostgresKeyStore(settings.postgres.conninfo(), schema=settings.postgres.schema)


def ensure_schema(pg: PostgresStore) -> None:
    """Create the configured schema if it is not there yet; neither store creates it."""
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(pg.schema)))
