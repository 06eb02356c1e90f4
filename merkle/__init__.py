"""The verifiable-history Merkle tree (RFC 9162 §2.1): the one import for writers and verifiers.

The tree and its storage protocol live in ``merkle_tree``, proofs and their verification in
``merkle_proofs``; this module names the public API so callers need not know the split.
"""

from __future__ import annotations

from merkle.proofs import (
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from merkle.tree import (
    EMPTY_ROOT,
    HASH_SIZE,
    MemoryNodes,
    Node,
    NodeReader,
    Place,
    RootAccumulator,
    appended,
    leaf_hash,
    node_hash,
    read_at_once,
    root,
    subtree_root,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MemoryNodes",
    "Node",
    "NodeReader",
    "Place",
    "RootAccumulator",
    "appended",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "read_at_once",
    "root",
    "subtree_root",
    "verify_consistency",
    "verify_inclusion",
]
