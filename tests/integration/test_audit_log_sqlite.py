"""The audit log on SQLite: the contract, with the hub's file and the audit log's own file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.projection_runtime import audit_env, start_audit
from domain.hub import Hub
from tests.builders import open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.integration.audit_log_contract import AuditLogContract
from tests.integration.custody_contract import WAIT, ViewStore


@pytest.fixture
def audit_store(tmp_path: Path) -> ViewStore:
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "var" / "ruta.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    (tmp_path / "var").mkdir()
    return ViewStore(env=env, data_dir=tmp_path / "var")


class TestSQLiteAuditLog(AuditLogContract):
    pass


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_the_audit_log_lives_in_its_own_file_beside_the_hubs(audit_store: ViewStore) -> None:
    assert audit_store.data_dir is not None
    hub = Hub(audit_store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)
        with start_audit(audit_store.env, audit_store.data_dir) as runner:
            runner.wait(hub.recorder.max_notification_id(), timeout=WAIT)
    finally:
        hub.close()

    own = {"audit_leaves", "audit_nodes", "audit_checkpoints", "tracking"}
    assert own <= tables(audit_store.data_dir / "audit.db")
    assert not own & tables(Path(audit_store.env["SQLITE_DBNAME"]))
    assert audit_env(audit_store.env, audit_store.data_dir)["AUDIT_SQLITE_DBNAME"] == str(
        audit_store.data_dir / "audit.db"
    )
