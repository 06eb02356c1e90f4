"""Offline verification of an audit export: no database, one pass, O(log n) memory.

Every leaf is hashed again and folded into the tree as it is read, next to the hashes the audit
log recorded; each signed checkpoint must then state the size read so far and the root of both.
Nothing but the two trees' right edges and a few counters is kept, so an export of any length is
checked in the memory of its logarithm (plus the ids of erased cases, which the report lists,
and each case's folio, which names the case of a record that fails).
States are decoded to prove they are events, never decrypted: sealed values stay sealed, so a
case whose data key was destroyed verifies exactly like any other.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from uuid import UUID

from merkle import RootAccumulator
from merkle.export_lines import (
    BAD,
    BLANK,
    CHECKPOINT,
    MISSING,
    RECORD,
    Checked,
    CheckedChunk,
    check_chunk,
    read_line,
)
from merkle.report import Failure, Report
from merkle.signed_note import Checkpoint, NoteError, VerifierKey, verify_checkpoint

# A broken export may fail on every line; the first failures say what happened.
MAX_FAILURES = 20
# Lines a worker process checks at a time; a long export is read CHUNK lines at a time.
CHUNK = 2_000
AHEAD = 2  # chunks queued per worker, so that none waits while the verifier folds


def verify_export(
    lines: Iterable[str], key: VerifierKey, *, earlier: Iterable[str] = (), jobs: int = 1
) -> Report:
    """Check an export (its lines, read lazily) against the log's verifier key.

    ``earlier`` holds checkpoints (signed notes) the auditor kept from before: the export must
    reach each one's size with the same root, or the log was rolled back, forked or rewritten.
    With ``jobs`` > 1, that many worker processes check the lines of an export longer than a
    chunk while this one folds their results in order, so the report is the same.
    """
    verifier = ExportVerifier(key, earlier)
    lines = iter(lines)
    chunk = list(islice(lines, CHUNK))
    if jobs <= 1 or len(chunk) < CHUNK:
        for number, line in enumerate(chain(chunk, lines), start=1):
            verifier.read(number, line)
    else:
        _verify_in_workers(verifier, chunk, lines, jobs)
    return verifier.report()


def _verify_in_workers(
    verifier: ExportVerifier, chunk: list[str], lines: Iterator[str], jobs: int
) -> None:
    """Chunks checked by ``jobs`` processes, at most ``AHEAD`` each queued at a time, so memory
    stays bounded however long the export is; folded by ``verifier`` in order."""
    number = 1
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        queued: deque[Future[CheckedChunk]] = deque()
        while chunk or queued:
            while chunk and len(queued) < AHEAD * jobs:
                queued.append(pool.submit(check_chunk, chunk))
                chunk = list(islice(lines, CHUNK))
            checked = queued.popleft().result()
            verifier.take_chunk(number, checked)
            number += checked.lines


class ExportVerifier:
    """Reads an export line by line; holds the two trees' edges, never the records."""

    def __init__(self, key: VerifierKey, earlier: Iterable[str] = ()) -> None:
        self._key = key
        # The tree of the leaves as they are. It is the tree the audit log recorded too, since
        # the first leaf that does not match its recorded hash stops the checks.
        self.computed = RootAccumulator()
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
        # Each case's folio, as its opening states it, to name the case of a record that fails:
        # some dozens of bytes a case, the one thing kept that grows with the export.
        self._folios: dict[bytes, str] = {}
        self._kept = self._open_kept(earlier)
        self._check_kept()

    def read(self, number: int, line: str) -> None:
        """Check line ``number`` (1-based) of the export; blank lines are skipped."""
        found = read_line(line)
        if isinstance(found, Checked):
            self.take(number, found)
            return
        self._lines += 1
        self._records += 1
        if not self._broken:
            self._append(*found)

    def take(self, number: int, checked: Checked) -> None:
        """Fold in line ``number``, checked on its own by ``check_line``."""
        kind = checked.kind
        if kind == RECORD:  # nearly every line: first
            self._lines += 1
            self._records += 1
            if checked.folio and checked.originator is not None:
                self._folios[checked.originator] = checked.folio
            if not self._broken:
                self._read_record(checked)
            return
        if kind == BLANK:
            return
        self._lines += 1
        if self._broken:
            return
        if kind == BAD:
            self._fail("line", fatal=True, line=number, reason=checked.text)
        elif kind == CHECKPOINT:
            self._read_checkpoint(number, checked.text)
        elif kind == MISSING and self._in_order(checked.position):
            self._fail("missing", fatal=True, position=checked.position)

    def take_chunk(self, number: int, chunk: CheckedChunk) -> None:
        """Fold in a chunk of lines checked by a worker, the first of them line ``number``."""
        positions = array("q")
        positions.frombytes(chunk.positions)
        hashes, plain = chunk.hashes, 0
        for index in range(chunk.lines):
            if (checked := chunk.others.get(index)) is not None:
                self.take(number + index, checked)
                continue
            self._lines += 1
            self._records += 1
            if not self._broken:
                self._append(positions[plain], hashes[32 * plain : 32 * plain + 32])
            plain += 1

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

    def _read_record(self, checked: Checked) -> None:
        position = checked.position
        if not self._in_order(position, checked.originator):
            return
        folio = self._folios.get(checked.originator or b"")  # a case's record: its folio
        if checked.recorded is None:
            self._fail("unrecorded", fatal=True, position=position, folio=folio)
            return
        if not checked.matches:
            self._fail("leaf_hash", fatal=True, position=position, folio=folio)
            return
        if checked.fields:
            self._fail("fields", fatal=False, position=position, folio=folio, fields=checked.fields)
        if checked.undecodable:
            self._fail(
                "decode", fatal=False, position=position, folio=folio, reason=checked.undecodable
            )
        elif checked.erased is not None:
            self._erased[UUID(bytes=checked.erased)] = None
        self.computed.append(checked.recorded)
        self._check_kept()

    def _append(self, position: int, leaf_hash: bytes, originator: bytes | None = None) -> None:
        """A plain record: in order, it is a leaf of the tree."""
        if self._in_order(position, originator):
            self.computed.append(leaf_hash)
            if self._kept:
                self._check_kept()

    def _in_order(self, position: int, originator: bytes | None = None) -> bool:
        """Whether ``position`` follows the last one read (a failure if not)."""
        if self._last_position is not None and position <= self._last_position:
            folio = self._folios.get(originator or b"")  # a case's record: its folio
            self._fail(
                "order", fatal=True, position=position, folio=folio, previous=self._last_position
            )
            return False
        self._last_position = position
        return True

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
        if self.computed.root() != checkpoint.root:
            self._fail(
                "checkpoint_root", fatal=True, line=number, size=size, verified=self._size_verified
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
        folio: str | None = None,
        **facts: object,
    ) -> None:
        self._broken = self._broken or fatal
        if len(self._failures) >= MAX_FAILURES:
            self._omitted += 1
            return
        self._failures.append(Failure(check, position, line, size, kept, facts, folio))
