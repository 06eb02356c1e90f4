"""The caseload on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import pytest

from adapters.projection_runtime import caseload_env, start_caseload
from tests.integration.caseload_contract import CaseloadContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    postgres_store,
    postgres_tables,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def caseload_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
    return postgres_store(postgres, pg_schema)


class TestPostgresCaseload(CaseloadContract):
    pass


def test_the_views_tables_are_prefixed_in_the_hubs_schema(
    caseload_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    follow_one_case(caseload_store, start_caseload)

    names = postgres_tables(postgres, pg_schema)
    assert {"caseload_tracking", "caseload_cases", "caseload_entries", "hub_events"} <= names


def test_the_settings_are_the_hubs_own(caseload_store: ViewStore) -> None:
    assert caseload_env(caseload_store.env, None) == caseload_store.env
