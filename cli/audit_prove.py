"""``ruta audit prove``: check a proof the API served offline, as ``ruta audit verify`` checks an
export, and say in a sentence whether it holds.

``ruta audit prove inclusion --checkpoint NOTE --proof FILE [--leaf FILE | --leaf-hash HEX]
--key KEY``: the record of the proof (``GET /audit/proofs/inclusion``) is in the log the signed
checkpoint (``GET /audit/checkpoint``) names; with ``--leaf`` (the record's leaf, or its line of
an export) or ``--leaf-hash``, that record is the proof's.

``ruta audit prove consistency --old NOTE --new NOTE --proof FILE --key KEY``: the log of the
newer checkpoint extends the older one's (``GET /audit/proofs/consistency``), nothing changed.

KEY is the verifier key ``ruta audit key`` prints, or a file holding it. Exit codes: 0 the proof
holds, 1 it does not (a signature, a size, a root or the path fails), 2 a file or the key cannot
be read as what it should be.
"""

from __future__ import annotations

import argparse
from collections import ChainMap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from cli.audit_verify import Unreadable, cannot_read, read_key, read_note
from cli.language import spoken
from merkle.proof_check import (
    Failure,
    HeldLeaf,
    ProofFileError,
    check_consistency,
    check_inclusion,
    held_leaf,
    hex_hash,
    read_consistency,
    read_inclusion,
)
from merkle.signed_note import (
    BadSignature,
    Checkpoint,
    NoteError,
    NoteKeyError,
    NotSignedByKey,
    VerifierKey,
    verify_checkpoint,
)
from texts.translations import translation

T = TypeVar("T")

# A proof is a few dozen hashes; a leaf is one stored event (bodies are at most 256 KiB).
MAX_PROOF_FILE = 64 * 1024
MAX_LEAF_FILE = 4 * 1024 * 1024


class Refused(Exception):
    """A check that failed (exit code 1); the message is the sentence that says which."""


def leaf_hash(text: str) -> bytes:
    found = hex_hash(text)
    if found is None:
        raise argparse.ArgumentTypeError(spoken()("cli.help.not_a_hash", value=text))
    return found


def prove_inclusion(args: argparse.Namespace) -> int:
    text = _texts(args.lang)

    def check() -> str:
        key = read_key(args.key, text)
        checkpoint = _checkpoint(Path(args.checkpoint), key, text)
        claim = _read(Path(args.proof), "proof", MAX_PROOF_FILE, text, read_inclusion)
        held: HeldLeaf | None = None
        if args.leaf is not None:
            held = _read(Path(args.leaf), "leaf", MAX_LEAF_FILE, text, held_leaf)
        elif args.leaf_hash is not None:
            held = HeldLeaf(args.leaf_hash)
        _hold(check_inclusion(claim, checkpoint, held), "inclusion_fails", text)
        said = text["inclusion_holds"].format(
            position=claim.position,
            index=claim.index,
            size=claim.size,
            signer=_signer(key),
            origin=checkpoint.origin,
        )
        if held is None:
            said += "\n" + text["leaf_from_proof"].format(leaf_hash=claim.leaf_hash.hex())
        return said

    return _answer(check, text)


def prove_consistency(args: argparse.Namespace) -> int:
    text = _texts(args.lang)

    def check() -> str:
        key = read_key(args.key, text)
        old = _checkpoint(Path(args.old), key, text)
        new = _checkpoint(Path(args.new), key, text)
        claim = _read(Path(args.proof), "proof", MAX_PROOF_FILE, text, read_consistency)
        _hold(check_consistency(claim, old, new), "consistency_fails", text)
        return text["consistency_holds"].format(
            old=old.size, new=new.size, signer=_signer(key), origin=new.origin
        )

    return _answer(check, text)


def _texts(lang: str) -> Mapping[str, str]:
    """This command's texts, over those of ``ruta audit verify`` that its readers use."""
    t = translation(lang)
    return ChainMap(dict(t.section("cli.audit_prove")), dict(t.section("cli.audit_verify")))


def _answer(check: Callable[[], str], text: Mapping[str, str]) -> int:
    """Run ``check``, say its sentence, and exit as the module's docstring says."""
    try:
        print(check())
    except Refused as e:
        print(e)
        return 1
    except (Unreadable, NoteKeyError) as e:
        return cannot_read(e, text)
    return 0


def _checkpoint(path: Path, key: VerifierKey, text: Mapping[str, str]) -> Checkpoint:
    """The checkpoint in the note at ``path``, once ``key``'s signature on it verifies."""
    note = read_note(path, text)
    what = text["note"].format(path=path)
    try:
        return verify_checkpoint(note, key)
    except BadSignature:
        raise Refused(text["bad_signature"].format(what=what)) from None
    except NotSignedByKey:
        raise Refused(text["not_signed"].format(what=what, signer=_signer(key))) from None
    except NoteError:
        raise Unreadable(text["not_checkpoint"].format(what=what)) from None


def _read(
    path: Path, kind: str, limit: int, text: Mapping[str, str], parse: Callable[[bytes], T]
) -> T:
    """What ``parse`` reads in the file at ``path``; ``Unreadable`` saying why not."""
    what = text[kind].format(path=path)
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as e:
        raise Unreadable(text["unreadable"].format(what=what, reason=e.strerror)) from None
    try:
        if len(data) > limit:
            raise ProofFileError("too_large", limit=limit)
        return parse(data)
    except ProofFileError as e:
        reason = text[f"file.{e.code}"].format(**e.facts)
        raise Unreadable(text[f"not_{kind}"].format(what=what, reason=reason)) from None


def _hold(failure: Failure | None, fails: str, text: Mapping[str, str]) -> None:
    if failure is not None:
        reason = text[f"failure.{failure.code}"].format(**failure.facts)
        raise Refused(text[fails].format(reason=reason))


def _signer(key: VerifierKey) -> str:
    """The key as a checkpoint's signature line names it: its name and key id."""
    return f"{key.name}+{key.key_id.hex()}"
