"""The custody view in PostgreSQL, in the hub's database and schema, prefixed like the library.

The table is named after the tracking table (``custody_tracking``): ``custody_chains``, one row
per case with the version of its last event applied and its chain as a JSON document (``jsonb``,
so that other tools can query it; the keys are read back by name, so their order is no matter).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.utils import retry

from projections.custody_chain import CustodyChainView
from projections.custody_chain_json import StoredChain, chain_from_json, chain_to_json
from projections.postgres_tables import statements

_TRANSIENT = (InterfaceError, OperationalError)

_CREATE = [
    "CREATE TABLE IF NOT EXISTS {schema}.{chains} ("
    "case_id uuid PRIMARY KEY, version bigint NOT NULL, chain jsonb NOT NULL)",
]
# The document travels as text both ways, so that it is decoded by this module alone.
_SELECT_CHAIN = "SELECT version, chain::text AS chain FROM {schema}.{chains} WHERE case_id = %s"
_UPSERT_CHAIN = (
    "INSERT INTO {schema}.{chains} VALUES (%s, %s, %s::jsonb) ON CONFLICT (case_id) DO UPDATE "
    "SET version = EXCLUDED.version, chain = EXCLUDED.chain"
)


class PostgresCustodyChainView(PostgresTrackingRecorder, CustodyChainView):
    """Chains next to the projection's tracking table."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "custody_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        statement = statements(self, tracking_table_name, {"chains": "chains"})
        self.sql_create_statements.extend(statement(text) for text in _CREATE)
        self._select_chain = statement(_SELECT_CHAIN)
        self._upsert_chain = statement(_UPSERT_CHAIN)

    def close(self) -> None:
        self.datastore.close()

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def stored_chain(self, case_id: UUID) -> StoredChain | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select_chain, (case_id,), prepare=True)
            row = curs.fetchone()
        if row is None:
            return None
        return StoredChain(row["version"], chain_from_json(case_id, row["chain"]))

    @retry(_TRANSIENT, max_attempts=10, wait=0.2)
    def replace_chain(self, stored: StoredChain, tracking: Tracking) -> None:
        document = chain_to_json(stored.chain)
        with self.datastore.transaction(commit=True) as curs:
            # Tracking first: a position already tracked fails before anything is written.
            self._insert_tracking(curs, tracking)
            curs.execute(
                self._upsert_chain, (stored.case_id, stored.version, document), prepare=True
            )
