"""The review view on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import psycopg
import pytest

from adapters.bootstrap import postgres_env
from adapters.projection_runtime import review_env, start_review
from adapters.settings import PostgresStore
from domain.hub import Hub
from tests.builders import open_child
from tests.conftest import conninfo
from tests.fakes import FakeSealer, ManualClock
from tests.integration.custody_contract import WAIT, ViewStore
from tests.integration.review_contract import ReviewContract

pytestmark = pytest.mark.postgres


@pytest.fixture
def review_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
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


class TestPostgresReviewView(ReviewContract):
    pass


def test_the_views_tables_are_prefixed_in_the_hubs_schema(
    review_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    hub = Hub(review_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_child(hub)
        with start_review(review_store.env, None) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    with psycopg.connect(conninfo(postgres)) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (pg_schema,),
        ).fetchall()
    assert {"review_tracking", "review_cases", "review_findings", "hub_events"} <= {
        name for (name,) in rows
    }


def test_the_settings_are_the_hubs_own(review_store: ViewStore) -> None:
    assert review_env(review_store.env, None) == review_store.env
