"""Tampering with the real stores is caught by the offline verifier, at the right place.

Someone with access to the database (not to the checkpoint key, and not to the checkpoints an
auditor kept) edits, deletes, inserts, swaps or rolls back stored records, on SQLite and on
PostgreSQL. The export shows the store as it is then; ``verify_export`` names the first position
that fails, or the size at which the log stops matching a signed root.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap import Runtime, build_runtime, store_env
from adapters.bootstrap.view_runners import start_audit
from adapters.checkpoints import create_signer_key
from adapters.deployment_keys import checkpointer
from adapters.master_key import create_master_key
from adapters.settings import Settings
from adapters.view_settings import open_view
from domain.hub import Hub
from merkle import leaf_hash
from merkle.leaves import Record
from merkle.report import Report
from merkle.verifier import verify_export
from projections.audit_log import AuditLogProjection, AuditLogView
from projections.audit_log_export import export_lines
from tests.builders import ADMIN, DIF, SEDETUR, adult_report
from tests.conftest import conninfo

WAIT = 60.0


class Store:
    """A hub on a real store with its audit log, and raw access to both as a tamperer has it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runtime: Runtime = build_runtime(settings)
        self.hub: Hub = self.runtime.hub
        self.env = store_env(settings)

    def close(self) -> None:
        self.runtime.close()

    def catch_up(self) -> None:
        """Let the audit log take in every record stored so far."""
        with start_audit(self.env, self.settings.data_dir) as runner:
            runner.wait(self.hub.recorder.max_notification_id() or 0, timeout=WAIT)

    def checkpoint(self) -> str:
        with closing(self._view()) as view:
            return checkpointer(view, self.settings).checkpoint_now()

    def export(self) -> list[str]:
        with closing(self._view()) as view:
            return list(export_lines(self.hub.recorder, view))

    def verify(self, *earlier: str) -> Report:
        with closing(self._view()) as view:
            key = checkpointer(view, self.settings).verifier
        return verify_export(self.export(), key, earlier=earlier)

    def positions(self) -> list[int]:
        return [n.id for n in self.hub.recorder.select_notifications(start=1, limit=10_000)]

    # What a tamperer does, in the store's own SQL. Statements name the tables ``{events}``
    # (with ``{id}`` its position column), ``{leaves}``, ``{nodes}`` and ``{checkpoints}``.

    def events_sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self._sql("events", statement, params)

    def audit_sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self._sql("audit", statement, params)

    def row(self, position: int) -> tuple[Any, ...]:
        """The stored columns of the record at ``position``."""
        query = (
            "SELECT originator_id, originator_version, topic, state FROM {events} WHERE {id} = ?"
        )
        (found,) = self.events_sql(query, position)
        return found

    def drop_audit_log(self) -> None:
        """Throw the audit log away, tracking and all, so that it is built again from empty."""
        if self.settings.postgres is None:
            for name in ("audit.db", "audit.db-wal", "audit.db-shm"):
                (self.settings.data_dir / name).unlink(missing_ok=True)
            return
        self.audit_sql("DROP TABLE {leaves}, {nodes}, {checkpoints}, {tracking}")

    def _sql(self, database: str, statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        pg = self.settings.postgres
        audit = ("leaves", "nodes", "checkpoints", "tracking")
        if pg is None:
            names = {"events": "stored_events", "id": "rowid"} | {n: f"audit_{n}" for n in audit}
            path = (
                self.settings.sqlite_path
                if database == "events"
                else self.settings.data_dir / "audit.db"
            )
            with closing(sqlite3.connect(path)) as db, db:
                return db.execute(statement.format(**names), params).fetchall()
        names = {"events": f'"{pg.schema}".hub_events', "id": "notification_id"}
        names |= {n: f'"{pg.schema}".audit_{n}' for n in audit}
        text = statement.format(**names).replace("?", "%s")
        with psycopg.connect(self._conninfo()) as conn, conn.cursor() as cursor:
            cursor.execute(text.encode(), params)
            return cursor.fetchall() if cursor.description else []

    def _view(self) -> AuditLogView:
        view: AuditLogView = open_view(AuditLogProjection.name, self.env, self.settings.data_dir)
        return view

    def _conninfo(self) -> str:
        pg = self.settings.postgres
        assert pg is not None
        return conninfo({"host": pg.host, "user": pg.user, "dbname": pg.dbname})


def postgres_store(tmp_path: Path, schema: str) -> Store:
    create_master_key(tmp_path / "master.key")
    env = {
        "RUTA_DATA_DIR": str(tmp_path / "var"),
        "RUTA_STORE": f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}",
        "RUTA_MASTER_KEY_FILE": str(tmp_path / "master.key"),
        "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "checkpoint.key"),
    }
    create_signer_key(tmp_path / "checkpoint.key", Settings.from_env(env).log_origin)
    return Store(Settings.from_env(env))


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgres":
        store = postgres_store(tmp_path, request.getfixturevalue("pg_schema"))
    else:
        store = Store(Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")}))
    try:
        yield store
    finally:
        store.close()


def open_cases(hub: Hub, count: int) -> list[UUID]:
    cases = []
    for _ in range(count):
        with hub.acting_as(SEDETUR):
            case_id = hub.open_case(adult_report(hub.clock())).case_id
            hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
            hub.issue_referral(case_id, "dif", "shelter")
        cases.append(case_id)
    return cases


@pytest.fixture
def kept(store: Store) -> str:
    """A log of a few cases, all in the audit log, and the checkpoint an auditor kept of it."""
    open_cases(store.hub, 3)
    store.catch_up()
    note = store.checkpoint()
    report = store.verify(note)
    assert report.ok, report.failures
    return note


def failure(report: Report) -> tuple[str, int | None, int | None]:
    assert not report.ok
    first = report.failures[0]
    return first.check, first.position, first.size


def edited(state: bytes) -> bytes:
    """``state`` with one digit of its time changed: one byte, still a readable event."""
    at = state.index(b'"_data_":"') + len(b'"_data_":"') + 3  # the year's last digit
    changed = bytearray(state)
    changed[at] = ord("0") + (changed[at] - ord("0") + 1) % 10
    return bytes(changed)


class TestTheStoreChangedUnderTheAuditLog:
    def test_one_byte_edited_in_a_stored_event_is_named_by_its_position(
        self, store: Store, kept: str
    ) -> None:
        target = store.positions()[4]
        state = edited(store.row(target)[3])
        store.events_sql("UPDATE {events} SET state = ? WHERE {id} = ?", state, target)

        assert failure(store.verify()) == ("leaf_hash", target, None)
        assert failure(store.verify(kept)) == ("leaf_hash", target, None)

    def test_a_deleted_row_is_named_by_its_position(self, store: Store, kept: str) -> None:
        target = store.positions()[3]
        store.events_sql("DELETE FROM {events} WHERE {id} = ?", target)

        assert failure(store.verify(kept)) == ("missing", target, None)

    def test_a_forged_row_inserted_between_two_is_named_by_its_position(
        self, store: Store, kept: str
    ) -> None:
        positions = store.positions()
        after, target = positions[5], positions[6]
        originator, version, topic, state = store.row(after)  # a genuine-looking event
        # Make room: every later row moves up one place, as a forger renumbering them would.
        store.events_sql("UPDATE {events} SET {id} = {id} + 1000000 WHERE {id} > ?", after)
        store.events_sql("UPDATE {events} SET {id} = {id} - 999999 WHERE {id} > 1000000")
        store.events_sql(
            "INSERT INTO {events} ({id}, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            target,
            originator,
            version + 1000,
            topic,
            state,
        )

        assert failure(store.verify(kept)) == ("leaf_hash", target, None)

    def test_two_swapped_rows_are_named_at_the_first_of_them(self, store: Store, kept: str) -> None:
        positions = store.positions()
        first, second = positions[2], positions[7]
        store.events_sql("UPDATE {events} SET {id} = -1 WHERE {id} = ?", first)
        store.events_sql("UPDATE {events} SET {id} = ? WHERE {id} = ?", first, second)
        store.events_sql("UPDATE {events} SET {id} = ? WHERE {id} = -1", second)

        assert failure(store.verify(kept)) == ("leaf_hash", first, None)


def test_a_row_forged_into_a_gap_of_the_postgresql_sequence_is_named_by_its_position(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """PostgreSQL leaves gaps in the positions (a transaction rolled back keeps its number):
    a row forged into one is a record the audit log never took in."""
    store = postgres_store(tmp_path, request.getfixturevalue("pg_schema"))
    try:
        open_cases(store.hub, 1)
        gap = (store.hub.recorder.max_notification_id() or 0) + 1
        sequence = "SELECT setval(pg_get_serial_sequence(?, 'notification_id'), ?)"
        store.events_sql(sequence, f"{store.settings.postgres.schema}.hub_events", gap)  # type: ignore[union-attr]
        open_cases(store.hub, 1)
        store.catch_up()
        kept = store.checkpoint()
        originator, version, topic, state = store.row(gap - 1)
        store.events_sql(
            "INSERT INTO {events} ({id}, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            gap,
            originator,
            version + 1000,
            topic,
            state,
        )

        assert failure(store.verify(kept)) == ("unrecorded", gap, None)
    finally:
        store.close()


class TestTheAuditLogRewrittenToMatch:
    """An insider who rewrites the audit log's own tables too is caught by the signed roots."""

    def test_an_edit_with_its_recorded_hash_rewritten_fails_at_the_signed_root(
        self, store: Store, kept: str
    ) -> None:
        size = len(store.positions())
        target = store.positions()[4]
        state = edited(store.row(target)[3])
        store.events_sql("UPDATE {events} SET state = ? WHERE {id} = ?", state, target)
        forged = next(
            leaf_hash(Record.from_leaf(base64.b64decode(json.loads(line)["leaf"])).leaf())
            for line in store.export()
            if json.loads(line).get("position") == target
        )
        store.audit_sql("UPDATE {leaves} SET leaf_hash = ? WHERE position = ?", forged, target)

        report = store.verify()
        assert failure(report) == ("checkpoint_root", None, size)
        assert report.size_verified == 0

    def test_a_log_rolled_back_to_an_earlier_state_falls_short_of_the_kept_checkpoint(
        self, store: Store, kept: str
    ) -> None:
        early = len(store.positions())
        open_cases(store.hub, 2)
        store.catch_up()
        later = store.checkpoint()
        size = len(store.positions())
        # The insider restores the log and the audit log as they stood before the later cases.
        store.events_sql("DELETE FROM {events} WHERE {id} > ?", store.positions()[early - 1])
        store.audit_sql("DELETE FROM {leaves} WHERE leaf_index >= ?", early)
        store.audit_sql("DELETE FROM {nodes} WHERE (node_index + 1) * (1 << level) > ?", early)
        store.audit_sql("DELETE FROM {checkpoints} WHERE size > ?", early)

        assert store.verify(kept).ok  # consistent with itself and with the earlier checkpoint
        assert failure(store.verify(kept, later)) == ("rolled_back", None, size)

    def test_two_logs_of_the_same_size_under_two_checkpoints_are_a_fork(
        self, store: Store, kept: str
    ) -> None:
        # The insider rewrites one event, throws the audit log away and has it built and signed
        # again with the real key: a log of the same size under another root.
        size = len(store.positions())
        target = store.positions()[4]
        state = edited(store.row(target)[3])
        store.events_sql("UPDATE {events} SET state = ? WHERE {id} = ?", state, target)
        store.drop_audit_log()
        store.catch_up()
        store.checkpoint()

        assert store.verify().ok  # on its own, the rewritten log is consistent
        assert failure(store.verify(kept)) == ("kept_root", None, size)


class TestErasure:
    def test_a_destroyed_data_key_changes_nothing_and_the_case_is_marked_erased(
        self, store: Store
    ) -> None:
        erased, kept_case = open_cases(store.hub, 2)
        store.catch_up()
        before = store.checkpoint()
        with store.hub.acting_as(ADMIN):
            store.hub.erase_personal_data(erased, "arco_cancellation")
        with store.hub.acting_as(DIF):
            assert store.hub.get_case(kept_case) is not None
        store.catch_up()
        store.checkpoint()

        report = store.verify(before)
        assert report.ok, report.failures
        assert report.erased_cases == (erased,)
        assert report.size_verified == len(store.positions())
