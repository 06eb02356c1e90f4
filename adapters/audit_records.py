"""The leaves of the audit log and the lines of an export: one format for writer and verifier.

A leaf is one stored record of the hub's log as the store holds it. Its ``state`` is the exact
stored bytes (never decoded and encoded again); the record's other columns are framed around it
in a fixed binary layout, so that moving an event to another case, another version, another
topic or another place in the log changes the leaf too::

    leaf = b"ruta-leaf-v1\\n"
           ‖ position        (8 bytes, big-endian)
           ‖ originator_id   (16 bytes: the UUID's bytes)
           ‖ version         (8 bytes, big-endian)
           ‖ len(topic)      (2 bytes, big-endian) ‖ topic (UTF-8)
           ‖ state           (the rest: the stored bytes, exactly)

An export (``ruta audit export``, ``GET /audit/events``) is NDJSON, one object per line:

- a record: ``{"position", "leaf", "leaf_hash", "originator_id", "originator_version",
  "topic"}`` — ``leaf`` is base64 of the leaf above; ``leaf_hash`` is the hash the audit log
  recorded for it (hex), so a verifier can name the first record that differs from what was
  recorded, while the signed checkpoints vouch for the recorded hashes themselves;
- a checkpoint: ``{"checkpoint": "<signed note>"}``, placed right after the record that brings
  the log to the checkpoint's size.

An export shows the store as it is, even where it disagrees with the audit log, so that the
verifier (not the exporter) names the place: a record the audit log never took in has
``"leaf_hash": null``; a leaf whose record is gone from the store is a line of its own,
``{"position", "leaf_hash", "missing": true}``.
"""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass
from typing import Any
from uuid import UUID

LEAF_MAGIC = b"ruta-leaf-v1\n"
_HEAD = struct.Struct(">Q16sQH")


class RecordError(ValueError):
    """A leaf or an export line that is not well formed."""


@dataclass(frozen=True)
class Record:
    """One stored record of the hub's log, as the store holds it."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes

    def leaf(self) -> bytes:
        topic = self.topic.encode()
        head = _HEAD.pack(
            self.position, self.originator_id.bytes, self.originator_version, len(topic)
        )
        return LEAF_MAGIC + head + topic + self.state

    @classmethod
    def from_leaf(cls, leaf: bytes) -> Record:
        if not leaf.startswith(LEAF_MAGIC) or len(leaf) < len(LEAF_MAGIC) + _HEAD.size:
            raise RecordError("not a ruta-leaf-v1 leaf")
        position, originator, version, topic_size = _HEAD.unpack_from(leaf, len(LEAF_MAGIC))
        start = len(LEAF_MAGIC) + _HEAD.size
        if len(leaf) < start + topic_size:
            raise RecordError("the leaf ends inside its topic")
        try:
            topic = leaf[start : start + topic_size].decode()
        except UnicodeDecodeError:
            raise RecordError("the leaf's topic is not UTF-8") from None
        return cls(position, UUID(bytes=originator), version, topic, leaf[start + topic_size :])

    def export_line(self, leaf_hash: bytes | None) -> str:
        """The record's line, with the hash the audit log recorded (``None``: it has none)."""
        return json.dumps(
            {
                "position": self.position,
                "leaf": base64.b64encode(self.leaf()).decode(),
                "leaf_hash": None if leaf_hash is None else leaf_hash.hex(),
                "originator_id": str(self.originator_id),
                "originator_version": self.originator_version,
                "topic": self.topic,
            },
            separators=(",", ":"),
        )


def checkpoint_line(note: str) -> str:
    return json.dumps({"checkpoint": note}, separators=(",", ":"), ensure_ascii=False)


def missing_line(position: int, leaf_hash: bytes) -> str:
    """The line of a leaf whose record the store no longer holds."""
    return json.dumps(
        {"position": position, "leaf_hash": leaf_hash.hex(), "missing": True},
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class MissingLine:
    """A leaf of the audit log whose record is not in the store."""

    position: int
    leaf_hash: bytes


@dataclass(frozen=True)
class RecordLine:
    """A record line of an export, read back: the record its leaf holds, and the fields shown."""

    record: Record
    leaf: bytes
    leaf_hash: bytes | None  # None: the audit log has no leaf for it
    shown: dict[str, Any]

    def mismatches(self) -> list[str]:
        """The shown fields that disagree with the leaf (an edited export, or a broken one)."""
        expected = {
            "position": self.record.position,
            "originator_id": str(self.record.originator_id),
            "originator_version": self.record.originator_version,
            "topic": self.record.topic,
        }
        return [name for name, value in expected.items() if self.shown.get(name) != value]


def read_line(line: str) -> RecordLine | MissingLine | str:
    """A record line, a missing record's line, or the note of a checkpoint line;
    ``RecordError`` for anything else."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as e:
        raise RecordError(f"not JSON ({e.msg})") from None
    if not isinstance(data, dict):
        raise RecordError("not a JSON object")
    if set(data) == {"checkpoint"} and isinstance(data["checkpoint"], str):
        return data["checkpoint"]
    if data.get("missing") is True:
        position = data.get("position")
        try:
            if type(position) is not int:
                raise TypeError
            return MissingLine(position, bytes.fromhex(data["leaf_hash"]))
        except (KeyError, TypeError, ValueError):
            raise RecordError(
                "a missing record's line needs a position and a hex leaf_hash"
            ) from None
    try:
        leaf = base64.b64decode(data["leaf"], validate=True)
        recorded = data["leaf_hash"]
        leaf_hash = None if recorded is None else bytes.fromhex(recorded)
    except (KeyError, TypeError, ValueError):
        raise RecordError("a record line needs a base64 leaf and a hex leaf_hash") from None
    return RecordLine(Record.from_leaf(leaf), leaf, leaf_hash, data)
