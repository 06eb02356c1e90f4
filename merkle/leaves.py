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
from uuid import UUID

LEAF_MAGIC = b"ruta-leaf-v1\n"
_HEAD = struct.Struct(">Q16sQH")
_STATE_MIN = len(LEAF_MAGIC) + _HEAD.size  # where a leaf's topic starts


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
        position, originator, version, topic, state_start = unframe(leaf)
        return cls(position, UUID(bytes=originator), version, topic, leaf[state_start:])

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


def unframe(leaf: bytes) -> tuple[int, bytes, int, str, int]:
    """A leaf's position, originator id (16 bytes), version and topic, and where its state
    starts; ``RecordError`` if it is not a ruta-leaf-v1 leaf."""
    if not leaf.startswith(LEAF_MAGIC) or len(leaf) < _STATE_MIN:
        raise RecordError("not a ruta-leaf-v1 leaf")
    position, originator, version, topic_size = _HEAD.unpack_from(leaf, len(LEAF_MAGIC))
    if len(leaf) < _STATE_MIN + topic_size:
        raise RecordError("the leaf ends inside its topic")
    try:
        topic = leaf[_STATE_MIN : _STATE_MIN + topic_size].decode()
    except UnicodeDecodeError:
        raise RecordError("the leaf's topic is not UTF-8") from None
    return position, originator, version, topic, _STATE_MIN + topic_size


def checkpoint_line(note: str) -> str:
    return json.dumps({"checkpoint": note}, separators=(",", ":"), ensure_ascii=False)


def missing_line(position: int, leaf_hash: bytes) -> str:
    """The line of a leaf whose record the store no longer holds."""
    return json.dumps(
        {"position": position, "leaf_hash": leaf_hash.hex(), "missing": True},
        separators=(",", ":"),
    )
