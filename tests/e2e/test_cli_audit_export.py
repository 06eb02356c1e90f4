"""``ruta audit export`` on a real store, then ``ruta audit verify`` on what it wrote.

The hub and its audit log run in this process on an SQLite store; the commands run in their own
processes, as an operator and an auditor would run them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.view_runners import start_audit
from adapters.settings import Settings
from domain.hub import Hub
from tests.builders import open_adult
from tests.e2e.test_cli import ruta

WAIT = 60.0


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


def write_cases(data_dir: Path, count: int, *, audit: bool = True) -> None:
    """Open ``count`` cases through the hub; let the audit log take them in unless told not to."""
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    hub: Hub = runtime.hub
    try:
        for _ in range(count):
            open_adult(hub)
        if audit:
            with start_audit(store_env(settings), settings.data_dir) as runner:
                runner.wait(hub.recorder.max_notification_id() or 0, timeout=WAIT)
    finally:
        runtime.close()


def run(data_dir: Path, *args: str) -> str:
    done = ruta(*args, env={"RUTA_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_export_verifies_offline_with_the_key_and_a_kept_checkpoint(
    data_dir: Path, tmp_path: Path
) -> None:
    write_cases(data_dir, 2)
    kept = tmp_path / "kept.note"
    kept.write_text(run(data_dir, "audit", "checkpoint"))
    write_cases(data_dir, 1)
    run(data_dir, "audit", "checkpoint")
    export = tmp_path / "log.ndjson"
    export.write_text(run(data_dir, "audit", "export"))
    key = run(data_dir, "audit", "key").strip()

    done = ruta("audit", "verify", str(export), "--key", key, "--checkpoint", str(kept), env={})

    assert done.returncode == 0, done.stdout
    assert "correcta" in done.stdout
    assert done.stdout.count("\n") >= 4


def test_an_export_resumes_after_a_position_with_nothing_twice(data_dir: Path) -> None:
    write_cases(data_dir, 2)
    whole = run(data_dir, "audit", "export").splitlines()
    middle = len(whole) // 2
    position = int(whole[middle - 1].split(",")[0].removeprefix('{"position":'))

    rest = run(data_dir, "audit", "export", "--after", str(position)).splitlines()

    assert whole[:middle] + rest == whole


def test_records_the_audit_log_has_not_reached_are_left_out_with_a_note(
    data_dir: Path,
) -> None:
    write_cases(data_dir, 1)
    before = run(data_dir, "audit", "export")
    write_cases(data_dir, 1, audit=False)

    done = ruta("audit", "export", env={"RUTA_DATA_DIR": str(data_dir)})

    assert done.returncode == 0
    assert done.stdout == before
    assert "aún no están en el registro de auditoría" in done.stderr


def test_a_position_that_is_not_one_is_refused(data_dir: Path) -> None:
    done = ruta("audit", "export", "--after", "-3", env={"RUTA_DATA_DIR": str(data_dir)})
    assert done.returncode == 2
    assert "no es una posición" in done.stderr
    assert done.stdout == ""
