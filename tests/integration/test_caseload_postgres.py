"""The caseload on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

from functools import partial

import pytest

from adapters.bootstrap.view_runners import start_caseload
from adapters.view_settings import caseload_env
from domain.agencies import load_catalogue
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
    follow_one_case(caseload_store, partial(start_caseload, catalogue=load_catalogue()))

    names = postgres_tables(postgres, pg_schema)
    assert {"caseload_tracking", "caseload_cases", "caseload_entries", "hub_events"} <= names


def test_the_settings_are_the_hubs_own(caseload_store: ViewStore) -> None:
    assert caseload_env(caseload_store.env, None) == caseload_store.env
