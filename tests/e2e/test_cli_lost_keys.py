"""Lost key files as an operator meets them: a Spanish message naming each file, exit 2, and
nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import ruta
from tests.integration.test_lost_keys import snapshot


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory that has run: keys made, a demo account opened."""
    data_dir = tmp_path_factory.mktemp("lost") / "var"
    made = ruta("accounts", "create", "--agency", "dif", "--role", "caseworker",
                env={"RUTA_DATA_DIR": str(data_dir)})  # fmt: skip
    assert made.returncode == 0, made.stderr
    return data_dir


def copy_without(data_dir: Path, tmp_path: Path, *missing: str) -> Path:
    """The data directory as restored from a backup without ``missing``."""
    restored = tmp_path / "restored"
    restored.mkdir(mode=0o700)
    for path in data_dir.iterdir():
        if path.name not in missing:
            (restored / path.name).write_bytes(path.read_bytes())
    return restored


def test_audit_key_without_the_checkpoint_key_refuses_and_makes_none(
    data_dir: Path, tmp_path: Path
) -> None:
    restored = copy_without(data_dir, tmp_path, "checkpoint.key")
    before = snapshot(restored)

    done = ruta("audit", "key", env={"RUTA_DATA_DIR": str(restored)})

    assert done.returncode == 2
    assert done.stdout == ""
    assert "Faltan llaves" in done.stderr
    assert "la llave de firma de los puntos de control" in done.stderr
    assert str(restored / "checkpoint.key") in done.stderr
    assert snapshot(restored) == before


def test_a_store_restored_without_its_keys_does_not_serve(data_dir: Path, tmp_path: Path) -> None:
    restored = copy_without(data_dir, tmp_path, "master.key", "keys.db", "keys.db-wal")
    before = snapshot(restored)

    done = ruta("serve", "--port", "9", env={"RUTA_DATA_DIR": str(restored)})

    assert done.returncode == 2
    assert f"la llave maestra {restored / 'master.key'}" in done.stderr
    assert f"el almacén de llaves {restored / 'keys.db'}" in done.stderr
    assert "restáurelas desde su respaldo" in done.stderr
    assert snapshot(restored) == before


def test_the_message_is_in_english_on_request(data_dir: Path, tmp_path: Path) -> None:
    restored = copy_without(data_dir, tmp_path, "master.key")

    done = ruta("--lang", "en", "demo", env={"RUTA_DATA_DIR": str(restored)})

    assert done.returncode == 2
    assert f"the master key {restored / 'master.key'}" in done.stderr
    assert not (restored / "master.key").exists()
