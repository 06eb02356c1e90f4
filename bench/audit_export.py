"""A long audit export made as ``ruta audit export`` makes it, from records a real hub stored.

Opening and running tens of thousands of cases through the hub would take minutes, so the hub
stores a few hundred real records (cases opened with sealed personal data, then their paths)
and those exact stored states are repeated, each copy under fresh case ids, into an in-memory
log of the length wanted. From there on it is the production code: the audit log projection
hashes every record into its tree, a checkpointer signs the tree every ``every`` records, and
``export_lines`` writes the lines an auditor downloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4

from eventsourcing.persistence import Notification, StoredEvent, Tracking
from eventsourcing.popo import POPOApplicationRecorder

from adapters.bootstrap import build_runtime
from adapters.checkpoints import Checkpointer
from adapters.settings import Settings
from bench import hub_load
from bench.stores import provision
from domain.hub import Hub
from merkle.signed_note import SignerKey, VerifierKey
from projections.audit_log import AuditLogProjection, record_of
from projections.audit_log_export import export_lines
from projections.audit_log_memory import POPOAuditLogView

ORIGIN = Settings.log_origin  # the default deployment's, as the embedded hub signs


@dataclass(frozen=True)
class Export:
    """The lines of an export, the leaves its records carry, and the key that checks it."""

    lines: tuple[str, ...]
    leaves: tuple[bytes, ...]  # Record.leaf() of each record, what SHA-256 is timed over
    states: tuple[bytes, ...]  # the stored states, what the hub's transcoder decodes
    key: VerifierKey
    seed: int  # how many real records were repeated

    @property
    def records(self) -> int:
        return len(self.leaves)

    @property
    def checkpoints(self) -> int:
        return len(self.lines) - len(self.leaves)


def stored_records(cases: int) -> list[Notification]:
    """The records a real hub (SQLite, the composition root, real sealer) stores for ``cases``
    cases opened and taken along their whole paths."""
    with provision("sqlite") as where:
        runtime = build_runtime(where.hub_settings)
        try:
            hub_load.drive(runtime.hub, cases, concurrency=1)
            head = runtime.hub.recorder.max_notification_id() or 0
            return list(runtime.hub.recorder.select_notifications(start=1, limit=head))
        finally:
            runtime.close()


def build(seed: Sequence[Notification], count: int, every: int) -> Export:
    """An export of ``count`` records, the ``seed`` repeated, checkpointed every ``every``."""
    recorder = POPOApplicationRecorder()
    while (stored := recorder.max_notification_id() or 0) < count:
        fresh: dict[UUID, UUID] = {}  # each copy of a case is a case of its own
        recorder.insert_events(
            [
                StoredEvent(
                    fresh.setdefault(_uuid(n.originator_id), uuid4()),
                    n.originator_version,
                    n.topic,
                    n.state,
                )
                for n in seed[: count - stored]
            ]
        )
    key = SignerKey.generate(ORIGIN)
    view = POPOAuditLogView()
    projection = AuditLogProjection(view)
    projection.log_head = recorder.max_notification_id  # batches, as its runner has them
    checkpointer = Checkpointer(view, key, ORIGIN)
    for start in range(1, count + 1, every):
        for notification in recorder.select_notifications(start=start, limit=every):
            projection.process_event(notification, Tracking(Hub.name, notification.id))
        projection.flush()
        checkpointer.checkpoint_now()
    records = [record_of(n) for n in recorder.select_notifications(start=1, limit=count)]
    return Export(
        lines=tuple(export_lines(recorder, view)),
        leaves=tuple(record.leaf() for record in records),
        states=tuple(record.state for record in records),
        key=key.verifier,
        seed=len(seed),
    )


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
