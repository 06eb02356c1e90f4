"""Proof files checked against signed trees, on the reference vectors of RFC 9162's trees
(/work/shared/reference/merkle-vectors.md, the Go transparency-log implementation's)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import pytest

from merkle.leaves import Record
from merkle.proof_check import (
    ConsistencyClaim,
    HeldLeaf,
    InclusionClaim,
    ProofFileError,
    check_consistency,
    check_inclusion,
    held_leaf,
    hex_hash,
    read_consistency,
    read_inclusion,
)
from merkle.signed_note import Checkpoint
from merkle.tree import leaf_hash

ORIGIN = "ruta.example/pruebas"
ROOT_5 = "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"
ROOT_2 = "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
PATH_1_5 = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
]
PROOF_2_5 = [
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
]


def inclusion_file(**changes: Any) -> bytes:
    """Leaf d1 (``00``) at index 1 of the tree of five reference leaves, as the API writes it."""
    served = {
        "position": 2,
        "index": 1,
        "size": 5,
        "leaf_hash": leaf_hash(bytes.fromhex("00")).hex(),
        "root": ROOT_5,
        "proof": PATH_1_5,
        **changes,
    }
    return json.dumps(served).encode()


def consistency_file(**changes: Any) -> bytes:
    served = {"from": 2, "to": 5, "from_root": ROOT_2, "to_root": ROOT_5, "proof": PROOF_2_5}
    return json.dumps({**served, **changes}).encode()


def signed(size: int, root: str) -> Checkpoint:
    return Checkpoint(ORIGIN, size, bytes.fromhex(root))


def test_the_reference_inclusion_proof_holds_in_its_signed_tree() -> None:
    assert check_inclusion(read_inclusion(inclusion_file()), signed(5, ROOT_5)) is None


def test_the_reference_consistency_proof_holds_between_its_signed_trees() -> None:
    claim = read_consistency(consistency_file())
    assert check_consistency(claim, signed(2, ROOT_2), signed(5, ROOT_5)) is None


@pytest.mark.parametrize("hop", range(3))
def test_one_flipped_bit_anywhere_in_the_path_fails_it(hop: int) -> None:
    path = list(PATH_1_5)
    path[hop] = f"{int(path[hop][:2], 16) ^ 1:02x}" + path[hop][2:]
    failure = check_inclusion(read_inclusion(inclusion_file(proof=path)), signed(5, ROOT_5))
    assert failure is not None
    assert failure.code == "inclusion_path"


@pytest.mark.parametrize("path", [PATH_1_5[:-1], [*PATH_1_5, PATH_1_5[0]]])
def test_a_path_one_hash_short_or_long_fails(path: list[str]) -> None:
    failure = check_inclusion(read_inclusion(inclusion_file(proof=path)), signed(5, ROOT_5))
    assert failure is not None
    assert failure.code == "inclusion_path"


def test_a_proof_is_checked_against_the_signed_root_not_its_own() -> None:
    """A forger can make any path lead to a root of their choosing: the root must be signed."""
    claim = read_inclusion(inclusion_file())
    failure = check_inclusion(claim, signed(5, ROOT_2))
    assert failure is not None
    assert failure.code == "root"
    other_size = check_inclusion(claim, signed(6, ROOT_5))
    assert other_size is not None
    assert other_size.code == "size"


def test_a_held_record_must_be_the_proofs() -> None:
    claim = read_inclusion(inclusion_file())
    right = HeldLeaf(claim.leaf_hash, 2)
    assert check_inclusion(claim, signed(5, ROOT_5), right) is None
    wrong_place = check_inclusion(claim, signed(5, ROOT_5), HeldLeaf(claim.leaf_hash, 3))
    assert wrong_place is not None
    assert wrong_place.code == "leaf_position"
    wrong_leaf = check_inclusion(claim, signed(5, ROOT_5), HeldLeaf(bytes(32)))
    assert wrong_leaf is not None
    assert wrong_leaf.code == "leaf"


def test_consistency_names_sizes_roots_and_origins_that_differ() -> None:
    claim = read_consistency(consistency_file())
    sizes = check_consistency(claim, signed(3, ROOT_2), signed(5, ROOT_5))
    roots = check_consistency(claim, signed(2, ROOT_5), signed(5, ROOT_5))
    origins = check_consistency(
        claim, Checkpoint("elsewhere", 2, bytes.fromhex(ROOT_2)), signed(5, ROOT_5)
    )
    assert [f.code if f else None for f in (sizes, roots, origins)] == ["sizes", "roots", "origins"]
    tampered = read_consistency(consistency_file(proof=PROOF_2_5[::-1]))
    failure = check_consistency(tampered, signed(2, ROOT_2), signed(5, ROOT_5))
    assert failure is not None
    assert failure.code == "consistency_path"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\xff", "not_json"),
        (b"[1]", "not_object"),
        (inclusion_file(size=True), "not_count"),
        (inclusion_file(index=-1), "not_count"),
        (inclusion_file(root=ROOT_5.upper()), "not_hash"),
        (inclusion_file(root=ROOT_5 + "00"), "not_hash"),
        (inclusion_file(proof=PATH_1_5[0]), "not_hashes"),
        (json.dumps({"index": 1}).encode(), "missing"),
    ],
)
def test_a_file_that_is_not_the_apis_proof_is_refused_saying_why(data: bytes, code: str) -> None:
    with pytest.raises(ProofFileError) as refused:
        read_inclusion(data)
    assert refused.value.code == code


def test_fields_the_api_may_add_later_are_ignored() -> None:
    claim = read_inclusion(inclusion_file(folio="QR-2026-000019"))
    assert claim == InclusionClaim(2, 1, 5, claim.leaf_hash, bytes.fromhex(ROOT_5), claim.proof)
    assert read_consistency(consistency_file(note="x")) == ConsistencyClaim(
        2, 5, bytes.fromhex(ROOT_2), bytes.fromhex(ROOT_5), tuple(map(bytes.fromhex, PROOF_2_5))
    )


def test_a_held_record_is_read_from_its_leaf_or_its_export_line_and_hashed_here() -> None:
    record = Record(7, UUID(int=1), 1, "ruta.case:Opened", b'{"a":1}')
    expected = HeldLeaf(leaf_hash(record.leaf()), 7)
    assert held_leaf(record.leaf()) == expected
    # The line's shown leaf_hash is not trusted: the leaf is hashed again.
    assert held_leaf(record.export_line(bytes(32)).encode()) == expected
    for bad in (b"plain text", record.leaf()[:20], b"{}\n{}\n"):
        with pytest.raises(ProofFileError):
            held_leaf(bad)


def test_a_hash_by_hand_is_64_hex_digits_in_either_case() -> None:
    assert hex_hash(ROOT_5.upper()) == bytes.fromhex(ROOT_5)
    assert hex_hash(ROOT_5[:-1]) is None
    assert hex_hash("g" * 64) is None
