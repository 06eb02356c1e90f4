"""The custody view in memory, for unit tests and the in-memory store."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.custody_chain import CustodyChainView
from projections.custody_chain_json import StoredChain


class POPOCustodyChainView(POPOTrackingRecorder, CustodyChainView):
    """A dictionary under the recorder's lock: the tracking check and the write are atomic."""

    def __init__(self) -> None:
        super().__init__()
        self._chains: dict[UUID, StoredChain] = {}

    def stored_chain(self, case_id: UUID) -> StoredChain | None:
        with self._database_lock:
            return self._chains.get(case_id)

    def replace_chain(self, stored: StoredChain, tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)  # before any change: all or nothing
            self._chains[stored.case_id] = stored
            self._insert_tracking(tracking)
