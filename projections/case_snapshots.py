"""A case's state as a view keeps it: the library's snapshot of the aggregate, encoded as JSON.

A projection that must know, for every event, who is involved in the case and how, keeps the
case itself and applies each event to it with the domain's own ``mutate``. The state is stored
as the event store stores snapshots (topic and ``vars`` of the aggregate, the same transcodings
as the hub), so an old state is upcast by the aggregate's ``class_version`` like a snapshot is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex

from domain.case import Case
from domain.transcodings import register_domain_transcodings


@dataclass(frozen=True)
class StoredCase:
    """A case's state after its event ``version``, dated by that event."""

    case_id: UUID
    version: int
    timestamp: datetime
    topic: str
    state: bytes


class CaseSnapshots:
    """Takes and restores stored cases, with the transcodings the hub registers."""

    def __init__(self) -> None:
        # The same transcodings as ``Hub.register_transcodings``: the state holds the case's
        # parts (referrals, handoffs, sealed values), which only those know how to encode.
        self._transcoder = JSONTranscoder()
        self._transcoder.register(UUIDAsHex())
        self._transcoder.register(DecimalAsStr())
        self._transcoder.register(DatetimeAsISO())
        register_domain_transcodings(self._transcoder)

    def take(self, case: Case, timestamp: datetime) -> StoredCase:
        snapshot = Snapshot.take(case)
        return StoredCase(
            case_id=case.id,
            version=case.version,
            timestamp=timestamp,
            topic=snapshot.topic,
            state=self._transcoder.encode(snapshot.state),
        )

    def restore(self, stored: StoredCase) -> Case:
        snapshot = Snapshot(
            originator_id=stored.case_id,
            originator_version=stored.version,
            timestamp=stored.timestamp,
            topic=stored.topic,
            state=self._transcoder.decode(stored.state),
        )
        case = snapshot.mutate(None)
        if not isinstance(case, Case):
            raise TypeError(f"stored state of {stored.case_id} is a {stored.topic}, not a case")
        return case
