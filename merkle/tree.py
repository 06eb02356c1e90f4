"""RFC 9162 §2.1 Merkle tree of the event log: hashing, the stored tree and a streaming root.

The tree is kept as its complete subtrees: node ``(level, index)`` is the hash of the perfect
subtree over leaves ``[index·2^level, (index+1)·2^level)``, level 0 holding the leaf hashes. Those
nodes never change once written, so a writer only ever adds rows, and the root of any size (and
every proof, see ``merkle.proofs``) is read from O(log n) of them, never from the leaves.
Standard library only: the offline verifier must not depend on anything but this and the note
format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Protocol, TypeVar

HASH_SIZE = 32
# MTH({}) = SHA-256() for the empty tree (RFC 9162 §2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()

Node = tuple[int, int, bytes]
"""A stored node: ``(level, index, hash)``."""
Place = tuple[int, int]
"""Where a node is stored: ``(level, index)``."""
T = TypeVar("T")


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 ‖ data): the hash of one leaf, domain-separated from inner nodes."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right): the hash of an inner node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


class NodeReader(Protocol):
    """Reads stored complete-subtree hashes; ``node`` raises ``KeyError`` for one not stored."""

    def node(self, level: int, index: int) -> bytes: ...


class MemoryNodes:
    """A ``NodeReader`` over a dict, for tests and the offline verifier."""

    def __init__(self) -> None:
        self._nodes: dict[tuple[int, int], bytes] = {}

    def node(self, level: int, index: int) -> bytes:
        return self._nodes[level, index]

    def store(self, nodes: Iterable[Node]) -> None:
        for level, index, value in nodes:
            self._nodes[level, index] = value

    def __len__(self) -> int:
        return len(self._nodes)


def appended(size: int, leaf: bytes, reader: NodeReader) -> list[Node]:
    """The nodes completed by appending the leaf hash ``leaf`` at index ``size``, to be stored.

    First the level-0 node, then each parent it completes: as long as the new node is a right
    child (odd index), its left sibling is already stored and the pair is complete.
    """
    if size < 0:
        raise ValueError(f"A tree size cannot be negative: {size}.")
    _require_hash(leaf, "leaf hash")
    nodes = [(0, size, leaf)]
    level, index, value = 0, size, leaf
    while index & 1:
        value = node_hash(reader.node(level, index - 1), value)
        level, index = level + 1, index >> 1
        nodes.append((level, index, value))
    return nodes


def read_at_once(
    compute: Callable[[NodeReader], T], fetch: Callable[[Collection[Place]], Mapping[Place, bytes]]
) -> T:
    """``compute(reader)`` with the nodes it reads fetched together (one query, not dozens).

    Which nodes a root or a proof reads depends on sizes and indexes alone, never on the hashes,
    so a first pass with placeholder hashes lists them. ``fetch`` returns the stored ones among
    them; the second pass raises ``KeyError`` for any other, as a reader does.
    """
    plan = _Plan()
    compute(plan)
    return compute(_Fetched(fetch(plan.places)))


class _Plan:
    def __init__(self) -> None:
        self.places: dict[Place, None] = {}  # in order, once each

    def node(self, level: int, index: int) -> bytes:
        self.places[level, index] = None
        return EMPTY_ROOT  # any hash: only where the nodes are matters in this pass


class _Fetched:
    def __init__(self, found: Mapping[Place, bytes]) -> None:
        self.found = found

    def node(self, level: int, index: int) -> bytes:
        return self.found[level, index]


def root(size: int, reader: NodeReader) -> bytes:
    """MTH of the first ``size`` leaves, reading one stored node per 1-bit of ``size``."""
    if size < 0:
        raise ValueError(f"A tree size cannot be negative: {size}.")
    return subtree_root(0, size, reader)


def subtree_root(start: int, end: int, reader: NodeReader) -> bytes:
    """MTH(D[start:end]), built from stored complete subtrees only.

    Follows RFC 9162's split at the largest power of two below the length, so a range that
    starts on a boundary of its own size (as every range in a root or proof does) costs one read
    per complete subtree of its binary decomposition, combined from right to left.
    """
    if not 0 <= start <= end:
        raise ValueError(f"Not a range of leaves: [{start}, {end}).")
    if start == end:
        return EMPTY_ROOT
    return _range_hash(start, end, reader)


def _range_hash(start: int, end: int, reader: NodeReader) -> bytes:
    length = end - start
    if length & (length - 1) == 0 and start % length == 0:
        return reader.node(length.bit_length() - 1, start // length)
    k = split_point(length)
    return node_hash(_range_hash(start, start + k, reader), _range_hash(start + k, end, reader))


def split_point(length: int) -> int:
    """The largest power of two strictly below ``length`` (≥ 2): RFC 9162's k."""
    return 1 << ((length - 1).bit_length() - 1)


class RootAccumulator:
    """The root of a log read in order, from its leaf hashes, in O(log n) memory.

    Keeps only the right edge: the hashes of the complete subtrees of the current size's binary
    decomposition, largest (leftmost) first. ``root()`` folds them right to left, which is
    exactly MTH for a size that is not a power of two.
    """

    def __init__(self) -> None:
        self._size = 0
        self._edge: list[bytes] = []

    @property
    def size(self) -> int:
        return self._size

    def append(self, leaf: bytes) -> None:
        """Add the next leaf hash (``leaf_hash(data)``, not the data)."""
        if not isinstance(leaf, bytes) or len(leaf) != HASH_SIZE:  # is_hash, one call fewer
            _require_hash(leaf, "leaf hash")
        value, carry = leaf, self._size
        # Like adding 1 in binary: every trailing 1-bit is a subtree the new one completes.
        while carry & 1:
            value = node_hash(self._edge.pop(), value)
            carry >>= 1
        self._edge.append(value)
        self._size += 1

    def root(self) -> bytes:
        """The root of everything appended so far (the empty-tree root before the first)."""
        if not self._edge:
            return EMPTY_ROOT
        value = self._edge[-1]
        for left in reversed(self._edge[:-1]):
            value = node_hash(left, value)
        return value


def is_hash(value: object) -> bool:
    """Whether ``value`` is bytes of a SHA-256 hash's length (32, not 31, not 33)."""
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _require_hash(value: bytes, what: str) -> None:
    if not is_hash(value):
        raise ValueError(f"A {what} is {HASH_SIZE} bytes.")
