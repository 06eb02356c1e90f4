"""Loading cases: one query for the usual short case, snapshot and tail for a long one.

The library's repository asks the snapshot store first on every load. A case is snapshotted
every ``SNAPSHOT_INTERVAL`` events, so a stream shorter than that has no snapshot yet: reading
its first events (without decoding them) tells which case this is, and saves a query on almost
every command.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, ProjectorFunction, Repository

SNAPSHOT_INTERVAL = 50


class CaseRepository(Repository[UUID]):
    """A repository that skips the snapshot lookup for streams below the snapshot interval."""

    def _reconstruct_aggregate(
        self,
        aggregate_id: UUID,
        version: int | None,
        projector_func: ProjectorFunction[Any, Any],
    ) -> Any:
        if self.snapshot_store is not None:
            store = self.event_store
            rows = store.recorder.select_events(aggregate_id, lte=version, limit=SNAPSHOT_INTERVAL)
            if len(rows) < SNAPSHOT_INTERVAL:  # no snapshot can exist below the interval
                aggregate = projector_func(None, map(store.mapper.to_domain_event, rows))
                if aggregate is None:
                    raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} not found.")
                return aggregate
        return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
