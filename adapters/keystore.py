"""Where the wrapped data keys of the cases live, apart from the events.

A case has at most one data key, ever. Destroying it leaves a tombstone in the key's place: the
same row, with the wrapped key gone and the time of destruction. Because key and tombstone share
one primary key, an insert racing a destruction can never give an erased case a fresh key.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self
from uuid import UUID

from domain.errors import PersonalDataUnavailable


@dataclass(frozen=True)
class StoredKey:
    """A case's data key as stored: its id and the key wrapped by the master key."""

    key_id: str
    wrapped: bytes = field(repr=False)


NewKey = tuple[UUID, str, bytes]  # case id, key id, wrapped key


class KeyStore(ABC):
    """The wrapped data keys, one per case, and a little metadata about the store itself."""

    location: str = "key store"  # for messages: never a password or a connection string

    @abstractmethod
    def get(self, case_id: UUID) -> StoredKey | None:
        """The case's key, or None if it has none (never had one, or it was destroyed)."""

    @abstractmethod
    def add(self, case_id: UUID, key_id: str, wrapped: bytes) -> StoredKey:
        """Store the case's first key; if another writer stored one first, that one.

        Raises ``PersonalDataUnavailable`` if the case's key was destroyed.
        """

    def add_batch(self, keys: Sequence[NewKey]) -> None:
        """Store the first keys of new cases, in one transaction where the store has them.

        The case ids are fresh and random, so a conflict means a bug: it raises.
        """
        for case_id, key_id, wrapped in keys:
            if self.add(case_id, key_id, wrapped).key_id != key_id:
                raise ValueError(f"case {case_id} has a key already")

    @abstractmethod
    def destroy(self, case_id: UUID) -> bool:
        """Delete the case's key for good and leave a tombstone; True if there was a key."""

    @abstractmethod
    def is_destroyed(self, case_id: UUID) -> bool: ...

    @abstractmethod
    def get_meta(self, name: str) -> bytes | None: ...

    @abstractmethod
    def put_meta_if_absent(self, name: str, value: bytes) -> bytes:
        """Store ``value`` under ``name`` unless something is there already; what is stored."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class MemoryKeyStore(KeyStore):
    """Keys in a dictionary, for unit tests; safe to share between threads."""

    location = "in-memory key store"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[UUID, StoredKey] = {}
        self._tombstones: dict[UUID, datetime] = {}
        self._meta: dict[str, bytes] = {}

    def get(self, case_id: UUID) -> StoredKey | None:
        with self._lock:
            return self._keys.get(case_id)

    def add(self, case_id: UUID, key_id: str, wrapped: bytes) -> StoredKey:
        with self._lock:
            if case_id in self._tombstones:
                raise PersonalDataUnavailable(case_id=str(case_id))
            return self._keys.setdefault(case_id, StoredKey(key_id, wrapped))

    def destroy(self, case_id: UUID) -> bool:
        with self._lock:
            self._tombstones.setdefault(case_id, datetime.now(UTC))
            return self._keys.pop(case_id, None) is not None

    def is_destroyed(self, case_id: UUID) -> bool:
        with self._lock:
            return case_id in self._tombstones

    def get_meta(self, name: str) -> bytes | None:
        with self._lock:
            return self._meta.get(name)

    def put_meta_if_absent(self, name: str, value: bytes) -> bytes:
        with self._lock:
            return self._meta.setdefault(name, value)

    def close(self) -> None:
        pass


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS ruta_data_keys (
    case_id TEXT PRIMARY KEY,
    key_id TEXT,
    wrapped BLOB,
    created_at TEXT NOT NULL,
    destroyed_at TEXT,
    CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
);
CREATE TABLE IF NOT EXISTS ruta_keystore_meta (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
"""


class SQLiteKeyStore(KeyStore):
    """The keys in an SQLite file of their own (e.g. ``var/keys.db``), for the embedded setup.

    ``secure_delete`` overwrites a destroyed key where it lay in the file, and a checkpoint
    after each destruction carries that overwrite from the write-ahead log into the file and
    empties the log, which would otherwise still hold the page as it was.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection behind a lock: key lookups are tiny, and other processes on the same
        # file are kept in step by SQLite's own locking (the busy timeout waits them out).
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=30, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA synchronous=FULL")  # a key acknowledged is a key kept
        with self._lock:
            self._db.executescript(_SQLITE_SCHEMA)

    def get(self, case_id: UUID) -> StoredKey | None:
        with self._lock:
            row = self._db.execute(
                "SELECT key_id, wrapped FROM ruta_data_keys WHERE case_id = ?", (str(case_id),)
            ).fetchone()
        return None if row is None or row[1] is None else StoredKey(row[0], row[1])

    def add(self, case_id: UUID, key_id: str, wrapped: bytes) -> StoredKey:
        with self._lock:
            self._db.execute(
                "INSERT INTO ruta_data_keys (case_id, key_id, wrapped, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (case_id) DO NOTHING",
                (str(case_id), key_id, wrapped, _now()),
            )
            row = self._db.execute(
                "SELECT key_id, wrapped FROM ruta_data_keys WHERE case_id = ?", (str(case_id),)
            ).fetchone()
        if row[1] is None:
            raise PersonalDataUnavailable(case_id=str(case_id))
        return StoredKey(row[0], row[1])

    def add_batch(self, keys: Sequence[NewKey]) -> None:
        now = _now()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT INTO ruta_data_keys (case_id, key_id, wrapped, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    [(str(case_id), key_id, wrapped, now) for case_id, key_id, wrapped in keys],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def destroy(self, case_id: UUID) -> bool:
        now = _now()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                # A tombstone for a case that never had a key, so none is ever made for it.
                self._db.execute(
                    "INSERT INTO ruta_data_keys (case_id, created_at, destroyed_at)"
                    " VALUES (?, ?, ?) ON CONFLICT (case_id) DO NOTHING",
                    (str(case_id), now, now),
                )
                destroyed = self._db.execute(
                    "UPDATE ruta_data_keys SET wrapped = NULL, destroyed_at = ?"
                    " WHERE case_id = ? AND wrapped IS NOT NULL",
                    (now, str(case_id)),
                ).rowcount
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if destroyed:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return destroyed == 1

    def is_destroyed(self, case_id: UUID) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT destroyed_at FROM ruta_data_keys WHERE case_id = ?", (str(case_id),)
            ).fetchone()
        return row is not None and row[0] is not None

    def get_meta(self, name: str) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM ruta_keystore_meta WHERE name = ?", (name,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    def put_meta_if_absent(self, name: str, value: bytes) -> bytes:
        with self._lock:
            self._db.execute(
                "INSERT INTO ruta_keystore_meta (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO NOTHING",
                (name, value),
            )
            row = self._db.execute(
                "SELECT value FROM ruta_keystore_meta WHERE name = ?", (name,)
            ).fetchone()
        return bytes(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat()
