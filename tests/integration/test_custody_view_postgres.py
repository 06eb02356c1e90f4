"""The custody view on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import pytest

from adapters.bootstrap.view_runners import start_custody
from adapters.view_settings import custody_env
from tests.integration.custody_contract import CustodyContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    postgres_store,
    postgres_tables,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def custody_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
    return postgres_store(postgres, pg_schema)


class TestPostgresCustodyView(CustodyContract):
    pass


def test_the_views_table_is_prefixed_in_the_hubs_schema(
    custody_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    follow_one_case(custody_store, start_custody)

    names = postgres_tables(postgres, pg_schema)
    assert {"custody_tracking", "custody_chains", "hub_events"} <= names


def test_the_settings_are_the_hubs_own(custody_store: ViewStore) -> None:
    assert custody_env(custody_store.env, None) == custody_store.env
