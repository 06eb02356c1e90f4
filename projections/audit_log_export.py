"""The audit log's export: the stored records with their recorded leaf hashes, and checkpoints.

Lines are ``adapters.audit_records``'s: a record line per stored record (its exact bytes, read
from the hub's own recorder, with the leaf hash the audit log recorded), and a checkpoint line
right after the record that brings the tree to the checkpoint's size. The export reaches as far
as the audit log has hashed, is read page by page (memory stays flat however long the log is),
and resumes after any position: ``after=<the last position seen>`` gives the rest, nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventsourcing.persistence import ApplicationRecorder

from adapters.audit_records import checkpoint_line
from projections.audit_log import AuditLogView, record_of

PAGE = 500


class ExportMismatch(RuntimeError):
    """The log and the audit log disagree on which record comes next: the export stops there."""


def export_lines(
    recorder: ApplicationRecorder,
    view: AuditLogView,
    *,
    after: int = 0,
    limit: int | None = None,
    page: int = PAGE,
) -> Iterator[str]:
    """The export lines of the records after position ``after`` (at most ``limit`` records),
    each followed by the checkpoint whose size it completes, if one is stored."""
    left = limit
    while left is None or left > 0:
        count = page if left is None else min(page, left)
        leaves = view.leaves_after(after, count)
        if not leaves:
            return
        # The records of exactly those leaves: the tree has every record in log order.
        records = recorder.select_notifications(
            start=after, limit=len(leaves), stop=leaves[-1].position, inclusive_of_start=False
        )
        if [n.id for n in records] != [leaf.position for leaf in leaves]:
            raise ExportMismatch(f"the log and the audit log differ after position {after}")
        checkpoints = {
            c.size: c.note
            for c in view.checkpoints_between(leaves[0].index + 1, leaves[-1].index + 1)
        }
        for notification, leaf in zip(records, leaves, strict=True):
            yield record_of(notification).export_line(leaf.leaf_hash)
            if (note := checkpoints.get(leaf.index + 1)) is not None:
                yield checkpoint_line(note)
        after = leaves[-1].position
        if left is not None:
            left -= len(leaves)
