"""The audit log in an SQLite file of its own, ``audit.db`` (tables are not prefixed on SQLite).

``audit_leaves`` holds each leaf (index, record position, leaf hash), ``audit_nodes`` the inner
complete subtrees (level ≥ 1), ``audit_checkpoints`` the signed notes by tree size. Rows are only
ever inserted: a stored node never changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from merkle import Node
from projections.audit_log import AuditLeaf, AuditLogView, StoredCheckpoint

_CREATE = [
    "CREATE TABLE IF NOT EXISTS audit_leaves ("
    "leaf_index INTEGER PRIMARY KEY, position INTEGER NOT NULL UNIQUE, leaf_hash BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit_nodes ("
    "level INTEGER NOT NULL, node_index INTEGER NOT NULL, hash BLOB NOT NULL, "
    "PRIMARY KEY (level, node_index)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS audit_checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL)",
]
_INSERT_LEAF = "INSERT INTO audit_leaves VALUES (?, ?, ?)"
_INSERT_NODE = "INSERT INTO audit_nodes VALUES (?, ?, ?)"
_SIZE = "SELECT MAX(leaf_index) FROM audit_leaves"
_SELECT_LEAF_HASH = "SELECT leaf_hash FROM audit_leaves WHERE leaf_index = ?"
_SELECT_NODE = "SELECT hash FROM audit_nodes WHERE level = ? AND node_index = ?"
_SELECT_LEAVES = "SELECT * FROM audit_leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?"
_SELECT_LEAVES_AFTER = "SELECT * FROM audit_leaves WHERE position > ? ORDER BY position LIMIT ?"
_SELECT_INDEX = "SELECT leaf_index FROM audit_leaves WHERE position = ?"
_INSERT_CHECKPOINT = "INSERT INTO audit_checkpoints VALUES (?, ?) ON CONFLICT (size) DO NOTHING"
_SELECT_CHECKPOINT = "SELECT size, note FROM audit_checkpoints WHERE size = ?"
_SELECT_LATEST = "SELECT size, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1"
_SELECT_BETWEEN = (
    "SELECT size, note FROM audit_checkpoints WHERE size BETWEEN ? AND ? ORDER BY size"
)


class SQLiteAuditLogView(SQLiteTrackingRecorder, AuditLogView):
    """Leaves, nodes and checkpoints next to the ``tracking`` table, in one SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *_CREATE]

    def close(self) -> None:
        self.datastore.close()

    def append_leaves(
        self, leaves: Sequence[AuditLeaf], nodes: Sequence[Node], tracked: Sequence[Tracking]
    ) -> None:
        with self.datastore.transaction(commit=True) as c:
            # Tracking first: a position already tracked fails before anything is written.
            # With the library's single-row tracking, the first record's tracking refuses a
            # batch that overlaps what is stored and the last one's moves it to the batch's end.
            for tracking in _first_and_last(tracked):
                self._insert_tracking(c, tracking)
            c.executemany(_INSERT_LEAF, [(f.index, f.position, f.leaf_hash) for f in leaves])
            c.executemany(_INSERT_NODE, nodes)

    def size(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SIZE)
            last = c.fetchone()[0]
        return 0 if last is None else int(last) + 1

    def node(self, level: int, index: int) -> bytes:
        with self.datastore.transaction(commit=False) as c:
            if level == 0:
                c.execute(_SELECT_LEAF_HASH, (index,))
            else:
                c.execute(_SELECT_NODE, (level, index))
            row = c.fetchone()
        if row is None:
            raise KeyError((level, index))
        return bytes(row[0])

    def leaves(self, start: int, count: int) -> list[AuditLeaf]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_LEAVES, (start, count))
            return [_leaf(row) for row in c.fetchall()]

    def leaves_after(self, position: int, count: int) -> list[AuditLeaf]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_LEAVES_AFTER, (position, count))
            return [_leaf(row) for row in c.fetchall()]

    def index_of(self, position: int) -> int | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_INDEX, (position,))
            row = c.fetchone()
        return None if row is None else int(row[0])

    def add_checkpoint(self, size: int, note: str) -> StoredCheckpoint:
        with self.datastore.transaction(commit=True) as c:
            c.execute(_INSERT_CHECKPOINT, (size, note))
            c.execute(_SELECT_CHECKPOINT, (size,))
            return _checkpoint(c.fetchone())

    def checkpoint(self, size: int | None = None) -> StoredCheckpoint | None:
        with self.datastore.transaction(commit=False) as c:
            if size is None:
                c.execute(_SELECT_LATEST)
            else:
                c.execute(_SELECT_CHECKPOINT, (size,))
            row = c.fetchone()
        return None if row is None else _checkpoint(row)

    def checkpoints_between(self, first: int, last: int) -> list[StoredCheckpoint]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_BETWEEN, (first, last))
            return [_checkpoint(row) for row in c.fetchall()]


def _first_and_last(tracked: Sequence[Tracking]) -> list[Tracking]:
    return list(tracked[:1]) + list(tracked[1:][-1:])


def _leaf(row: Any) -> AuditLeaf:
    index, position, value = row
    return AuditLeaf(int(index), int(position), bytes(value))


def _checkpoint(row: Any) -> StoredCheckpoint:
    size, note = row
    return StoredCheckpoint(int(size), str(note))
