"""Starting a configured deployment on PostgreSQL: the composition root as production uses it."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from adapters.bootstrap import build_runtime
from adapters.master_key import MasterKeyError, create_master_key
from adapters.settings import Settings
from tests.builders import open_adult
from tests.conftest import conninfo

pytestmark = pytest.mark.postgres


def test_a_new_schema_is_created_and_holds_events_and_keys_apart(
    postgres: dict[str, str], tmp_path: Path
) -> None:
    schema = f"ruta_boot_{uuid.uuid4().hex[:10]}"
    key = tmp_path / "master.key"
    create_master_key(key)
    settings = Settings.from_env(
        {
            "RUTA_STORE": f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}",
            "RUTA_MASTER_KEY_FILE": str(key),
            "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "checkpoint.key"),
        }
    )
    runtime = build_runtime(settings)
    try:
        case_id = open_adult(runtime.hub)
        assert runtime.hub.personal_data(case_id)["full_name"] == "Marisol Ejemplo Ficticia"
        with psycopg.connect(conninfo(postgres)) as db:
            tables = {
                row[0]
                for row in db.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                    (schema,),
                )
            }
        assert {"hub_events", "hub_snapshots", "ruta_data_keys", "ruta_keystore_meta"} <= tables
    finally:
        runtime.close()
        with psycopg.connect(conninfo(postgres), autocommit=True) as db:
            db.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_a_configured_deployment_without_its_master_key_file_does_not_start(
    postgres: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings.from_env(
        {
            "RUTA_STORE": "postgresql://postgres@127.0.0.1:5432/test",
            "RUTA_MASTER_KEY_FILE": str(tmp_path / "absent.key"),
            "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "checkpoint.key"),
        }
    )
    with pytest.raises(MasterKeyError, match=r"absent\.key"):
        build_runtime(settings)
    assert not (tmp_path / "absent.key").exists()
