"""The custody view on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import psycopg
import pytest

from adapters.bootstrap import postgres_env
from adapters.projection_runtime import custody_env, start_custody
from adapters.settings import PostgresStore
from domain.hub import Hub
from tests.builders import open_adult
from tests.conftest import conninfo
from tests.fakes import FakeSealer, ManualClock
from tests.integration.custody_contract import WAIT, CustodyContract, ViewStore

pytestmark = pytest.mark.postgres


@pytest.fixture
def custody_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
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


class TestPostgresCustodyView(CustodyContract):
    pass


def test_the_views_table_is_prefixed_in_the_hubs_schema(
    custody_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    hub = Hub(custody_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)
        with start_custody(custody_store.env, None) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    with psycopg.connect(conninfo(postgres)) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (pg_schema,),
        ).fetchall()
    assert {"custody_tracking", "custody_chains", "hub_events"} <= {name for (name,) in rows}


def test_the_settings_are_the_hubs_own(custody_store: ViewStore) -> None:
    assert custody_env(custody_store.env, None) == custody_store.env
