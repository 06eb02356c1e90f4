"""The audit log: every stored record of the hub's log as a leaf of an RFC 9162 Merkle tree.

A leaf is ``merkle.leaves.Record.leaf()`` over the record's exact stored bytes, never a
decoded event, so case events, accounts, folios, command records and disclosures all count. The
view keeps each leaf's index, the record's position and its leaf hash, and every complete subtree
the tree has (``merkle``), so the root of any size and any proof read O(log n) nodes,
never every leaf. Signed checkpoints of the tree are stored beside it (``add_checkpoint``).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, Tracking, TrackingRecorder
from eventsourcing.projection import Projection

import merkle
from merkle.leaves import Record
from projections.log_head import FollowsLogHead


@dataclass(frozen=True)
class AuditLeaf:
    """One leaf: its place in the tree, the position of its record in the log, its hash."""

    index: int
    position: int
    leaf_hash: bytes


@dataclass(frozen=True)
class StoredCheckpoint:
    """A signed note of the tree at ``size`` leaves, as stored."""

    size: int
    note: str


class AuditLogView(TrackingRecorder, ABC):
    """The Merkle tree of the hub's log and its checkpoints, written with tracking records."""

    @abstractmethod
    def append_leaves(
        self, leaves: Sequence[AuditLeaf], nodes: Sequence[merkle.Node], tracked: Sequence[Tracking]
    ) -> None:
        """Store the leaves, the inner nodes they complete (level ≥ 1) and the tracking.

        One transaction: a position already tracked, a leaf index or a record position already
        stored raises ``IntegrityError`` and nothing is written, so each record is a leaf once.
        ``tracked`` is the tracking of the batch's records in log order.
        """

    @abstractmethod
    def size(self) -> int:
        """How many leaves the tree has."""

    @abstractmethod
    def node(self, level: int, index: int) -> bytes:
        """A stored complete subtree (level 0: a leaf hash); ``KeyError`` if not stored."""

    def nodes(self, places: Collection[merkle.Place]) -> dict[merkle.Place, bytes]:
        """The stored nodes among ``places`` (others left out), one read each: in-process stores
        (SQLite) read a node in microseconds; a server's (PostgreSQL) reads them in one query."""
        found: dict[merkle.Place, bytes] = {}
        for level, index in places:
            try:
                found[level, index] = self.node(level, index)
            except KeyError:
                continue
        return found

    @abstractmethod
    def leaves(self, start: int, count: int) -> list[AuditLeaf]:
        """Up to ``count`` leaves from index ``start``, in order."""

    @abstractmethod
    def leaves_after(self, position: int, count: int) -> list[AuditLeaf]:
        """Up to ``count`` leaves of the records after log position ``position``, in order."""

    @abstractmethod
    def index_of(self, position: int) -> int | None:
        """The leaf index of the record at log position ``position``, if it is a leaf yet."""

    @abstractmethod
    def add_checkpoint(self, size: int, note: str) -> StoredCheckpoint:
        """Store ``note`` as the checkpoint at ``size``, unless one is stored at that size:
        the stored one is returned either way (checkpoints are never replaced)."""

    @abstractmethod
    def checkpoint(self, size: int | None = None) -> StoredCheckpoint | None:
        """The checkpoint at ``size``, or the latest one (the largest size) without it."""

    @abstractmethod
    def checkpoints_between(self, first: int, last: int) -> list[StoredCheckpoint]:
        """The checkpoints whose size is from ``first`` to ``last`` (both included), in order."""

    def leaf_hash(self, index: int) -> bytes:
        """The leaf hash at ``index``; ``KeyError`` if the tree has no such leaf."""
        return self.node(0, index)

    def leaf_hashes(self, start: int, count: int) -> list[bytes]:
        return [leaf.leaf_hash for leaf in self.leaves(start, count)]

    def position_of(self, index: int) -> int | None:
        """The log position of the record at leaf ``index``, if the tree has that leaf."""
        found = self.leaves(index, 1) if index >= 0 else []
        return found[0].position if found else None

    def root(self, size: int | None = None) -> bytes:
        """The root of the tree of the first ``size`` leaves (all of them without it)."""
        size = self._size_at_most(size)
        return merkle.read_at_once(lambda nodes: merkle.root(size, nodes), self.nodes)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """RFC 9162's inclusion proof of leaf ``index`` in the tree of ``size`` leaves."""
        size = self._size_at_most(size)
        return merkle.read_at_once(
            lambda nodes: merkle.inclusion_proof(index, size, nodes), self.nodes
        )

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        """RFC 9162's proof that the tree of ``new_size`` leaves extends the one of ``old_size``."""
        new_size = self._size_at_most(new_size)
        return merkle.read_at_once(
            lambda nodes: merkle.consistency_proof(old_size, new_size, nodes), self.nodes
        )

    def right_edge(self) -> tuple[int, dict[tuple[int, int], bytes]]:
        """The size and the complete subtrees of its binary decomposition: all a writer needs
        to append, read in O(log n)."""
        size = self.size()
        edge: dict[tuple[int, int], bytes] = {}
        start = 0
        for level in reversed(range(size.bit_length())):
            if size >> level & 1:
                edge[level, start >> level] = self.node(level, start >> level)
                start += 1 << level
        return size, edge

    def _size_at_most(self, size: int | None) -> int:
        have = self.size()
        if size is None:
            return have
        if not 0 <= size <= have:
            raise ValueError(f"The tree has {have} leaves, not {size}.")
        return size

    def close(self) -> None:
        """Release the view's connections (the runner closes its application, not its view)."""


