"""The audit log on SQLite: the contract, with the hub's file and the audit log's own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.bootstrap.view_runners import start_audit
from adapters.view_settings import audit_env
from tests.integration.audit_log_contract import AuditLogContract
from tests.integration.view_stores import (
    ViewStore,
    follow_one_case,
    sqlite_store,
    sqlite_tables,
)


@pytest.fixture
def audit_store(tmp_path: Path) -> ViewStore:
    return sqlite_store(tmp_path)


class TestSQLiteAuditLog(AuditLogContract):
    pass


def test_the_audit_log_lives_in_its_own_file_beside_the_hubs(audit_store: ViewStore) -> None:
    assert audit_store.data_dir is not None
    follow_one_case(audit_store, start_audit)

    own = {"audit_leaves", "audit_nodes", "audit_checkpoints", "tracking"}
    assert own <= sqlite_tables(audit_store.data_dir / "audit.db")
    assert not own & sqlite_tables(Path(audit_store.env["SQLITE_DBNAME"]))
    assert audit_env(audit_store.env, audit_store.data_dir)["AUDIT_SQLITE_DBNAME"] == str(
        audit_store.data_dir / "audit.db"
    )
