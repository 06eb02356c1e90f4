"""The composition root: the one place where settings become a running hub and its parts."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from adapters.deployment_keys import master_key
from adapters.hub_telemetry import instrument
from adapters.keystore import KeyStore, SQLiteKeyStore
from adapters.keystore_postgres import PostgresKeyStore
from adapters.postgres_store import ride_out_outages
from adapters.sealer import CaseSealer
from adapters.settings import PostgresStore, Settings
from adapters.telemetry import Telemetry, current_traceparent
from domain.actor import Clock, system_clock
from domain.agencies import load_catalogue
from domain.hub import Hub


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


@dataclass
class Runtime:
    """A running hub with the resources it holds; close it to release them."""

    settings: Settings
    hub: Hub
    keystore: KeyStore
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.keystore.close()
            self.hub.close()


def open_keystore(settings: Settings) -> KeyStore:
    if settings.postgres is None:
        return SQLiteKeyStore(settings.keystore_path)
    ensure_schema(settings.postgres)
    return PostgresKeyStore(settings.postgres.conninfo(), schema=settings.postgres.schema)


def ensure_schema(pg: PostgresStore) -> None:
    """Create the configured schema if it is not there yet; neither store creates it."""
    with psycopg.connect(pg.conninfo(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(pg.schema)))


def build_runtime(
    settings: Settings, *, clock: Clock = system_clock, telemetry: Telemetry | None = None
) -> Runtime:
    """Everything the hub needs, checked: the catalogue, the master key, the key store.

    Keys are made on a first run only; otherwise a missing one is ``KeysMissing`` before any
    store is opened (``adapters.deployment_keys``), and on the embedded default the data
    directory and everything in it is private to the process's account. Its events record the
    trace context of the span under way; with ``telemetry``, its commands and store writes open
    spans and record metrics there (the caller shuts it down).
    """
    catalogue = load_catalogue(settings.catalogue_file)
    master = master_key(settings)
    keystore = open_keystore(settings)
    try:
        sealer = CaseSealer(keystore, master)
        hub = Hub(
            store_env(settings),
            catalogue=catalogue,
            sealer=sealer,
            clock=clock,
            trace=current_traceparent,
        )
        ride_out_outages(hub)
        if telemetry is not None:
            instrument(hub, telemetry)
    except BaseException:
        keystore.close()
        raise
    return Runtime(settings=settings, hub=hub, keystore=keystore)
