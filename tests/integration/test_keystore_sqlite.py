"""The key store in an SQLite file: the shared contract, and erasure down to the bytes on disk."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from adapters.keystore import KeyStore, SQLiteKeyStore
from tests.integration.keystore_contract import (
    KeyStoreContract,
    OpenStore,
    RawKeyRow,
    RawRows,
    new_key_id,
    wrapped_key,
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "var" / "keys.db"


def file_bytes(db_path: Path) -> bytes:
    """Everything SQLite keeps for the database: the file, its write-ahead log and its index."""
    siblings = [db_path, *(db_path.with_name(db_path.name + end) for end in ("-wal", "-shm"))]
    return b"".join(path.read_bytes() for path in siblings if path.exists())


class TestSQLiteKeyStore(KeyStoreContract):
    @pytest.fixture
    def open_store(self, db_path: Path) -> Iterator[OpenStore]:
        opened: list[KeyStore] = []

        def open_store() -> KeyStore:
            opened.append(SQLiteKeyStore(db_path))
            return opened[-1]

        yield open_store
        for store in opened:
            store.close()

    @pytest.fixture
    def raw_rows(self, db_path: Path) -> RawRows:
        def raw_rows() -> dict[UUID, RawKeyRow]:
            with sqlite3.connect(db_path) as db:
                rows = db.execute(
                    "SELECT case_id, key_id, wrapped, destroyed_at FROM ruta_data_keys"
                ).fetchall()
            return {UUID(row[0]): RawKeyRow(*row[1:]) for row in rows}

        return raw_rows


def test_a_destroyed_key_leaves_no_trace_in_the_database_files(db_path: Path) -> None:
    with SQLiteKeyStore(db_path) as store:
        # Neighbours on the same page, so the page itself stays in use after the destruction.
        for _ in range(5):
            store.add(uuid.uuid4(), new_key_id(), wrapped_key())
        case_id, wrapped = uuid.uuid4(), wrapped_key()
        store.add(case_id, new_key_id(), wrapped)
        assert wrapped in file_bytes(db_path)

        store.destroy(case_id)

        assert wrapped not in file_bytes(db_path)
    assert wrapped not in file_bytes(db_path)


def test_the_store_creates_its_file_and_folders_in_wal_mode(db_path: Path) -> None:
    with SQLiteKeyStore(db_path):
        pass

    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"ruta_data_keys", "ruta_keystore_meta"} <= tables
