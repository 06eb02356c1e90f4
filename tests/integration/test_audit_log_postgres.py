"""The audit log on PostgreSQL: the contract, in the hub's database and schema."""

from __future__ import annotations

import pytest

from adapters.bootstrap.view_runners import start_audit
from tests.integration.audit_log_contract import AuditLogContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    postgres_store,
    postgres_tables,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def audit_store(postgres: dict[str, str], pg_schema: str) -> ViewStore:
    return postgres_store(postgres, pg_schema)


class TestPostgresAuditLog(AuditLogContract):
    pass


def test_the_audit_tables_are_prefixed_in_the_hubs_schema(
    audit_store: ViewStore, postgres: dict[str, str], pg_schema: str
) -> None:
    follow_one_case(audit_store, start_audit)

    names = postgres_tables(postgres, pg_schema)
    assert {
        "audit_tracking",
        "audit_leaves",
        "audit_nodes",
        "audit_checkpoints",
        "hub_events",
    } <= names