class AuditLogProjection(FollowsLogHead, Projection[AuditLogView]):
    """Follows the hub's stored records (``adapters.raw_log.RawLog``) and appends each as a leaf.

    Leaves are written in batches, each with the tracking of its records in one transaction:
    exactly once holds per batch, and the view never stores part of one. A record is held while
    the log is known to have more after it (``log_head``, the log's last position, set by the
    runner), up to ``batch_size`` records or ``max_hold`` seconds since the first one held, so a
    busy log costs one commit per batch rather than per record, and its lag stays bounded; a
    record at the log's head is written at once, so an idle log is never left unwritten.
    """

    name = "Audit"  # the AUDIT_ settings, and the audit_ tables on PostgreSQL
    topics = ()  # every record of the log is a leaf
    batch_size = 500
    max_hold = 0.1  # seconds: the records a writer sends meanwhile arrive one poll apart

    def __init__(self, view: AuditLogView) -> None:
        super().__init__(view)
        self._edge = _RightEdge(view)
        self._leaves: list[AuditLeaf] = []
        self._nodes: list[merkle.Node] = []
        self._tracked: list[Tracking] = []
        self._held_since = 0.0

    # One runner per view: the right edge is kept here, and a second writer fails on the
    # tracking record or the leaf index rather than store a tree computed from a stale edge.
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """``domain_event`` is the stored record itself (``RawLog``'s pass-through mapper)."""
        record = record_of(domain_event)
        value = merkle.leaf_hash(record.leaf())
        index = self._edge.size
        if not self._leaves:
            self._held_since = time.monotonic()
        nodes = self._edge.append(value)
        self._leaves.append(AuditLeaf(index, record.position, value))
        self._nodes.extend(node for node in nodes if node[0] > 0)
        self._tracked.append(tracking)
        if (
            len(self._leaves) >= self.batch_size
            or time.monotonic() - self._held_since >= self.max_hold
            or not self._more_after(record.position)
        ):
            self.flush()

    def flush(self) -> None:
        """Write the records held, with their tracking; on failure, forget them and the edge."""
        if not self._leaves:
            return
        try:
            self.view.append_leaves(self._leaves, self._nodes, self._tracked)
        except BaseException:
            self._edge = _RightEdge(self.view)  # what is stored, not what failed to be
            raise
        finally:
            self._leaves, self._nodes, self._tracked = [], [], []


class _RightEdge:
    """The complete subtrees of the tree's right edge, in memory: ``merkle.appended`` reads its
    left siblings here, so appending needs no reads from the view."""

    def __init__(self, view: AuditLogView) -> None:
        self.size, self._nodes = view.right_edge()

    def node(self, level: int, index: int) -> bytes:
        return self._nodes[level, index]

    def append(self, value: bytes) -> list[merkle.Node]:
        nodes = merkle.appended(self.size, value, self)
        for level, index, _ in nodes[:-1]:
            del self._nodes[level, index - 1]  # now inside the new subtree
        level, index, top = nodes[-1]
        self._nodes[level, index] = top
        self.size += 1
        return nodes


def record_of(notification: Notification) -> Record:
    """The stored record as the audit log hashes it: the notification's columns, its exact
    stored bytes."""
    originator = notification.originator_id
    return Record(
        position=notification.id,
        originator_id=originator if isinstance(originator, UUID) else UUID(str(originator)),
        originator_version=notification.originator_version,
        topic=notification.topic,
        state=bytes(notification.state),
    )
