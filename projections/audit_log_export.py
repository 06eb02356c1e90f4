"""The audit log's export: the stored records with their recorded leaf hashes, and checkpoints.

Lines are ``merkle.leaves``'s: a record line per stored record (its exact bytes, read
from the hub's own recorder, with the leaf hash the audit log recorded), and a checkpoint line
right after the record that brings the tree to the checkpoint's size. The export reaches as far
as the audit log has hashed, is read page by page (memory stays flat however long the log is),
and resumes after any position: ``after=<the last position seen>`` gives the rest, nothing twice.

The export shows the store as it is. Where the store and the audit log disagree (a record
deleted, or inserted in a gap, behind Ruta's back) it says so in the line and carries on, so
that the offline verifier, which trusts neither, names the position.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventsourcing.persistence import ApplicationRecorder, Notification

from merkle.leaves import checkpoint_line, missing_line
from projections.audit_log import AuditLeaf, AuditLogView, record_of

PAGE = 500


def export_lines(
    recorder: ApplicationRecorder,
    view: AuditLogView,
    *,
    after: int = 0,
    limit: int | None = None,
    page: int = PAGE,
) -> Iterator[str]:
    """The export lines of the records after position ``after`` (at most ``limit`` of them,
    missing ones included), each followed by the checkpoint whose size it completes."""
    size = view.size()
    last = view.position_of(size - 1) if size else None
    if last is None or last <= after:
        return
    leaves = _leaves(view, after, page)
    records = _records(recorder, after, last, page)
    leaf, record = next(leaves, None), next(records, None)
    count = 0
    while (leaf is not None or record is not None) and (limit is None or count < limit):
        count += 1
        if record is not None and (leaf is None or record.id < leaf[0].position):
            yield record_of(record).export_line(None)  # never in the audit log
            record = next(records, None)
            continue
        assert leaf is not None
        stored, note = leaf
        if record is not None and record.id == stored.position:
            yield record_of(record).export_line(stored.leaf_hash)
            record = next(records, None)
        else:
            yield missing_line(stored.position, stored.leaf_hash)  # gone from the store
        if note is not None:
            yield checkpoint_line(note)
        leaf = next(leaves, None)


def _leaves(view: AuditLogView, after: int, page: int) -> Iterator[tuple[AuditLeaf, str | None]]:
    """The leaves after position ``after``, each with the checkpoint its index completes."""
    while leaves := view.leaves_after(after, page):
        notes = {
            c.size: c.note
            for c in view.checkpoints_between(leaves[0].index + 1, leaves[-1].index + 1)
        }
        for leaf in leaves:
            yield leaf, notes.get(leaf.index + 1)
        after = leaves[-1].position


def _records(
    recorder: ApplicationRecorder, after: int, last: int, page: int
) -> Iterator[Notification]:
    """The stored records after position ``after`` up to ``last``, in order."""
    while records := recorder.select_notifications(
        start=after, limit=page, stop=last, inclusive_of_start=False
    ):
        yield from records
        after = records[-1].id
