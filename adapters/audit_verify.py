"""Offline verification of an audit export: no database, one pass, O(log n) memory.

Every leaf is hashed again and folded into the tree as it is read, next to the hashes the audit
log recorded; each signed checkpoint must then state the size read so far and the root of both.
Nothing but the two trees' right edges and a few counters is kept, so an export of any length is
checked in the memory of its logarithm (plus the ids of erased cases, which the report lists).
States are decoded to prove they are events, never decrypted: sealed values stay sealed, so a
case whose data key was destroyed verifies exactly like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex

from adapters.audit_records import MissingLine, RecordError, RecordLine, read_line
from adapters.audit_report import Failure, Report
from adapters.merkle import RootAccumulator, leaf_hash
from adapters.signed_note import Checkpoint, NoteError, VerifierKey, verify_checkpoint
from domain.transcodings import register_domain_transcodings

ERASED_SUFFIX = ".PersonalDataErased"
# A broken export may fail on every line; the first failures say what happened.
MAX_FAILURES = 20


def verify_export(lines: Iterable[str], key: VerifierKey, *, earlier: Iterable[str] = ()) -> Report:
    """Check an export (its lines, read lazily) against the log's verifier key.

    ``earlier`` holds checkpoints (signed notes) the auditor kept from before: the export must
    reach each one's size with the same root, or the log was rolled back, forked or rewritten.
    """
    verifier = ExportVerifier(key, earlier)
    for number, line in enumerate(lines, start=1):
        verifier.read(number, line)
    return verifier.report()


def event_transcoder() -> JSONTranscoder:
    """The hub's transcoder (``Hub.register_transcodings``): decodes, and never needs a key."""
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DecimalAsStr())
    transcoder.register(DatetimeAsISO())
    register_domain_transcodings(transcoder)
    return transcoder


