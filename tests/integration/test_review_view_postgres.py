"""The review view on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

from functools import partial

import pytest

from adapters.bootstrap.view_runners import start_review
from adapters.view_settings import review_env
from domain.agencies import load_catalogue
from tests.builders import open_child
from tests.integration.review_contract import ReviewContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    postgres_store,
    postgres_tables,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def review_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
    return postgres_store(postgres, pg_schema)


class TestPostgresReviewView(ReviewContract):
    pass


def test_the_views_tables_are_prefixed_in_the_hubs_schema(
    review_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    follow_one_case(review_store, partial(start_review, catalogue=load_catalogue()), open_child)

    names = postgres_tables(postgres, pg_schema)
    assert {"review_tracking", "review_cases", "review_findings", "hub_events"} <= names


def test_the_settings_are_the_hubs_own(review_store: ViewStore) -> None:
    assert review_env(review_store.env, None) == review_store.env
