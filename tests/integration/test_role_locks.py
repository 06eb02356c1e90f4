"""One process per role on one store: a second keeper of a view (or relay) is refused on SQLite,
and waits on PostgreSQL until the first lets go."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import psycopg
import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.view_runners import start_caseload, start_custody
from adapters.role_lock import AdvisoryRoleLock, RoleLost, RoleTaken, hold_role
from adapters.settings import Settings
from domain.agencies import load_catalogue
from tests.builders import open_adult
from tests.conftest import conninfo

WAIT = 60.0


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")})
    build_runtime(settings).close()
    return settings


def test_a_second_keeper_of_a_view_on_one_sqlite_data_dir_is_refused(settings: Settings) -> None:
    env = store_env(settings)
    with start_caseload(env, settings.data_dir, catalogue=load_catalogue()):
        with pytest.raises(RoleTaken) as taken:
            start_caseload(env, settings.data_dir, catalogue=load_catalogue())
        assert taken.value.role == "caseload"
        assert taken.value.holder == os.getpid()
        assert taken.value.path == settings.data_dir / "caseload.lock"
        with start_custody(env, settings.data_dir):  # another view: its own lock
            pass
    # Released with the first runner: the view has a keeper again at once.
    with start_caseload(env, settings.data_dir, catalogue=load_catalogue()) as again:
        runtime = build_runtime(settings)
        try:
            open_adult(runtime.hub)
            again.wait(runtime.hub.recorder.max_notification_id(), timeout=WAIT)
        finally:
            runtime.close()


def test_a_rebuild_beside_the_live_view_takes_a_lock_of_its_own(settings: Settings) -> None:
    env = store_env(settings)
    with (
        start_custody(env, settings.data_dir),
        start_custody(env, settings.data_dir, suffix="_rebuild"),
    ):
        assert (settings.data_dir / "custody_rebuild.lock").exists()


def test_the_relays_lock_is_refused_to_a_second_relay_on_sqlite(settings: Settings) -> None:
    first = hold_role("relay", store_env(settings), settings.data_dir)
    try:
        with pytest.raises(RoleTaken, match="relay"):
            hold_role("relay", store_env(settings), settings.data_dir)
    finally:
        first.release()
    hold_role("relay", store_env(settings), settings.data_dir).release()


@pytest.mark.postgres
class TestPostgres:
    @pytest.fixture
    def lock_info(self, postgres: dict[str, str], pg_schema: str) -> tuple[str, str]:
        return conninfo(postgres), pg_schema

    def holder(self, info: tuple[str, str], key: int) -> int | None:
        """The backend pid holding the advisory lock ``key``, if any session does."""
        with psycopg.connect(info[0]) as db:
            row = db.execute(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid::bigint = (%s >> 32) & 4294967295"
                " AND objid::bigint = %s & 4294967295",
                (key, key),
            ).fetchone()
        return None if row is None else int(row[0])

    def test_a_second_keeper_waits_and_takes_over_when_the_first_lets_go(
        self, lock_info: tuple[str, str]
    ) -> None:
        first = AdvisoryRoleLock("caseload", *lock_info, poll=0.05)
        taken: list[AdvisoryRoleLock] = []
        second = threading.Thread(
            target=lambda: taken.append(AdvisoryRoleLock("caseload", *lock_info, poll=0.05))
        )
        second.start()
        try:
            second.join(timeout=0.5)
            assert second.is_alive()  # waiting: the first holds it
            assert not taken
            first.release()
            second.join(timeout=WAIT)
            assert taken, "the second keeper did not take over"
            assert self.holder(lock_info, taken[0].key) is not None
        finally:
            first.release()
            second.join(timeout=WAIT)
            for lock in taken:
                lock.release()

    def test_roles_and_schemas_have_locks_of_their_own(self, lock_info: tuple[str, str]) -> None:
        locks = [
            AdvisoryRoleLock("caseload", *lock_info),
            AdvisoryRoleLock("relay", *lock_info),
            AdvisoryRoleLock("caseload", lock_info[0], f"{lock_info[1]}_other"),
        ]
        assert len({lock.key for lock in locks}) == 3
        for lock in locks:
            lock.release()

    def test_a_lock_whose_session_died_is_taken_again(self, lock_info: tuple[str, str]) -> None:
        lock = AdvisoryRoleLock("relay", *lock_info, every=3600)
        try:
            before = self.holder(lock_info, lock.key)
            assert before is not None
            with psycopg.connect(lock_info[0], autocommit=True) as db:
                db.execute("SELECT pg_terminate_backend(%s)", (before,))
            assert lock.check()
            after = self.holder(lock_info, lock.key)
            assert after is not None
            assert after != before
        finally:
            lock.release()

    def test_a_lock_taken_over_while_its_session_was_dead_stops_its_holder(
        self, lock_info: tuple[str, str]
    ) -> None:
        lost: list[BaseException] = []
        first = AdvisoryRoleLock("relay", *lock_info, every=3600)
        first.on_lost = lost.append
        taken: list[AdvisoryRoleLock] = []
        second = threading.Thread(
            target=lambda: taken.append(AdvisoryRoleLock("relay", *lock_info, poll=0.05))
        )
        second.start()
        try:
            pid = self.holder(lock_info, first.key)
            with psycopg.connect(lock_info[0], autocommit=True) as db:
                db.execute("SELECT pg_terminate_backend(%s)", (pid,))
            second.join(timeout=WAIT)
            assert taken, "the waiting keeper did not take over"

            assert not first.check()
            assert len(lost) == 1
            assert isinstance(lost[0], RoleLost)
        finally:
            first.release()
            second.join(timeout=WAIT)
            for lock in taken:
                lock.release()