class ExportVerifier:
    """Reads an export line by line; holds the two trees' edges, never the records."""

    def __init__(self, key: VerifierKey, earlier: Iterable[str] = ()) -> None:
        self._key = key
        self._transcoder = event_transcoder()
        # The tree of the leaves as they are, and the tree the audit log recorded. They agree as
        # long as every leaf matches its recorded hash (the first that does not stops the
        # checks); a signed root is compared with both, so neither is trusted on its own.
        self.computed = RootAccumulator()
        self.recorded = RootAccumulator()
        self._failures: list[Failure] = []
        self._omitted = 0
        self._broken = False  # a failure after which the tree checks mean nothing
        self._lines = 0
        self._records = 0
        self._last_position: int | None = None
        self._origin: str | None = None
        self._checkpoints = 0
        self._size_verified = 0
        self._erased: dict[UUID, None] = {}  # insertion-ordered set
        self._kept = self._open_kept(earlier)
        self._check_kept()

    def read(self, number: int, line: str) -> None:
        """Check line ``number`` (1-based) of the export; blank lines are skipped."""
        if not line.strip():
            return
        self._lines += 1
        try:
            item = read_line(line)
        except RecordError as e:
            if not self._broken:
                self._fail("line", fatal=True, line=number, reason=str(e))
            return
        if isinstance(item, str):
            if not self._broken:
                self._read_checkpoint(number, item)
            return
        if isinstance(item, MissingLine):
            if not self._broken and self._in_order(item.position):
                self._fail("missing", fatal=True, position=item.position)
            return
        self._records += 1
        if not self._broken:
            self._read_record(item)

    def report(self) -> Report:
        if not self._broken:
            for checkpoint in self._kept:  # sizes the export never reached
                self._fail("rolled_back", fatal=True, size=checkpoint.size, records=self._records)
        return Report(
            records=self._records,
            lines=self._lines,
            origin=self._origin,
            checkpoints=self._checkpoints,
            size_verified=self._size_verified,
            unvouched=self._records - self._size_verified,
            erased_cases=tuple(self._erased),
            failures=tuple(self._failures),
            failures_omitted=self._omitted,
        )

    # Records

    def _read_record(self, item: RecordLine) -> None:
        position = item.record.position
        if not self._in_order(position):
            return
        if item.leaf_hash is None:
            self._fail("unrecorded", fatal=True, position=position)
            return
        recomputed = leaf_hash(item.leaf)
        if recomputed != item.leaf_hash:
            self._fail("leaf_hash", fatal=True, position=position)
            return
        self.computed.append(recomputed)
        self.recorded.append(item.leaf_hash)
        if fields := item.mismatches():
            self._fail("fields", fatal=False, position=position, fields=", ".join(fields))
        self._decode(item)
        self._check_kept()

    def _in_order(self, position: int) -> bool:
        """Whether ``position`` follows the last one read (a failure if not)."""
        if self._last_position is not None and position <= self._last_position:
            self._fail("order", fatal=True, position=position, previous=self._last_position)
            return False
        self._last_position = position
        return True

    def _decode(self, item: RecordLine) -> None:
        record = item.record
        try:
            state: Any = self._transcoder.decode(record.state)
        except Exception as e:
            # However a state fails to decode, it is a failure; only the exception's type is
            # reported, since its message may quote the state.
            reason = type(e).__name__
        else:
            if isinstance(state, dict):
                if record.topic.endswith(ERASED_SUFFIX):
                    self._erased[record.originator_id] = None
                return
            reason = "not a JSON object"
        self._fail("decode", fatal=False, position=record.position, reason=reason)

    # Checkpoints

    def _read_checkpoint(self, number: int, note: str) -> None:
        try:
            checkpoint = verify_checkpoint(note, self._key)
        except NoteError as e:
            self._fail("checkpoint_signature", fatal=True, line=number, reason=str(e))
            return
        size = checkpoint.size
        if self._origin is None:
            self._origin = checkpoint.origin
        if checkpoint.origin != self._origin:
            self._fail(
                "checkpoint_origin",
                fatal=True,
                line=number,
                size=size,
                origin=checkpoint.origin,
                expected=self._origin,
            )
            return
        if size != self.computed.size:
            self._fail(
                "checkpoint_size", fatal=True, line=number, size=size, records=self.computed.size
            )
            return
        for which, tree in (("recomputed", self.computed), ("recorded", self.recorded)):
            if tree.root() != checkpoint.root:
                self._fail(
                    "checkpoint_root",
                    fatal=True,
                    line=number,
                    size=size,
                    which=which,
                    verified=self._size_verified,
                )
                return
        self._checkpoints += 1
        self._size_verified = size

    def _open_kept(self, notes: Iterable[str]) -> list[Checkpoint]:
        """The auditor's checkpoints that verify, smallest first; a failure for each other."""
        kept: list[Checkpoint] = []
        for index, note in enumerate(notes, start=1):
            try:
                checkpoint = verify_checkpoint(note, self._key)
            except NoteError as e:
                self._fail("kept_signature", fatal=False, kept=index, reason=str(e))
                continue
            if self._origin is None:
                self._origin = checkpoint.origin
            if checkpoint.origin != self._origin:
                self._fail(
                    "kept_origin",
                    fatal=False,
                    kept=index,
                    origin=checkpoint.origin,
                    expected=self._origin,
                )
                continue
            kept.append(checkpoint)
        return sorted(kept, key=lambda c: c.size)

    def _check_kept(self) -> None:
        """Compare the tree with every kept checkpoint of the size read so far."""
        while self._kept and self._kept[0].size == self.computed.size:
            checkpoint = self._kept.pop(0)
            if checkpoint.root != self.computed.root():
                self._fail("kept_root", fatal=True, size=checkpoint.size)
                return

    def _fail(
        self,
        check: str,
        *,
        fatal: bool,
        position: int | None = None,
        line: int | None = None,
        size: int | None = None,
        kept: int | None = None,
        **facts: object,
    ) -> None:
        self._broken = self._broken or fatal
        if len(self._failures) >= MAX_FAILURES:
            self._omitted += 1
            return
        self._failures.append(Failure(check, position, line, size, kept, facts))
