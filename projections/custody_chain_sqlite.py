"""The custody view in an SQLite file of its own (tables are not prefixed on SQLite).

One row per case: the version of its last event applied and its chain as a JSON document.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from projections.custody_chain import CustodyChainView
from projections.custody_chain_json import StoredChain, chain_from_json, chain_to_json

_CREATE = [
    "CREATE TABLE IF NOT EXISTS custody_chains ("
    "case_id TEXT PRIMARY KEY, version INTEGER NOT NULL, chain TEXT NOT NULL) WITHOUT ROWID",
]
_SELECT_CHAIN = "SELECT version, chain FROM custody_chains WHERE case_id = ?"
_UPSERT_CHAIN = (
    "INSERT INTO custody_chains VALUES (?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET "
    "version = excluded.version, chain = excluded.chain"
)


class SQLiteCustodyChainView(SQLiteTrackingRecorder, CustodyChainView):
    """Chains next to the ``tracking`` table, in one SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *_CREATE]

    def close(self) -> None:
        self.datastore.close()

    def stored_chain(self, case_id: UUID) -> StoredChain | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(_SELECT_CHAIN, (case_id.hex,))
            row = c.fetchone()
        if row is None:
            return None
        return StoredChain(row["version"], chain_from_json(case_id, row["chain"]))

    def replace_chain(self, stored: StoredChain, tracking: Tracking) -> None:
        document = chain_to_json(stored.chain)  # before the transaction: nothing to undo
        with self.datastore.transaction(commit=True) as c:
            # Tracking first: a position already tracked fails before anything is written.
            self._insert_tracking(c, tracking)
            c.execute(_UPSERT_CHAIN, (stored.case_id.hex, stored.version, document))
