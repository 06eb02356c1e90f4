"""One line of an audit export checked on its own: parsed, its leaf hashed, its state decoded.

What a line says does not depend on the lines around it, so this is the part of offline
verification that can run anywhere: in the verifier's process, or in worker processes checking
chunks of a long export while the verifier folds their results into the tree in log order
(``merkle.verifier``). A line's result, ``Checked``, is a small picklable tuple.

States are decoded by the hub's transcodings to prove they are events, never decrypted: sealed
values stay sealed, so a case whose data key was destroyed is checked like any other.

A record's line as the exporter writes it is read the fast way (msgspec, ``merkle.states``'s
fast decoding); any other line, however the fast way fails on it, the reference way (pydantic's
parser, ``b64decode``, the reference decoding), which alone says what is wrong with a line. The
fast way reads only what the reference way reads, to the same values, so the two never differ
in what they report (``tests/unit/test_audit_verify_lines.py``).
"""

from __future__ import annotations

import base64
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

import msgspec
from pydantic_core import from_json

from domain import case_events
from domain.stored_names import topics_of
from merkle import leaf_hash
from merkle.leaves import RecordError, unframe
from merkle.states import Decode, decoded, decoded_fast

# The erasure of a case, under its name and those of earlier releases.
ERASED_TOPICS = frozenset(topics_of(case_events.PersonalDataErased))
# The opening of a case, which states its folio.
OPENED_TOPICS = frozenset(topics_of(case_events.CaseOpened))

# Checked.kind
RECORD = "record"
MISSING = "missing"  # a leaf of the audit log whose record the store no longer holds
CHECKPOINT = "checkpoint"
BAD = "bad"  # neither: ``text`` says why
BLANK = "blank"


class Checked(NamedTuple):
    """What one line says, checked on its own (order and tree are the verifier's)."""

    kind: str
    position: int = 0
    leaf_hash: bytes | None = None  # a record's, recomputed from its leaf; a missing one's
    recorded: bytes | None = None  # the hash the audit log recorded (None: it has none)
    fields: str = ""  # shown fields that disagree with the leaf, comma-separated
    undecodable: str = ""  # why the state is not a readable event (an exception's type)
    erased: bytes | None = None  # the case id (16 bytes) a PersonalDataErased record is of
    text: str = ""  # a checkpoint's signed note, or why a line is bad
    originator: bytes | None = None  # a record's aggregate id (16 bytes): a case's, or another's
    folio: str = ""  # the folio a CaseOpened record states

    @property
    def matches(self) -> bool:
        """Whether the leaf is the one the audit log recorded."""
        return self.leaf_hash == self.recorded

    @property
    def plain(self) -> bool:
        """A record whose leaf is the one recorded, with nothing else to say."""
        return (
            self.kind == RECORD
            and self.recorded is not None
            and self.leaf_hash == self.recorded
            and not self.fields
            and not self.undecodable
            and self.erased is None
            and not self.folio
        )


class CheckedChunk(NamedTuple):
    """Consecutive lines checked by a worker process, packed to travel back cheaply: the
    position and leaf hash of each plain record (one that matches its recorded hash, with
    nothing else to say), and every other line whole, by its index in the chunk."""

    lines: int
    positions: bytes  # array("q") of the plain records' positions, in order
    hashes: bytes  # their leaf hashes, 32 bytes each, in order
    others: dict[int, Checked]


def check_chunk(lines: Sequence[str]) -> CheckedChunk:
    """``check_line`` of each line: the unit of work of a worker process."""
    positions = array("q")
    hashes = bytearray()
    others: dict[int, Checked] = {}
    for index, line in enumerate(lines):
        checked = read_line(line)
        if not isinstance(checked, Checked):
            positions.append(checked[0])
            hashes += checked[1]
        elif checked.plain and checked.leaf_hash is not None:
            positions.append(checked.position)
            hashes += checked.leaf_hash
        else:
            others[index] = checked
    return CheckedChunk(len(lines), positions.tobytes(), bytes(hashes), others)


class _RecordLine(msgspec.Struct, forbid_unknown_fields=True):
    """A record's line as the exporter writes it, read by msgspec: ``leaf`` from base64 (as
    strictly as ``b64decode(validate=True)``), no key but these (so not a missing record's or a
    checkpoint's line), no value nested in another (so none nested deeper than pydantic's parser
    reads). ``None`` stands for a key that is absent, as ``dict.get`` has it."""

    leaf: bytes
    leaf_hash: str | None
    position: int | None = None
    originator_id: str | None = None
    originator_version: int | None = None
    topic: str | None = None


_READ_RECORD = msgspec.json.Decoder(_RecordLine).decode


