"""The caseload on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import psycopg
import pytest

from adapters.bootstrap import postgres_env
from adapters.projection_runtime import caseload_env, start_caseload
from adapters.settings import PostgresStore
from domain.hub import Hub
from tests.builders import open_adult
from tests.conftest import conninfo
from tests.fakes import FakeSealer, ManualClock
from tests.integration.caseload_contract import WAIT, CaseloadContract, CaseloadStore

pytestmark = pytest.mark.postgres


@pytest.fixture
def caseload_store(postgres: dict[str, str], pg_schema: str) -> CaseloadStore:
    """The settings a deployment gets from the composition root, not hand-made ones."""
    store = PostgresStore(
        host=postgres["host"],
        port=int(postgres["port"]),
        user=postgres["user"],
        password="",
        dbname=postgres["dbname"],
        schema=pg_schema,
    )
    return CaseloadStore(env=postgres_env(store), data_dir=None)


class TestPostgresCaseload(CaseloadContract):
    pass


def test_the_views_tables_are_prefixed_in_the_hubs_schema(
    caseload_store: CaseloadStore, postgres: dict[str, str], pg_schema: str
) -> None:
    hub = Hub(caseload_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)
        with start_caseload(caseload_store.env, None) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    with psycopg.connect(conninfo(postgres)) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (pg_schema,),
        ).fetchall()
    assert {"caseload_tracking", "caseload_cases", "caseload_entries", "hub_events"} <= {
        name for (name,) in rows
    }


def test_the_settings_are_the_hubs_own(caseload_store: CaseloadStore) -> None:
    assert caseload_env(caseload_store.env, None) == caseload_store.env
