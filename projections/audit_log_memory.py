"""The audit log in memory, for unit tests and the in-memory store."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.popo import POPOTrackingRecorder

from merkle import Node
from projections.audit_log import AuditLeaf, AuditLogView, StoredCheckpoint


class POPOAuditLogView(POPOTrackingRecorder, AuditLogView):
    """Lists and dictionaries under the recorder's lock: the checks and the writes are atomic."""

    def __init__(self) -> None:
        super().__init__()
        self._leaves: list[AuditLeaf] = []
        self._positions: list[int] = []  # ascending, as the leaves
        self._nodes: dict[tuple[int, int], bytes] = {}
        self._checkpoints: dict[int, str] = {}

    def append_leaves(
        self, leaves: Sequence[AuditLeaf], nodes: Sequence[Node], tracked: Sequence[Tracking]
    ) -> None:
        with self._database_lock:
            # Every check before any change: all or nothing.
            if tracked:
                self._assert_tracking_uniqueness(tracked[0])
            expected = len(self._leaves)
            last = self._positions[-1] if self._positions else 0
            for leaf in leaves:
                if leaf.index != expected or leaf.position <= last:
                    raise IntegrityError(f"leaf {leaf.index} at position {leaf.position}")
                expected, last = expected + 1, leaf.position
            if any((level, index) in self._nodes for level, index, _ in nodes):
                raise IntegrityError("a node of the batch is stored already")
            self._leaves.extend(leaves)
            self._positions.extend(leaf.position for leaf in leaves)
            self._nodes.update(((level, index), value) for level, index, value in nodes)
            for tracking in tracked:
                self._insert_tracking(tracking)

    def size(self) -> int:
        with self._database_lock:
            return len(self._leaves)

    def node(self, level: int, index: int) -> bytes:
        with self._database_lock:
            if level == 0:
                if not 0 <= index < len(self._leaves):
                    raise KeyError((level, index))
                return self._leaves[index].leaf_hash
            return self._nodes[level, index]

    def leaves(self, start: int, count: int) -> list[AuditLeaf]:
        with self._database_lock:
            return self._leaves[max(start, 0) : max(start, 0) + count]

    def leaves_after(self, position: int, count: int) -> list[AuditLeaf]:
        with self._database_lock:
            start = bisect.bisect_right(self._positions, position)
            return self._leaves[start : start + count]

    def index_of(self, position: int) -> int | None:
        with self._database_lock:
            index = bisect.bisect_left(self._positions, position)
            found = index < len(self._positions) and self._positions[index] == position
            return index if found else None

    def add_checkpoint(self, size: int, note: str) -> StoredCheckpoint:
        with self._database_lock:
            return StoredCheckpoint(size, self._checkpoints.setdefault(size, note))

    def checkpoint(self, size: int | None = None) -> StoredCheckpoint | None:
        with self._database_lock:
            if size is None:
                size = max(self._checkpoints, default=None)
            if size is None or size not in self._checkpoints:
                return None
            return StoredCheckpoint(size, self._checkpoints[size])

    def checkpoints_between(self, first: int, last: int) -> list[StoredCheckpoint]:
        with self._database_lock:
            sizes = sorted(s for s in self._checkpoints if first <= s <= last)
            return [StoredCheckpoint(s, self._checkpoints[s]) for s in sizes]
