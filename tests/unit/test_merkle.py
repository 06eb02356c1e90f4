"""The RFC 9162 Merkle tree: reference vectors, the stored tree, proofs and their refusals."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from merkle import (
    EMPTY_ROOT,
    MemoryNodes,
    NodeReader,
    Place,
    RootAccumulator,
    appended,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    read_at_once,
    root,
    subtree_root,
    verify_consistency,
    verify_inclusion,
)

# --- Reference vectors (/work/shared/reference/merkle-vectors.md) ---------------------------

LEAVES = [
    bytes.fromhex(h)
    for h in (
        *("", "00", "10", "2021", "3031", "40414243", "5051525354555657"),
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]
H1 = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
H96 = "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"
H5F = "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"
HBC = "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
H6B = "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
HCA = "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
HD3 = "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"
H0E = "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"
INCLUSION_VECTORS = [
    (0, 1, []),
    (0, 2, [H96]),
    (1, 2, [H1]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, [H1, H5F, HBC]),
    (0, 8, [H96, H5F, H6B]),
    (5, 8, [HBC, HCA, HD3]),
]
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (1, 8, [H96, H5F, H6B]),
    (2, 5, [H5F, HBC]),
    (6, 8, [H0E, HCA, HD3]),
]


class CountingReader:
    """Counts the stored nodes a computation reads, to hold it to its O(log n) budget."""

    def __init__(self, nodes: MemoryNodes) -> None:
        self.nodes = nodes
        self.reads = 0

    def node(self, level: int, index: int) -> bytes:
        self.reads += 1
        return self.nodes.node(level, index)


Fetch = Callable[[Collection[Place]], Mapping[Place, bytes]]


def stored_tree(leaves: Sequence[bytes]) -> MemoryNodes:
    nodes = MemoryNodes()
    for size, data in enumerate(leaves):
        nodes.store(appended(size, leaf_hash(data), nodes))
    return nodes


# A log of fictitious event records; a tree of N leaves also answers for every smaller size,
# since the nodes of a prefix are never rewritten.
N = 640
RECORDS = [f'{{"case": "QR-2026-{i:06d}", "event": "ReferralAccepted"}}'.encode() for i in range(N)]


@cache
def big_tree() -> MemoryNodes:
    return stored_tree(RECORDS)


@cache
def big_root(size: int) -> bytes:
    return naive_root([leaf_hash(d) for d in RECORDS[:size]])


# --- Independent oracles: RFC 9162's recursive definitions, written out literally -----------


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def naive_root(hashes: Sequence[bytes]) -> bytes:
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = _k(len(hashes))
    return node_hash(naive_root(hashes[:k]), naive_root(hashes[k:]))


def naive_path(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    if len(hashes) <= 1:
        return []
    k = _k(len(hashes))
    if m < k:
        return [*naive_path(m, hashes[:k]), naive_root(hashes[k:])]
    return [*naive_path(m - k, hashes[k:]), naive_root(hashes[:k])]


def naive_subproof(m: int, hashes: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if whole else [naive_root(hashes)]
    k = _k(n)
    if m <= k:
        return [*naive_subproof(m, hashes[:k], whole), naive_root(hashes[k:])]
    return [*naive_subproof(m - k, hashes[k:], False), naive_root(hashes[:k])]


# --- Mutations: every way a proof can be wrong, each of which must be refused ---------------

Probe = tuple[str, Callable[[], bool]]
RootOf = Callable[[int], bytes | None]


def flipped(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    changed = bytearray(value)
    changed[bit // 8] ^= 1 << (bit % 8)
    return bytes(changed)


def list_mutations(proof: list[bytes], bit: int) -> Iterator[tuple[str, list[bytes]]]:
    """Every proof with one bit flipped, a hash dropped or added, or a hash of a wrong length."""
    stranger = leaf_hash(b"not in this log")
    for i, value in enumerate(proof):
        yield f"bit flipped in hash {i}", [*proof[:i], flipped(value, bit + i), *proof[i + 1 :]]
        yield f"hash {i} dropped", proof[:i] + proof[i + 1 :]
        yield f"byte after hash {i}", [*proof[:i], value + b"\x00", *proof[i + 1 :]]
        yield f"byte before hash {i}", [*proof[:i], b"\x00" + value, *proof[i + 1 :]]
        yield f"hash {i} cut to 31 bytes", [*proof[:i], value[:31], *proof[i + 1 :]]
        yield f"hash {i} repeated", [*proof[: i + 1], value, *proof[i + 1 :]]
    for i in range(len(proof) + 1):
        yield f"hash added at {i}", [*proof[:i], stranger, *proof[i:]]


def inclusion_probes(
    leaf: bytes, index: int, size: int, proof: list[bytes], root_of: RootOf, bit: int = 0
) -> Iterator[Probe]:
    good = root_of(size)
    assert good is not None

    def probe(
        label: str, li: bytes, i: int, s: int, p: Sequence[bytes], r: bytes | None
    ) -> Iterator[Probe]:
        if r is not None:
            yield label, lambda: verify_inclusion(li, i, s, p, r)

    for label, mutated in list_mutations(proof, bit):
        yield from probe(label, leaf, index, size, mutated, good)
    yield from probe("leaf bit flipped", flipped(leaf, bit), index, size, proof, good)
    yield from probe("root bit flipped", leaf, index, size, proof, flipped(good, bit))
    yield from probe("leaf of 33 bytes", leaf + b"\x00", index, size, proof, good)
    yield from probe("root of 31 bytes", leaf, index, size, proof, good[:31])
    if good != leaf:  # in a tree of one leaf, the leaf hash is the root
        yield from probe("leaf and root swapped", good, index, size, proof, leaf)
    for wrong in {index - 1, index + 1, index ^ 2, size, size + 1} - {index}:
        yield from probe(f"index {wrong}", leaf, wrong, size, proof, good)
    # A wrong size is checked with that size's root, as a verifier holding the checkpoint of
    # that size would: RFC 9162's algorithm binds the size only through the root, so a proof
    # checked against its own root under a size ±1 can pass (e.g. leaf 0 of 5 as of 6), and
    # it is the signed checkpoint that pairs a size with its root.
    for wrong in (size - 1, size + 1, size * 2):
        yield from probe(f"size {wrong}", leaf, index, wrong, proof, root_of(wrong))
    for wrong in (size * 2, size // 2):
        yield from probe(f"size {wrong}, same root", leaf, index, wrong, proof, good)


def consistency_probes(
    old: int, new: int, proof: list[bytes], root_of: RootOf, bit: int = 0
) -> Iterator[Probe]:
    old_root, new_root = root_of(old), root_of(new)
    assert old_root is not None
    assert new_root is not None

    def probe(
        label: str, a: int, b: int, ra: bytes | None, rb: bytes | None, p: Sequence[bytes]
    ) -> Iterator[Probe]:
        if ra is not None and rb is not None:
            yield label, lambda: verify_consistency(a, b, ra, rb, p)

    for label, mutated in list_mutations(proof, bit):
        yield from probe(label, old, new, old_root, new_root, mutated)
    yield from probe("old root bit", old, new, flipped(old_root, bit), new_root, proof)
    yield from probe("new root bit", old, new, old_root, flipped(new_root, bit), proof)
    yield from probe("old root of 33 bytes", old, new, old_root + b"\x00", new_root, proof)
    yield from probe("new root of 31 bytes", old, new, old_root, new_root[:31], proof)
    if old != new:
        yield from probe("roots swapped", old, new, new_root, old_root, proof)
        yield from probe("backwards", new, old, new_root, old_root, proof)
    yield from probe("from 0", 0, new, EMPTY_ROOT, new_root, proof)
    yield from probe("from 0, no proof", 0, new, EMPTY_ROOT, new_root, [])
    for wrong in (old - 1, old + 1, old * 2):
        if wrong != new:  # (new, new) with an empty proof is the one honest answer there
            yield from probe(f"old size {wrong}", wrong, new, root_of(wrong), new_root, proof)
    for wrong in (new - 1, new + 1, new * 2):
        yield from probe(f"new size {wrong}", old, wrong, old_root, root_of(wrong), proof)
    yield from probe("new size doubled, same root", old, new * 2, old_root, new_root, proof)
    yield from probe("old size doubled, same root", old * 2, new, old_root, new_root, proof)


def accepted(probes: Iterator[Probe]) -> list[str]:
    """The labels of the probes the verifier wrongly accepts."""
    results = [(label, check()) for label, check in probes]
    assert len(results) >= 10  # the probes did run
    return [label for label, verified in results if verified]


def reference_root(size: int) -> bytes | None:
    return ROOTS[size] if 0 <= size < len(ROOTS) else None


def big_tree_root(size: int) -> bytes | None:
    return big_root(size) if 0 <= size <= N else None


# --- Reference vectors ----------------------------------------------------------------------


def test_hashes_match_the_reference_vectors() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0].hex()
    assert leaf_hash(b"").hex() == H1
    assert leaf_hash(b"L123456").hex() == (
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert node_hash(b"N123", b"N456").hex() == (
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


@pytest.mark.parametrize("size", range(9))
def test_the_stored_tree_gives_the_reference_root_of_every_size(size: int) -> None:
    assert root(size, stored_tree(LEAVES)) == ROOTS[size]
    assert root(size, stored_tree(LEAVES[:size])) == ROOTS[size]


def test_the_accumulator_reaches_every_reference_root_in_turn() -> None:
    accumulator = RootAccumulator()
    assert (accumulator.size, accumulator.root()) == (0, ROOTS[0])

    for size, data in enumerate(LEAVES, start=1):
        accumulator.append(leaf_hash(data))
        assert (accumulator.size, accumulator.root()) == (size, ROOTS[size])


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_the_reference_vectors(
    index: int, size: int, expected: list[str]
) -> None:
    proof = inclusion_proof(index, size, stored_tree(LEAVES))

    assert [h.hex() for h in proof] == expected
    assert verify_inclusion(leaf_hash(LEAVES[index]), index, size, proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_the_reference_vectors(
    old: int, new: int, expected: list[str]
) -> None:
    proof = consistency_proof(old, new, stored_tree(LEAVES))

    assert [h.hex() for h in proof] == expected
    assert verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION_VECTORS)
def test_every_mutation_of_a_reference_inclusion_proof_is_refused(
    index: int, size: int, expected: list[str]
) -> None:
    proof = [bytes.fromhex(h) for h in expected]
    leaf = leaf_hash(LEAVES[index])

    assert accepted(inclusion_probes(leaf, index, size, proof, reference_root)) == []


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY_VECTORS)
def test_every_mutation_of_a_reference_consistency_proof_is_refused(
    old: int, new: int, expected: list[str]
) -> None:
    proof = [bytes.fromhex(h) for h in expected]

    assert accepted(consistency_probes(old, new, proof, reference_root)) == []


# --- The stored tree ------------------------------------------------------------------------


def test_appending_stores_the_leaf_and_every_subtree_it_completes() -> None:
    nodes = stored_tree(LEAVES[:7])
    leaf = leaf_hash(LEAVES[7])

    completed = appended(7, leaf, nodes)

    assert [(level, index) for level, index, _ in completed] == [(0, 7), (1, 3), (2, 1), (3, 0)]
    assert completed[0][2] == leaf
    assert completed[-1][2] == ROOTS[8]
    assert [(level, index) for level, index, _ in appended(8, leaf, nodes)] == [(0, 8)]


def test_a_root_beyond_the_stored_leaves_is_a_missing_node() -> None:
    with pytest.raises(KeyError):
        root(9, stored_tree(LEAVES))


def test_subtree_root_of_every_range_follows_the_recursive_definition() -> None:
    nodes = big_tree()
    hashes = [leaf_hash(d) for d in RECORDS[:21]]

    for start in range(21):
        for end in range(start, 22):
            assert subtree_root(start, end, nodes) == naive_root(hashes[start:end]), (start, end)


def test_arguments_outside_the_tree_are_refused() -> None:
    nodes = stored_tree(LEAVES)
    refused: list[Callable[[], object]] = [
        lambda: root(-1, nodes),
        lambda: subtree_root(3, 2, nodes),
        lambda: appended(-1, leaf_hash(b""), nodes),
        lambda: appended(8, leaf_hash(b"")[:31], nodes),
        lambda: inclusion_proof(8, 8, nodes),
        lambda: inclusion_proof(-1, 8, nodes),
        lambda: consistency_proof(0, 8, nodes),
        lambda: consistency_proof(5, 4, nodes),
        lambda: RootAccumulator().append(leaf_hash(b"") + b"\x00"),
    ]
    for call in refused:
        with pytest.raises(ValueError):  # noqa: PT011 (each message is checked where it is raised)
            call()


def test_empty_and_single_leaf_edge_cases() -> None:
    leaf = leaf_hash(b"")
    assert verify_inclusion(leaf, 0, 1, [], leaf)
    assert not verify_inclusion(leaf, 0, 0, [], EMPTY_ROOT)
    assert verify_consistency(1, 1, leaf, leaf, [])
    assert not verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert not verify_consistency(1, 1, leaf, leaf, [leaf])


def test_values_that_are_not_32_byte_hashes_are_refused_even_when_nothing_is_hashed() -> None:
    # With no proof to fold, the roots are compared as given: only the length check stands
    # between these and a false "verified".
    for wrong in (leaf_hash(b"")[:31], leaf_hash(b"") + b"\x00", b""):
        assert not verify_inclusion(wrong, 0, 1, [], wrong)
        assert not verify_consistency(1, 1, wrong, wrong, [])
    proof = inclusion_proof(0, 2, stored_tree(LEAVES))
    # One hash where the list of hashes belongs, as untyped JSON could deliver it.
    one_hash: Sequence[bytes] = proof[0]  # type: ignore[assignment]
    assert not verify_inclusion(leaf_hash(LEAVES[0]), 0, 2, one_hash, ROOTS[2])


# --- Properties over logs of up to a few hundred leaves --------------------------------------

sizes = st.integers(min_value=1, max_value=300)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=300), st.data())
def test_appended_nodes_give_the_recursive_root(leaves: list[bytes], data: st.DataObject) -> None:
    nodes = stored_tree(leaves)
    hashes = [leaf_hash(d) for d in leaves]
    accumulator = RootAccumulator()
    for size, leaf in enumerate(hashes, start=1):
        accumulator.append(leaf)
        assert root(size, nodes) == accumulator.root()

    size = data.draw(st.integers(min_value=0, max_value=len(leaves)), label="size")
    assert root(size, nodes) == naive_root(hashes[:size])
    assert root(len(leaves), nodes) == accumulator.root() == naive_root(hashes)


@settings(max_examples=150, deadline=None)
@given(sizes, st.data())
def test_every_honest_inclusion_proof_is_the_rfc_path_and_verifies(
    size: int, data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    hashes = [leaf_hash(d) for d in RECORDS[:size]]

    proof = inclusion_proof(index, size, big_tree())

    assert proof == naive_path(index, hashes)
    assert verify_inclusion(hashes[index], index, size, proof, big_root(size))


@settings(max_examples=150, deadline=None)
@given(sizes, st.data())
def test_every_honest_consistency_proof_is_the_rfc_proof_and_verifies(
    new: int, data: st.DataObject
) -> None:
    old = data.draw(st.integers(min_value=1, max_value=new), label="old")
    hashes = [leaf_hash(d) for d in RECORDS[:new]]

    proof = consistency_proof(old, new, big_tree())

    assert proof == naive_subproof(old, hashes, True)
    assert verify_consistency(old, new, big_root(old), big_root(new), proof)


@settings(max_examples=150, deadline=None)
@given(sizes, st.data(), st.integers(min_value=0, max_value=255))
def test_every_mutated_inclusion_proof_is_refused(size: int, data: st.DataObject, bit: int) -> None:
    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    proof = inclusion_proof(index, size, big_tree())
    leaf = leaf_hash(RECORDS[index])

    assert accepted(inclusion_probes(leaf, index, size, proof, big_tree_root, bit)) == []


@settings(max_examples=150, deadline=None)
@given(sizes, st.data(), st.integers(min_value=0, max_value=255))
def test_every_mutated_consistency_proof_is_refused(
    new: int, data: st.DataObject, bit: int
) -> None:
    old = data.draw(st.integers(min_value=1, max_value=new), label="old")
    proof = consistency_proof(old, new, big_tree())

    assert accepted(consistency_probes(old, new, proof, big_tree_root, bit)) == []


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=N))
def test_a_root_reads_one_node_per_complete_subtree_of_the_size(size: int) -> None:
    reader = CountingReader(big_tree())

    root(size, reader)

    assert reader.reads == size.bit_count()


@settings(max_examples=150, deadline=None)
@given(sizes, st.data())
def test_proofs_read_at_most_two_nodes_per_tree_level(new: int, data: st.DataObject) -> None:
    levels = (new - 1).bit_length()  # ⌈log2 n⌉
    index = data.draw(st.integers(min_value=0, max_value=new - 1), label="index")
    old = data.draw(st.integers(min_value=1, max_value=new), label="old")
    reader = CountingReader(big_tree())

    inclusion_proof(index, new, reader)
    inclusion_reads, reader.reads = reader.reads, 0
    consistency_proof(old, new, reader)

    # O(log n) for both: well within the O(log² n) allowed for a proof.
    assert inclusion_reads <= 2 * levels
    assert reader.reads <= 2 * levels


def test_appending_reads_only_the_left_siblings_it_completes() -> None:
    nodes = big_tree()
    for size in (0, 1, 6, 7, 255, 256, 511):
        reader = CountingReader(nodes)
        appended(size, leaf_hash(b"next"), reader)
        trailing_ones = (size ^ (size + 1)).bit_length() - 1
        assert reader.reads == trailing_ones


def fetching(nodes: MemoryNodes, asked: list[int]) -> Fetch:
    """Fetches from ``nodes`` what is stored among the places asked, noting how many."""

    def fetch(places: Collection[Place]) -> dict[Place, bytes]:
        asked.append(len(places))
        found = {}
        for place in places:
            try:
                found[place] = nodes.node(*place)
            except KeyError:
                continue
        return found

    return fetch


@given(size=st.integers(1, 300), data=st.data())
def test_read_at_once_fetches_what_a_proof_reads_at_once_and_gives_the_same_proof(
    size: int, data: st.DataObject
) -> None:
    nodes = stored_tree([i.to_bytes(4, "big") for i in range(size)])
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(1, size))
    computations: list[Callable[[NodeReader], object]] = [
        lambda reader: root(size, reader),
        lambda reader: inclusion_proof(index, size, reader),
        lambda reader: consistency_proof(old, size, reader),
    ]
    for compute in computations:
        asked: list[int] = []
        reads = CountingReader(nodes)
        assert read_at_once(compute, fetching(nodes, asked)) == compute(reads)
        assert asked == [reads.reads]  # one fetch, of as many nodes as a reader reads


def test_read_at_once_misses_a_node_not_stored_as_a_reader_does() -> None:
    nodes = stored_tree([b"a", b"b", b"c", b"d"])
    with pytest.raises(KeyError):
        read_at_once(lambda reader: root(5, reader), fetching(nodes, []))
