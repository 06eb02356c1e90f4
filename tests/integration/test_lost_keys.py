"""Lost key files: Ruta refuses to start, names what is missing, and writes nothing.

Keys are made on a first run only (an empty data directory, or an event store without events);
afterwards a new master key or key store would leave every sealed value unreadable while the
server answered reads without it, as if there were no data.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from adapters.bootstrap import build_runtime
from adapters.deployment_keys import KEY_STORE, MASTER_KEY, KeysMissing
from adapters.master_key import create_master_key
from adapters.settings import Settings
from tests.builders import open_adult
from tests.conftest import conninfo


def snapshot(directory: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under ``directory`` with its size, modification time and mode."""
    found = {}
    for path in sorted(directory.rglob("*")):
        status = path.stat()
        found[str(path.relative_to(directory))] = (
            status.st_size,
            status.st_mtime_ns,
            status.st_mode,
        )
    return found


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """An embedded deployment that has run: a case with personal data in its store."""
    settings = Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")})
    runtime = build_runtime(settings)
    try:
        open_adult(runtime.hub)
    finally:
        runtime.close()
    return settings


def remove_key_store(settings: Settings) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.keystore_path}{suffix}").unlink(missing_ok=True)


def test_a_store_restored_without_its_key_store_and_master_key_does_not_start(
    settings: Settings,
) -> None:
    remove_key_store(settings)
    settings.master_key_file.unlink()
    before = snapshot(settings.data_dir)

    with pytest.raises(KeysMissing) as refused:
        build_runtime(settings)

    assert [m.kind for m in refused.value.missing] == [MASTER_KEY, KEY_STORE]
    assert str(settings.master_key_file) in str(refused.value)
    assert str(settings.keystore_path) in str(refused.value)
    assert snapshot(settings.data_dir) == before  # no new key, no new empty key store


def test_a_missing_master_key_is_refused_and_no_stray_key_is_left(settings: Settings) -> None:
    settings.master_key_file.unlink()
    before = snapshot(settings.data_dir)

    with pytest.raises(KeysMissing) as refused:
        build_runtime(settings)

    assert [(m.kind, m.location) for m in refused.value.missing] == [
        (MASTER_KEY, str(settings.master_key_file))
    ]
    assert not settings.master_key_file.exists()
    assert snapshot(settings.data_dir) == before


def test_a_missing_key_store_is_refused_and_not_made_again(settings: Settings) -> None:
    remove_key_store(settings)
    before = snapshot(settings.data_dir)

    with pytest.raises(KeysMissing, match=r"keys\.db"):
        build_runtime(settings)

    assert not settings.keystore_path.exists()
    assert snapshot(settings.data_dir) == before


def test_a_key_store_left_without_its_master_key_is_refused_even_before_any_event(
    tmp_path: Path,
) -> None:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")})
    build_runtime(settings).close()  # keys made, no case opened yet
    settings.sqlite_path.unlink()  # as if the event store had never been written
    settings.master_key_file.unlink()

    with pytest.raises(KeysMissing, match=r"master\.key"):
        build_runtime(settings)
    assert not settings.master_key_file.exists()


def test_an_empty_data_dir_is_a_first_run_that_makes_every_key(tmp_path: Path) -> None:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")})
    runtime = build_runtime(settings)
    runtime.close()
    for made in (settings.master_key_file, settings.checkpoint_key_file, settings.keystore_path):
        assert made.exists(), made


@pytest.mark.postgres
class TestPostgres:
    @pytest.fixture
    def settings(self, pg_schema: str, tmp_path: Path) -> Settings:
        key = tmp_path / "master.key"
        create_master_key(key)
        settings = Settings.from_env(
            {
                "RUTA_STORE": f"postgresql://postgres@127.0.0.1:5432/test?schema={pg_schema}",
                "RUTA_MASTER_KEY_FILE": str(key),
                "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "checkpoint.key"),
            }
        )
        runtime = build_runtime(settings)
        try:
            open_adult(runtime.hub)
        finally:
            runtime.close()
        return settings

    def tables(self, postgres: dict[str, str], schema: str) -> set[str]:
        with psycopg.connect(conninfo(postgres)) as db:
            rows = db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            ).fetchall()
        return {row[0] for row in rows}

    def test_events_without_their_key_store_tables_do_not_start(
        self, settings: Settings, postgres: dict[str, str], pg_schema: str
    ) -> None:
        with psycopg.connect(conninfo(postgres), autocommit=True) as db:
            db.execute(f'DROP TABLE "{pg_schema}".ruta_data_keys, "{pg_schema}".ruta_keystore_meta')

        with pytest.raises(KeysMissing) as refused:
            build_runtime(settings)

        assert [m.kind for m in refused.value.missing] == [KEY_STORE]
        assert "ruta_data_keys" in str(refused.value)
        assert pg_schema in str(refused.value)
        assert "ruta_data_keys" not in self.tables(postgres, pg_schema)  # not made again

    def test_events_with_an_emptied_key_store_do_not_start(
        self, settings: Settings, postgres: dict[str, str], pg_schema: str
    ) -> None:
        with psycopg.connect(conninfo(postgres), autocommit=True) as db:
            for table in ("ruta_keystore_meta", "ruta_data_keys"):
                db.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(pg_schema, table)))

        with pytest.raises(KeysMissing, match="ruta_keystore_meta"):
            build_runtime(settings)
        with psycopg.connect(conninfo(postgres)) as db:
            (count,) = db.execute(
                f'SELECT count(*) FROM "{pg_schema}".ruta_keystore_meta'  # noqa: S608
            ).fetchone()  # type: ignore[misc]
        assert count == 0  # no new check value written under the old events