Plain = tuple[int, bytes, bytes]
"""A plain record (its leaf the one recorded, nothing else to say): position, leaf hash, and
originator (whose folio names the case if the record is out of order)."""


def check_line(line: str) -> Checked:
    found = read_line(line)
    if isinstance(found, Checked):
        return found
    position, hashed, originator = found
    return Checked(RECORD, position, hashed, hashed, originator=originator)


def read_line(line: str) -> Checked | Plain:
    """``check_line``, a plain record told by its ``Plain`` tuple alone (cheaper to make)."""
    # A record's line as it should be is checked the fast way; any other line, however the
    # fast way fails on it, the reference way, which says what is wrong with it.
    if (found := check_record_fast(line)) is not None:
        return found
    return check_line_by_reference(line)


def check_record_fast(line: str) -> Checked | Plain | None:
    """A record's line as it should be, checked the fast way; None for any other line, and for
    a record whose shown fields disagree or whose state the fast way does not decode."""
    try:
        shown = _READ_RECORD(line)
        leaf = shown.leaf
        position, originator, version, topic, state_start = unframe(leaf)
        shown_id = shown.originator_id or ""
        if (
            shown.position != position
            # str(UUID(bytes=originator)), compared without being made: 36 characters, hyphens
            # where a UUID has them and none elsewhere, the rest the hex digits (lowercase).
            or len(shown_id) != 36
            or not shown_id[8] == shown_id[13] == shown_id[18] == shown_id[23] == "-"
            or shown_id.replace("-", "") != originator.hex()
            or shown.originator_version != version
            or shown.topic != topic
            or (state := decoded_fast(leaf[state_start:])) is None
        ):
            return None
        recorded = None if shown.leaf_hash is None else bytes.fromhex(shown.leaf_hash)
    except Exception:
        return None
    hashed = leaf_hash(leaf)
    if recorded == hashed and topic not in OPENED_TOPICS and topic not in ERASED_TOPICS:
        return position, hashed, originator
    folio = state.get("folio") if topic in OPENED_TOPICS else None
    erased = originator if topic in ERASED_TOPICS else None
    folio = folio if type(folio) is str else ""
    return Checked(RECORD, position, hashed, recorded, "", "", erased, "", originator, folio)


def check_line_by_reference(line: str, decode: Decode = decoded) -> Checked:
    """``check_line`` without its fast way; ``decode`` decodes the states (``decoded``, or
    ``decoded_by_reference`` for the reference way throughout)."""
    if not line.strip():
        return Checked(BLANK)
    try:
        return _check(line, decode)
    except RecordError as e:
        return Checked(BAD, text=str(e))


def _check(line: str, decode: Decode) -> Checked:
    try:
        data = from_json(line)  # pydantic's parser, a few times faster than json's
    except ValueError as e:
        raise RecordError(f"not JSON ({e})") from None  # says where, never quotes the line
    if type(data) is not dict:
        raise RecordError("not a JSON object")
    if len(data) == 1 and type(note := data.get("checkpoint")) is str:
        return Checked(CHECKPOINT, text=note)
    if data.get("missing") is True:
        position = data.get("position")
        try:
            if type(position) is not int:
                raise TypeError
            return Checked(MISSING, position, bytes.fromhex(data["leaf_hash"]))
        except (KeyError, TypeError, ValueError):
            raise RecordError(
                "a missing record's line needs a position and a hex leaf_hash"
            ) from None
    try:
        leaf = base64.b64decode(data["leaf"], validate=True)
        shown_hash = data["leaf_hash"]
        recorded = None if shown_hash is None else bytes.fromhex(shown_hash)
    except (KeyError, TypeError, ValueError):
        raise RecordError("a record line needs a base64 leaf and a hex leaf_hash") from None
    position, originator, version, topic, state_start = unframe(leaf)
    erased = originator if topic in ERASED_TOPICS else None
    state, undecodable = decode(leaf[state_start:])
    folio = state.get("folio") if state is not None and topic in OPENED_TOPICS else None
    return Checked(
        RECORD,
        position,
        leaf_hash(leaf),
        recorded,
        fields=_mismatches(data, position, originator, version, topic),
        undecodable=undecodable,
        erased=erased,
        originator=originator,
        folio=folio if type(folio) is str else "",
    )


def _mismatches(
    shown: dict[str, Any], position: int, originator: bytes, version: int, topic: str
) -> str:
    """The shown fields that disagree with the leaf (an edited export, or a broken one)."""
    h = originator.hex()
    expected = {
        "position": position,
        "originator_id": f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}",  # str(UUID)
        "originator_version": version,
        "topic": topic,
    }
    return ", ".join(name for name, value in expected.items() if shown.get(name) != value)
