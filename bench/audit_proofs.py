"""Inclusion and consistency proofs from an audit log of realistic size, on SQLite or PostgreSQL.

A proof is built from the stored tree one node read at a time (``merkle.proofs``: a few
dozen reads for 100,000 leaves), and checked by hashing along it; so one node read is the
baseline of building a proof, and one node hash (a SHA-256) the baseline of checking one.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from eventsourcing.persistence import Tracking

import merkle
from adapters.bootstrap import store_env
from adapters.view_settings import open_view
from bench.audit_export import ORIGIN
from bench.results import _render, percentile
from bench.stores import provision
from domain.hub import Hub
from merkle.signed_note import SignerKey, sign_checkpoint, verify_checkpoint
from projections.audit_log import AuditLeaf, AuditLogProjection, AuditLogView

BATCH = 5_000  # leaves per transaction while the view is filled
SEED = 9162  # the same leaves and sizes are asked for in every run
COUNTED = 20  # operations whose node reads are counted

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    """One operation timed ``len(seconds)`` times, and the median of its baseline, if any."""

    store: str
    figure: str
    seconds: tuple[float, ...]
    work: str = ""  # what one operation does: node reads, or hashes in the proof
    baseline: float | None = None

    @property
    def median(self) -> float:
        return percentile(self.seconds, 0.5)


def run(store: str, leaves: int, samples: int) -> list[Timing]:
    """Fill a fresh audit log of kind ``store`` with ``leaves`` leaves, then time ``samples``
    operations of each kind: proofs of random leaves in the whole tree, and of the whole tree
    extending random smaller sizes (the same ones every run)."""
    with provision(store) as where:
        settings = where.hub_settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        # On SQLite the audit log's own file, audit.db, in the data directory.
        view: AuditLogView = open_view(
            AuditLogProjection.name, store_env(settings), settings.data_dir
        )
        try:
            fill(view, leaves)
            return _timings(store, view, samples)
        finally:
            view.close()


def fill(view: AuditLogView, size: int) -> None:
    """``size`` leaves with the inner nodes they complete, written as the projection writes."""
    nodes = merkle.MemoryNodes()
    for start in range(0, size, BATCH):
        batch: list[AuditLeaf] = []
        inner: list[merkle.Node] = []
        for index in range(start, min(size, start + BATCH)):
            value = merkle.leaf_hash(index.to_bytes(8, "big"))
            completed = merkle.appended(index, value, nodes)
            nodes.store(completed)
            batch.append(AuditLeaf(index, index + 1, value))
            inner += [node for node in completed if node[0] > 0]
        view.append_leaves(batch, inner, [Tracking(Hub.name, leaf.position) for leaf in batch])


def _timings(store: str, view: AuditLogView, samples: int) -> list[Timing]:
    size = view.size()
    rng = random.Random(SEED)
    indexes = [rng.randrange(size) for _ in range(samples)]
    olds = [rng.randrange(1, size) for _ in range(samples)]
    root = view.root()
    leaves = [view.leaf_hash(i) for i in indexes]
    old_roots = [view.root(old) for old in olds]
    key = SignerKey.generate(ORIGIN)
    note = sign_checkpoint(ORIGIN, size, root, key)

    _, read = _each(lambda i: view.node(0, indexes[i]), samples)
    _, roots = _each(lambda i: view.root(), samples)
    inclusions, included = _each(lambda i: view.inclusion_proof(indexes[i], size), samples)
    consistencies, consistent = _each(lambda i: view.consistency_proof(olds[i], size), samples)
    _, hashed = _each(lambda i: merkle.node_hash(leaves[i], root), samples)
    inclusions_hold, inclusion_checks = _each(
        lambda i: merkle.verify_inclusion(leaves[i], indexes[i], size, inclusions[i], root),
        samples,
    )
    consistencies_hold, consistency_checks = _each(
        lambda i: merkle.verify_consistency(olds[i], size, old_roots[i], root, consistencies[i]),
        samples,
    )
    _, signed = _each(lambda i: verify_checkpoint(note, key.verifier), samples)
    if not all(inclusions_hold + consistencies_hold):
        # Not a figure: proofs read from the production tree must verify.
        raise RuntimeError(f"a proof from the {store} audit log did not verify")

    reads = _Counting(view, min(samples, COUNTED))
    node, sha = percentile(read, 0.5), percentile(hashed, 0.5)
    tree = f"{size:,} leaves"
    return [
        Timing(store, "one node read (baseline)", read, "1 read"),
        Timing(
            store, f"root(), {tree}", roots, reads.mean(lambda i: merkle.root(size, reads)), node
        ),
        Timing(
            store,
            "inclusion proof, build",
            included,
            reads.mean(lambda i: merkle.inclusion_proof(indexes[i], size, reads)),
            node,
        ),
        Timing(
            store,
            "consistency proof, build",
            consistent,
            reads.mean(lambda i: merkle.consistency_proof(olds[i], size, reads)),
            node,
        ),
        Timing(store, "one node hash (SHA-256, baseline)", hashed, "1 hash"),
        Timing(store, "inclusion proof, verify", inclusion_checks, _hashes(inclusions), sha),
        Timing(store, "consistency proof, verify", consistency_checks, _hashes(consistencies), sha),
        Timing(store, "signed checkpoint, verify (Ed25519)", signed, "1 signature", sha),
    ]


def _each(operation: Callable[[int], T], count: int) -> tuple[list[T], tuple[float, ...]]:
    """The results of ``operation(0) ... operation(count - 1)``, and each one's seconds."""
    results: list[T] = []
    seconds: list[float] = []
    for i in range(count):
        start = time.perf_counter()
        results.append(operation(i))
        seconds.append(time.perf_counter() - start)
    return results, tuple(seconds)


class _Counting:
    """The view's nodes, counting the reads of a few operations (untimed), on average."""

    def __init__(self, view: AuditLogView, count: int) -> None:
        self.view = view
        self.count = count
        self.reads = 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return self.view.node(level, index)

    def mean(self, operation: Callable[[int], object]) -> str:
        self.reads = 0
        for i in range(self.count):
            operation(i)
        return f"{self.reads / self.count:.0f} reads"


def _hashes(proofs: Sequence[Sequence[bytes]]) -> str:
    return f"{sum(map(len, proofs)) / len(proofs):.0f} hashes"


def format_timings(timings: Sequence[Timing]) -> str:
    header = ("store", "operation", "samples", "work", "median µs", "p99 µs", "× baseline")
    rows = [header] + [
        (
            t.store,
            t.figure,
            str(len(t.seconds)),
            t.work,
            _us(t.median),
            _us(percentile(t.seconds, 0.99)),
            "" if t.baseline is None else f"{t.median / t.baseline:,.1f}",
        )
        for t in timings
    ]
    return _render(rows, text_columns=2)


def _us(seconds: float) -> str:
    us = seconds * 1e6
    return f"{us:.1f}" if us < 100 else f"{us:,.0f}"
