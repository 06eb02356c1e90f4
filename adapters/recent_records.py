"""The records a follower of the log has just read, kept to answer the reads they make again.

The relay reads each stored record from the log, then the event stream reads the same event back
from the store to advance its case (``hub.events.get(case, gt=v - 1, lte=v)``, or ``lte=1`` for
a case just opened): one query per record, a network round trip on PostgreSQL. A hub built here
answers such a read from the records just read, when it has every one of them, and asks the
store otherwise. Stored records never change, so an answer from here is the store's answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from cachetools import FIFOCache
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import EventStore, Notification, StoredEvent

from domain.hub import Hub

KEPT = 4096  # records: more than a batch's worth of the relay


class RecentRecords:
    """The last ``size`` records read, by aggregate and version.

    First in, first out: a record is kept for what the follower reads after it, not for how
    often it is asked about. Used by the relay's one thread: no lock."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._records: FIFOCache[tuple[UUID, int], StoredEvent] = FIFOCache(maxsize=size)

    def add(self, record: StoredEvent) -> None:
        self._records[(_uuid(record.originator_id), record.originator_version)] = record

    def between(self, originator_id: UUID, gt: int, lte: int) -> list[StoredEvent] | None:
        """The records of versions ``gt + 1`` to ``lte``, if every one of them is kept."""
        found = [self._records.get((originator_id, v)) for v in range(gt + 1, lte + 1)]
        return None if None in found else [r for r in found if r is not None]


class _RecentFirst(EventStore[UUID]):
    """The hub's event store, answering a read of versions it has just seen from them."""

    def __init__(self, recent: RecentRecords, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recent = recent

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[DomainEventProtocol[UUID]]:
        if lte is not None and not desc and limit is None:  # versions start at 1
            found = self.recent.between(_uuid(originator_id), gt or 0, lte)
            if found is not None:
                return map(self.mapper.to_domain_event, found)
        return super().get(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)


class FollowingHub(Hub):
    """A hub that reads (never writes) beside a follower of the log: ``remember`` each record
    the follower reads before asking about it."""

    name = "Hub"  # the hub's own settings and tables

    def __init__(self, env: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        self.recent = RecentRecords()
        super().__init__(env, **kwargs)

    def construct_event_store(self) -> EventStore[UUID]:
        return _RecentFirst(self.recent, mapper=self.mapper, recorder=self.recorder)

    def remember(self, record: Notification) -> None:
        self.recent.add(record)


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
