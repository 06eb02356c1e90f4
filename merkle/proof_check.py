"""A proof the API served, checked offline against checkpoints the log's key signed.

The proofs are the JSON of ``GET /audit/proofs/inclusion`` and ``GET /audit/proofs/consistency``;
the checkpoints are the signed notes of ``GET /audit/checkpoint``, opened with the verifier key
beforehand (``merkle.signed_note.verify_checkpoint``). A proof file states its own roots, so
checking its path alone proves nothing: its tree must be the one a signed checkpoint names,
and only then is RFC 9162's path (``merkle.proofs``) checked.

Each check answers ``None`` when the proof holds, or a ``Failure`` whose code names what failed
and whose facts fill the sentence said about it (``cli.audit_prove.<code>`` in the catalogues).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from merkle.export_lines import RECORD, check_line
from merkle.leaves import LEAF_MAGIC, RecordError, unframe
from merkle.proofs import verify_consistency, verify_inclusion
from merkle.signed_note import Checkpoint
from merkle.tree import leaf_hash

_HEX = frozenset("0123456789abcdef")


class ProofFileError(ValueError):
    """A proof file that is not the JSON the API serves; ``code`` and ``facts`` say why."""

    def __init__(self, code: str, **facts: object) -> None:
        super().__init__(code)
        self.code = code
        self.facts = facts


@dataclass(frozen=True)
class Failure:
    """What failed (a stable code) and the facts its sentence states."""

    code: str
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class InclusionClaim:
    """What an inclusion proof file says: the record at ``position`` is leaf ``index`` of the
    tree of ``size`` leaves whose root is ``root``, by the audit path ``proof``."""

    position: int
    index: int
    size: int
    leaf_hash: bytes
    root: bytes
    proof: tuple[bytes, ...]


@dataclass(frozen=True)
class ConsistencyClaim:
    """What a consistency proof file says: the tree of ``new_size`` leaves extends the tree of
    ``old_size`` leaves, by ``proof``."""

    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    proof: tuple[bytes, ...]


def read_inclusion(data: bytes) -> InclusionClaim:
    """The claim of an inclusion proof file, or ``ProofFileError``. Fields the API may add
    later are ignored."""
    found = _object(data)
    return InclusionClaim(
        position=_count(found, "position"),
        index=_count(found, "index"),
        size=_count(found, "size"),
        leaf_hash=_hash(found, "leaf_hash"),
        root=_hash(found, "root"),
        proof=_hashes(found, "proof"),
    )


def read_consistency(data: bytes) -> ConsistencyClaim:
    """The claim of a consistency proof file, or ``ProofFileError``."""
    found = _object(data)
    return ConsistencyClaim(
        old_size=_count(found, "from"),
        new_size=_count(found, "to"),
        old_root=_hash(found, "from_root"),
        new_root=_hash(found, "to_root"),
        proof=_hashes(found, "proof"),
    )


@dataclass(frozen=True)
class HeldLeaf:
    """A record the auditor holds, as far as a proof is concerned: its leaf's hash and, when
    known from the leaf itself, its position."""

    leaf_hash: bytes
    position: int | None = None


def held_leaf(data: bytes) -> HeldLeaf:
    """The record in ``data``: its leaf as stored (``ruta-leaf-v1``), or its line of an export
    (whose leaf is hashed here, never its shown ``leaf_hash`` taken on trust)."""
    if data.startswith(LEAF_MAGIC):
        try:
            position = unframe(data)[0]
        except RecordError:
            raise ProofFileError("not_leaf") from None
        return HeldLeaf(leaf_hash(data), position)
    try:
        lines = [line for line in data.decode("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError:
        raise ProofFileError("not_leaf") from None
    checked = check_line(lines[0]) if len(lines) == 1 else None
    if checked is None or checked.kind != RECORD or checked.leaf_hash is None:
        raise ProofFileError("not_leaf")
    return HeldLeaf(checked.leaf_hash, checked.position)


def check_inclusion(
    claim: InclusionClaim, checkpoint: Checkpoint, held: HeldLeaf | None = None
) -> Failure | None:
    """Whether the claim holds in the signed ``checkpoint``; ``held``, when given, is the
    record the auditor holds, which must be the proof's."""
    if claim.size != checkpoint.size:
        return Failure("size", {"proof_size": claim.size, "size": checkpoint.size})
    if claim.root != checkpoint.root:
        return Failure("root", {"proof_root": claim.root.hex(), "root": checkpoint.root.hex()})
    if held is not None and held.position not in (None, claim.position):
        positions = {"leaf_position": held.position, "position": claim.position}
        return Failure("leaf_position", positions)
    if held is not None and held.leaf_hash != claim.leaf_hash:
        return Failure("leaf", {"given": held.leaf_hash.hex(), "proof": claim.leaf_hash.hex()})
    if not verify_inclusion(claim.leaf_hash, claim.index, claim.size, claim.proof, claim.root):
        return Failure("inclusion_path", {"index": claim.index, "size": claim.size})
    return None


def check_consistency(claim: ConsistencyClaim, old: Checkpoint, new: Checkpoint) -> Failure | None:
    """Whether the claim holds between the signed checkpoints ``old`` and ``new``."""
    if old.origin != new.origin:
        return Failure("origins", {"old_origin": old.origin, "new_origin": new.origin})
    if (claim.old_size, claim.new_size) != (old.size, new.size):
        sizes = {"proof_old": claim.old_size, "proof_new": claim.new_size}
        return Failure("sizes", {**sizes, "old": old.size, "new": new.size})
    if (claim.old_root, claim.new_root) != (old.root, new.root):
        return Failure("roots", {"old": old.size, "new": new.size})
    proof = claim.proof
    if not verify_consistency(old.size, new.size, old.root, new.root, proof):
        return Failure("consistency_path", {"old": old.size, "new": new.size})
    return None


def _object(data: bytes) -> dict[str, Any]:
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProofFileError("not_json") from None
    if not isinstance(found, dict):
        raise ProofFileError("not_object")
    return found


def _field(found: Mapping[str, Any], name: str) -> Any:
    if name not in found:
        raise ProofFileError("missing", field=name)
    return found[name]


def _count(found: Mapping[str, Any], name: str) -> int:
    value = _field(found, name)
    # bool is an int to Python, not to JSON's readers.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProofFileError("not_count", field=name)
    return value


def _hash(found: Mapping[str, Any], name: str) -> bytes:
    return _hex_hash(_field(found, name), name)


def _hashes(found: Mapping[str, Any], name: str) -> tuple[bytes, ...]:
    value = _field(found, name)
    if not isinstance(value, list):
        raise ProofFileError("not_hashes", field=name)
    return tuple(_hex_hash(item, name) for item in value)


def _hex_hash(value: object, name: str) -> bytes:
    """A SHA-256 hash as the API writes it: 64 lowercase hexadecimal digits."""
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _HEX:
        raise ProofFileError("not_hash", field=name)
    return bytes.fromhex(value)


def hex_hash(text: str) -> bytes | None:
    """A hash given by hand: 64 hexadecimal digits in either case, or ``None``."""
    lowered = text.strip().lower()
    if len(lowered) != 64 or not set(lowered) <= _HEX:
        return None
    return bytes.fromhex(lowered)
