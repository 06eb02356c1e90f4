"""The audit log on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import psycopg
import pytest

from adapters.bootstrap import postgres_env
from adapters.projection_runtime import start_audit
from adapters.settings import PostgresStore
from domain.hub import Hub
from tests.builders import open_adult
from tests.conftest import conninfo
from tests.fakes import FakeSealer, ManualClock
from tests.integration.audit_log_contract import AuditLogContract
from tests.integration.custody_contract import WAIT, ViewStore

pytestmark = pytest.mark.postgres


@pytest.fixture
def audit_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
    """The settings a deployment gets from the composition root, not hand-made ones."""
    store = PostgresStore(
        host=postgres["host"],
        port=int(postgres["port"]),
        user=postgres["user"],
        password="",
        dbname=postgres["dbname"],
        schema=pg_schema,
    )
    return ViewStore(env=postgres_env(store), data_dir=None)


class TestPostgresAuditLog(AuditLogContract):
    pass


def test_the_audit_tables_are_prefixed_in_the_hubs_schema(
    audit_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    hub = Hub(audit_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)
        with start_audit(audit_store.env, None) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    with psycopg.connect(conninfo(postgres)) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (pg_schema,),
        ).fetchall()
    assert {
        "audit_tracking",
        "audit_leaves",
        "audit_nodes",
        "audit_checkpoints",
        "hub_events",
    } <= {name for (name,) in rows}
