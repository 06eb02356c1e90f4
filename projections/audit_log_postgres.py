"""The audit log in PostgreSQL, in the hub's database and schema, prefixed like the library.

The tables are named after the tracking table (``audit_tracking``): ``audit_leaves`` (index,
record position, leaf hash), ``audit_nodes`` (inner complete subtrees, level ≥ 1) and
``audit_checkpoints`` (signed notes by tree size). Rows are only ever inserted.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.utils import retry
from psycopg.rows import DictRow

from merkle import Node, Place
from projections.audit_log import AuditLeaf, AuditLogView, StoredCheckpoint
from projections.postgres_tables import statements

_TRANSIENT = (InterfaceError, OperationalError)

_CREATE = [
    "CREATE TABLE IF NOT EXISTS {schema}.{leaves} ("
    "leaf_index bigint PRIMARY KEY, position bigint NOT NULL, leaf_hash bytea NOT NULL, "
    "CONSTRAINT {by_position} UNIQUE (position))",
    "CREATE TABLE IF NOT EXISTS {schema}.{nodes} ("
    "level smallint NOT NULL, node_index bigint NOT NULL, hash bytea NOT NULL, "
    "PRIMARY KEY (level, node_index))",
    "CREATE TABLE IF NOT EXISTS {schema}.{checkpoints} ("
    "size bigint PRIMARY KEY, note text NOT NULL)",
]
_INSERT_LEAF = "INSERT INTO {schema}.{leaves} VALUES (%s, %s, %s)"
_INSERT_NODE = "INSERT INTO {schema}.{nodes} VALUES (%s, %s, %s)"
_SIZE = "SELECT MAX(leaf_index) AS last FROM {schema}.{leaves}"
_SELECT_LEAF_HASH = "SELECT leaf_hash AS hash FROM {schema}.{leaves} WHERE leaf_index = %s"
_SELECT_NODE = "SELECT hash FROM {schema}.{nodes} WHERE level = %s AND node_index = %s"
_SELECT_NODES = (  # the leaf hashes wanted (level 0), then the inner nodes wanted
    "SELECT 0 AS level, leaf_index AS node_index, leaf_hash AS hash FROM {schema}.{leaves} "
    "WHERE leaf_index = ANY(%s::bigint[]) "
    "UNION ALL SELECT n.level, n.node_index, n.hash FROM {schema}.{nodes} AS n "
    "JOIN unnest(%s::smallint[], %s::bigint[]) AS w (level, node_index) USING (level, node_index)"
)
_SELECT_LEAVES = (
    "SELECT leaf_index, position, leaf_hash FROM {schema}.{leaves} "
    "WHERE leaf_index >= %s ORDER BY leaf_index LIMIT %s"
)
_SELECT_LEAVES_AFTER = (
    "SELECT leaf_index, position, leaf_hash FROM {schema}.{leaves} "
    "WHERE position > %s ORDER BY position LIMIT %s"
)
_SELECT_INDEX = "SELECT leaf_index FROM {schema}.{leaves} WHERE position = %s"
_INSERT_CHECKPOINT = (
    "INSERT INTO {schema}.{checkpoints} (size, note) VALUES (%s, %s) ON CONFLICT (size) DO NOTHING"
)
_SELECT_CHECKPOINT = "SELECT size, note FROM {schema}.{checkpoints} WHERE size = %s"
_SELECT_LATEST = "SELECT size, note FROM {schema}.{checkpoints} ORDER BY size DESC LIMIT 1"
_SELECT_BETWEEN = (
    "SELECT size, note FROM {schema}.{checkpoints} WHERE size BETWEEN %s AND %s ORDER BY size"
)


class PostgresAuditLogView(PostgresTrackingRecorder, AuditLogView):
    """Leaves, nodes and checkpoints next to the projection's tracking table."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "audit_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        tables = {
            "leaves": "leaves",
            "by_position": "leaves_position_key",
            "nodes": "nodes",
            "checkpoints": "checkpoints",
        }
        statement = statements(self, tracking_table_name, tables)

        self.sql_create_statements.extend(statement(text) for text in _CREATE)
        self._insert_leaf = statement(_INSERT_LEAF)
        self._insert_node = statement(_INSERT_NODE)
        self._size = statement(_SIZE)
        self._select_leaf_hash = statement(_SELECT_LEAF_HASH)
        self._select_node = statement(_SELECT_NODE)
        self._select_nodes = statement(_SELECT_NODES)
        self._select_leaves = statement(_SELECT_LEAVES)
        self._select_leaves_after = statement(_SELECT_LEAVES_AFTER)
        self._select_index = statement(_SELECT_INDEX)
        self._insert_checkpoint = statement(_INSERT_CHECKPOINT)
        self._select_checkpoint = statement(_SELECT_CHECKPOINT)
        self._select_latest = statement(_SELECT_LATEST)
        self._select_between = statement(_SELECT_BETWEEN)

    def close(self) -> None:
        self.datastore.close()

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def append_leaves(
        self, leaves: Sequence[AuditLeaf], nodes: Sequence[Node], tracked: Sequence[Tracking]
    ) -> None:
        with self.datastore.transaction(commit=True) as curs:
            # Tracking first: a position already tracked fails before anything is written.
            # With the library's single-row tracking, the first record's tracking refuses a
            # batch that overlaps what is stored and the last one's moves it to the batch's end.
            for tracking in [*tracked[:1], *tracked[1:][-1:]]:
                self._insert_tracking(curs, tracking)
            curs.executemany(
                self._insert_leaf, [(f.index, f.position, f.leaf_hash) for f in leaves]
            )
            if nodes:
                curs.executemany(self._insert_node, nodes)

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def size(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._size, prepare=True)
            row = curs.fetchone()
        return 0 if row is None or row["last"] is None else int(row["last"]) + 1

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def node(self, level: int, index: int) -> bytes:
        with self.datastore.transaction(commit=False) as curs:
            if level == 0:
                curs.execute(self._select_leaf_hash, (index,), prepare=True)
            else:
                curs.execute(self._select_node, (level, index), prepare=True)
            row = curs.fetchone()
        if row is None:
            raise KeyError((level, index))
        return bytes(row["hash"])

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def nodes(self, places: Collection[Place]) -> dict[Place, bytes]:
        leaves = [index for level, index in places if level == 0]
        inner = [(level, index) for level, index in places if level > 0]
        levels, indexes = [level for level, _ in inner], [index for _, index in inner]
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_nodes, (leaves, levels, indexes), prepare=True)
            rows = curs.fetchall()
        return {(row["level"], row["node_index"]): bytes(row["hash"]) for row in rows}

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def leaves(self, start: int, count: int) -> list[AuditLeaf]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_leaves, (start, count), prepare=True)
            return [_leaf(row) for row in curs.fetchall()]

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def leaves_after(self, position: int, count: int) -> list[AuditLeaf]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_leaves_after, (position, count), prepare=True)
            return [_leaf(row) for row in curs.fetchall()]

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def index_of(self, position: int) -> int | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_index, (position,), prepare=True)
            row = curs.fetchone()
        return None if row is None else int(row["leaf_index"])

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def add_checkpoint(self, size: int, note: str) -> StoredCheckpoint:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._insert_checkpoint, (size, note), prepare=True)
            curs.execute(self._select_checkpoint, (size,), prepare=True)
            row = curs.fetchone()
        if row is None:  # inserted, or there already: never
            raise LookupError(f"no checkpoint at size {size} after storing one")
        return _checkpoint(row)

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def checkpoint(self, size: int | None = None) -> StoredCheckpoint | None:
        with self.datastore.transaction(commit=False) as curs:
            if size is None:
                curs.execute(self._select_latest, prepare=True)
            else:
                curs.execute(self._select_checkpoint, (size,), prepare=True)
            row = curs.fetchone()
        return None if row is None else _checkpoint(row)

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def checkpoints_between(self, first: int, last: int) -> list[StoredCheckpoint]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_between, (first, last), prepare=True)
            return [_checkpoint(row) for row in curs.fetchall()]


def _leaf(row: DictRow) -> AuditLeaf:
    return AuditLeaf(int(row["leaf_index"]), int(row["position"]), bytes(row["leaf_hash"]))


def _checkpoint(row: DictRow) -> StoredCheckpoint:
    return StoredCheckpoint(int(row["size"]), str(row["note"]))
