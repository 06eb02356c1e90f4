"""RFC 9162 inclusion and consistency proofs: built from the stored tree, checked by anyone.

Proofs are produced from stored complete subtrees (``merkle.tree``), reading O(log² n)
nodes at most. The verifiers are the RFC's algorithms (§2.1.3.2, §2.1.4.2) and answer ``False``
for anything that is not an honest proof, malformed input included: callers turn that into one
refusal instead of handling a family of exceptions.
"""

from __future__ import annotations

from collections.abc import Sequence

from merkle.tree import NodeReader, is_hash, node_hash, split_point, subtree_root


def inclusion_proof(index: int, size: int, reader: NodeReader) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, ordered from the leaf up to the root."""
    if not 0 <= index < size:
        raise ValueError(f"Leaf {index} is not in a tree of {size} leaves.")
    path: list[bytes] = []
    start, end = 0, size
    # Walk down from the root; each step records the sibling subtree of the side holding the leaf.
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(subtree_root(start + k, end, reader))
            end = start + k
        else:
            path.append(subtree_root(start, start + k, reader))
            start += k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, reader: NodeReader) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) of RFC 9162 §2.1.4.1; empty when the sizes are equal.

    The RFC defines proofs for 0 < old_size only: the empty tree is consistent with every tree
    and needs no proof, so asking for one is a caller's mistake.
    """
    if not 0 < old_size <= new_size:
        raise ValueError(
            f"No consistency proof from {old_size} to {new_size} leaves: "
            "it needs 0 < old size ≤ new size."
        )
    proof: list[bytes] = []
    # SUBPROOF(m, D[start:end], whole) unrolled: m counts the old leaves within [start, end).
    start, end, m, whole = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree_root(start + k, end, reader))
            end = start + k
        else:
            proof.append(subtree_root(start, start + k, reader))
            start, m, whole = start + k, m - k, False
    if not whole:
        # The old tree's last complete subtree, which the verifier cannot know by itself.
        proof.append(subtree_root(start, end, reader))
    proof.reverse()
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows the leaf hash ``leaf`` at ``index`` in the tree ``(size, root)``."""
    if not _are_hashes(leaf, root, proof) or not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    value = leaf
    for sibling in proof:
        if sn == 0:
            return False  # a hash too many: the path already reached the root
        if fn & 1 or fn == sn:
            value = node_hash(sibling, value)
            # On the right edge, levels where the node has no sibling are skipped.
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            value = node_hash(value, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and value == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree ``(new_size, new_root)`` extends ``(old_size, old_root)``.

    Equal sizes need an empty proof and equal roots. An old size of 0 is refused, as in RFC 9162
    (which defines proofs for 0 < old size only), as is a new size smaller than the old one.
    """
    if not _are_hashes(old_root, new_root, proof) or not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        # The old tree is one complete subtree of the new one, so its root starts the path.
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    old_value = new_value = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            old_value = node_hash(node, old_value)
            new_value = node_hash(node, new_value)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            new_value = node_hash(new_value, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and old_value == old_root and new_value == new_root


def _are_hashes(first: bytes, second: bytes, proof: Sequence[bytes]) -> bool:
    # Every hash exactly 32 bytes: a proof hash with bytes before or after is not a hash at all,
    # and a str or bytes passed as the proof itself is not a list of hashes.
    if isinstance(proof, str | bytes | bytearray):
        return False
    return is_hash(first) and is_hash(second) and all(is_hash(h) for h in proof)
