"""The wrapped data keys in PostgreSQL, for a deployment whose events are there too.

PostgreSQL cannot overwrite a destroyed key in place: the old row version stays in the table until
vacuum, and in the write-ahead log and backups for as long as they are kept. Erasure there rests
on the master key, which never enters the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from psycopg import Connection, OperationalError, sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from adapters.keystore import KeyStore, NewKey, StoredKey
from adapters.postgres_store import CONNECT_TIMEOUT, RECONNECT_FOR
from domain.errors import PersonalDataUnavailable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS {keys} (
    case_id uuid PRIMARY KEY,
    key_id text,
    wrapped bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz,
    CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
);
CREATE TABLE IF NOT EXISTS {meta} (
    name text PRIMARY KEY,
    value bytea NOT NULL
);
"""
# Any fixed number will do: it only keeps two processes from creating the tables at once, which
# PostgreSQL reports as a unique violation even with IF NOT EXISTS.
_CREATE_LOCK = 0x7275_7461_6B65_7973  # "rutakeys"
# Seconds a call waits for a pooled connection (twice at most, see ``_run``): while the server
# is down a command is refused in a few seconds, not held (the pool's default is 30).
_CONNECTION_WAIT = 1.0
T = TypeVar("T")


class PostgresKeyStore(KeyStore):
    """The keys in the tables ``ruta_data_keys`` and ``ruta_keystore_meta`` of a schema."""

    def __init__(self, conninfo: str, schema: str | None = None, max_size: int = 4) -> None:
        params = conninfo_to_dict(conninfo)
        self.location = (
            f"PostgreSQL database {params.get('dbname', '?')} on {params.get('host', 'localhost')}"
            + (f", schema {schema}" if schema else "")
        )
        keys = sql.Identifier("ruta_data_keys")
        meta = sql.Identifier("ruta_keystore_meta")
        if schema:
            keys = sql.Identifier(schema, "ruta_data_keys")
            meta = sql.Identifier(schema, "ruta_keystore_meta")
        self._pool: ConnectionPool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_size,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            open=True,
            name="ruta-keystore",
            timeout=_CONNECTION_WAIT,
            # As the event store's pools (adapters.postgres_store): the next call tries again.
            reconnect_timeout=RECONNECT_FOR,
        )
        self._sql = {
            "get": sql.SQL("SELECT key_id, wrapped FROM {} WHERE case_id = %s").format(keys),
            "add": sql.SQL(
                "INSERT INTO {} (case_id, key_id, wrapped) VALUES (%s, %s, %s)"
                " ON CONFLICT (case_id) DO NOTHING RETURNING key_id, wrapped"
            ).format(keys),
            "insert": sql.SQL(
                "INSERT INTO {} (case_id, key_id, wrapped) VALUES (%s, %s, %s)"
            ).format(keys),
            "tombstone": sql.SQL(
                "INSERT INTO {} (case_id, destroyed_at) VALUES (%s, now())"
                " ON CONFLICT (case_id) DO NOTHING"
            ).format(keys),
            "destroy": sql.SQL(
                "UPDATE {} SET wrapped = NULL, destroyed_at = now()"
                " WHERE case_id = %s AND wrapped IS NOT NULL"
            ).format(keys),
            "destroyed": sql.SQL("SELECT destroyed_at FROM {} WHERE case_id = %s").format(keys),
            "get_meta": sql.SQL("SELECT value FROM {} WHERE name = %s").format(meta),
            "put_meta": sql.SQL(
                "INSERT INTO {} (name, value) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING"
            ).format(meta),
        }
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_CREATE_LOCK,))
                conn.execute(sql.SQL(_SCHEMA).format(keys=keys, meta=meta))
        except BaseException:
            self._pool.close()
            raise

    def get(self, case_id: UUID) -> StoredKey | None:
        def get(conn: Connection[Any]) -> StoredKey | None:
            row = conn.execute(self._sql["get"], (case_id,)).fetchone()
            return None if row is None or row[1] is None else StoredKey(row[0], bytes(row[1]))

        return self._run(get)

    def add(self, case_id: UUID, key_id: str, wrapped: bytes) -> StoredKey:
        def add(conn: Connection[Any]) -> StoredKey:
            # Usually one round trip. When the insert met a row of another writer (or a
            # tombstone), it waited for that commit, and a second statement's snapshot sees it.
            row = conn.execute(self._sql["add"], (case_id, key_id, wrapped)).fetchone()
            if row is None:
                row = conn.execute(self._sql["get"], (case_id,)).fetchone()
            if row is None or row[1] is None:
                raise PersonalDataUnavailable(case_id=str(case_id))
            return StoredKey(row[0], bytes(row[1]))

        return self._run(add)

    def add_batch(self, keys: Sequence[NewKey]) -> None:
        def add_batch(conn: Connection[Any]) -> None:
            with conn.transaction(), conn.cursor() as cursor:
                cursor.executemany(self._sql["insert"], keys)

        self._run(add_batch)

    def destroy(self, case_id: UUID) -> bool:
        def destroy(conn: Connection[Any]) -> bool:
            # The tombstone goes in first: if a key is being added meanwhile, the insert waits
            # for it and the update then destroys it, so no key outlives a destruction.
            with conn.transaction():
                conn.execute(self._sql["tombstone"], (case_id,))
                return conn.execute(self._sql["destroy"], (case_id,)).rowcount == 1

        return self._run(destroy)

    def is_destroyed(self, case_id: UUID) -> bool:
        def destroyed(conn: Connection[Any]) -> bool:
            row = conn.execute(self._sql["destroyed"], (case_id,)).fetchone()
            return row is not None and row[0] is not None

        return self._run(destroyed)

    def get_meta(self, name: str) -> bytes | None:
        def get_meta(conn: Connection[Any]) -> bytes | None:
            row = conn.execute(self._sql["get_meta"], (name,)).fetchone()
            return None if row is None else bytes(row[0])

        return self._run(get_meta)

    def put_meta_if_absent(self, name: str, value: bytes) -> bytes:
        def put_meta(conn: Connection[Any]) -> bytes:
            conn.execute(self._sql["put_meta"], (name, value))
            row = conn.execute(self._sql["get_meta"], (name,)).fetchone()
            assert row is not None  # rows of this table are never deleted
            return bytes(row[0])

        return self._run(put_meta)

    def _run(self, operation: Callable[[Connection[Any]], T]) -> T:
        """Run an operation, once more on a fresh connection if the first one had gone stale.

        Every operation here is idempotent, so a retry is safe; this replaces checking each
        connection before use, which doubled the cost of every call. A stale connection means
        the server restarted, and then every idle one is stale too: the pool tests them all and
        drops the dead ones before the retry, which would otherwise meet the next of them.
        """
        try:
            with self._pool.connection() as conn:
                return operation(conn)
        except OperationalError:
            self._pool.check()
            with self._pool.connection() as conn:
                return operation(conn)

    def close(self) -> None:
        self._pool.close()
