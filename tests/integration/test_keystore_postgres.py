"""The key store in PostgreSQL: the shared contract, in a schema of its own per test."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from adapters.keystore import KeyStore
from adapters.keystore_postgres import PostgresKeyStore
from tests.integration.keystore_contract import (
    KeyStoreContract,
    OpenStore,
    RawKeyRow,
    RawRows,
    run_together,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def conninfo(postgres: dict[str, str]) -> str:
    return make_conninfo(**postgres)


class TestPostgresKeyStore(KeyStoreContract):
    @pytest.fixture
    def open_store(self, conninfo: str, pg_schema: str) -> Iterator[OpenStore]:
        opened: list[KeyStore] = []

        def open_store() -> KeyStore:
            opened.append(PostgresKeyStore(conninfo, schema=pg_schema))
            return opened[-1]

        yield open_store
        for store in opened:
            store.close()

    @pytest.fixture
    def raw_rows(self, conninfo: str, pg_schema: str) -> RawRows:
        query = sql.SQL("SELECT case_id, key_id, wrapped, destroyed_at FROM {}").format(
            sql.Identifier(pg_schema, "ruta_data_keys")
        )

        def raw_rows() -> dict[UUID, RawKeyRow]:
            with psycopg.connect(conninfo) as conn:
                rows = conn.execute(query).fetchall()
            return {
                row[0]: RawKeyRow(row[1], None if row[2] is None else bytes(row[2]), row[3])
                for row in rows
            }

        return raw_rows


def test_the_tables_are_created_in_the_given_schema_only(conninfo: str, pg_schema: str) -> None:
    with PostgresKeyStore(conninfo, schema=pg_schema) as store:
        assert pg_schema in store.location
        assert conninfo not in store.location

    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_name IN ('ruta_data_keys', 'ruta_keystore_meta')"
            " AND table_schema = %s",
            (pg_schema,),
        ).fetchall()
    assert sorted(name for _, name in rows) == ["ruta_data_keys", "ruta_keystore_meta"]


def test_stores_opening_together_on_a_fresh_schema_all_start(conninfo: str, pg_schema: str) -> None:
    opened: list[KeyStore] = []

    def open_one() -> None:
        opened.append(PostgresKeyStore(conninfo, schema=pg_schema))

    try:
        run_together(*[open_one] * 4)
    finally:
        for store in opened:
            store.close()

    assert len(opened) == 4
