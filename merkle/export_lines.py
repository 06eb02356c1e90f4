"""One line of an audit export checked on its own: parsed, its leaf hashed, its state decoded.

What a line says does not depend on the lines around it, so this is the part of offline
verification that can run anywhere: in the verifier's process, or in worker processes checking
chunks of a long export while the verifier folds their results into the tree in log order
(``merkle.verifier``). A line's result, ``Checked``, is a small picklable tuple.

States are decoded by the hub's transcoder to prove they are events, never decrypted: sealed
values stay sealed, so a case whose data key was destroyed is checked like any other.
"""

from __future__ import annotations

import base64
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from pydantic_core import from_json

from domain import case_events
from domain.stored_names import topics_of
from domain.transcodings import register_domain_transcodings
from merkle import leaf_hash
from merkle.leaves import RecordError, unframe

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


def event_transcoder() -> JSONTranscoder:
    """The hub's transcoder (``Hub.register_transcodings``): decodes, and never needs a key."""
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DecimalAsStr())
    transcoder.register(DatetimeAsISO())
    register_domain_transcodings(transcoder)
    return transcoder


_NAMES = event_transcoder().names


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
        checked = check_line(line)
        if checked.plain and checked.leaf_hash is not None:
            positions.append(checked.position)
            hashes += checked.leaf_hash
        else:
            others[index] = checked
    return CheckedChunk(len(lines), positions.tobytes(), bytes(hashes), others)


def check_line(line: str) -> Checked:
    if not line.strip():
        return Checked(BLANK)
    try:
        return _check(line)
    except RecordError as e:
        return Checked(BAD, text=str(e))


def _check(line: str) -> Checked:
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
    decoded, undecodable = _decoded(leaf[state_start:])
    folio = decoded.get("folio") if decoded is not None and topic in OPENED_TOPICS else None
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


def _decoded(state: bytes) -> tuple[dict[str, Any] | None, str]:
    """``state`` decoded as the hub reads an event, or why it is not one (then None)."""
    try:
        decoded = _revive(from_json(state))
    except Exception as e:
        # However a state fails to decode, only the exception's type is told: its message may
        # quote the state.
        return None, type(e).__name__
    return (decoded, "") if type(decoded) is dict else (None, "not a JSON object")


def _revive(value: Any) -> Any:
    """``value`` as the hub's transcoder decodes it (``JSONTranscoder``'s object hook, innermost
    first): each ``{"_type_", "_data_"}`` object by the transcoding registered under its name.
    Parsed by pydantic's parser, this is about a third faster than ``JSONTranscoder.decode``."""
    if type(value) is dict:
        for name, item in value.items():
            if type(item) is dict or type(item) is list:
                value[name] = _revive(item)
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            try:
                transcoding = _NAMES[value["_type_"]]
            except (KeyError, TypeError):
                raise TranscodingNotRegisteredError("no transcoding by that name") from None
            return transcoding.decode(value["_data_"])
        return value
    if type(value) is list:
        return [
            _revive(item) if type(item) is dict or type(item) is list else item for item in value
        ]
    return value
