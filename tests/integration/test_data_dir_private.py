"""The data directory is its owner's alone: 0700, every file in it 0600, whatever the umask.

The files hold sealed personal data, the keys that open it, and the views; SQLite's write-ahead
logs and shared-memory files hold the same pages, so they are checked too, while they exist.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.views import start_views
from adapters.relay_tracking import open_tracking
from adapters.settings import Settings
from tests.builders import DIF, SEDETUR, open_adult

WAIT = 60.0
EXPECTED = {  # what a running deployment keeps in its data directory, at least
    "ruta.db",
    "ruta.db-wal",
    "ruta.db-shm",
    "keys.db",
    "keys.db-wal",
    "keys.db-shm",
    "master.key",
    "checkpoint.key",
    "caseload.db",
    "caseload.db-wal",
    "custody.db",
    "review.db",
    "audit.db",
    "audit.db-wal",
    "relay.db",
}


@pytest.fixture(params=[0o022, 0o002, 0o000], ids=["umask-022", "umask-002", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def modes(data_dir: Path) -> dict[str, str]:
    """Each entry of the directory (and the directory itself, as ".") with its mode in octal."""
    found = {".": oct(stat.S_IMODE(data_dir.stat().st_mode))}
    for entry in data_dir.iterdir():
        found[entry.name] = oct(stat.S_IMODE(entry.lstat().st_mode))
    return found


def assert_private(data_dir: Path) -> None:
    found = modes(data_dir)
    assert found.pop(".") == "0o700"
    assert found, "nothing was written"
    loose = {name: mode for name, mode in found.items() if mode != "0o600"}
    assert loose == {}, f"not private: {loose}"


def test_the_runtime_and_the_views_write_only_private_files(umask: int, tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    try:
        hub = runtime.hub
        tracking = open_tracking(store_env(settings), data_dir)
        try:
            with start_views(store_env(settings), data_dir, catalogue=hub.catalogue) as views:
                case_id = open_adult(hub)
                with hub.acting_as(SEDETUR):
                    hub.record_consent(case_id, ["dif"], ["shelter"])
                    referral = hub.issue_referral(case_id, "dif", "shelter", note="Nota ficticia")
                with hub.acting_as(DIF):
                    hub.accept_referral(case_id, referral.id)
                views.wait(hub.recorder.max_notification_id() or 0, timeout=WAIT)
                assert set(os.listdir(data_dir)) >= EXPECTED  # open: WAL and SHM exist now
                assert_private(data_dir)
        finally:
            tracking.close()
    finally:
        runtime.close()
    assert_private(data_dir)


def test_a_data_dir_left_readable_by_an_earlier_release_is_made_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    build_runtime(settings).close()
    data_dir.chmod(0o755)
    for entry in data_dir.iterdir():
        entry.chmod(0o644)
    (data_dir / "caseload.db").write_bytes(b"")  # as an earlier release left it
    (data_dir / "caseload.db").chmod(0o644)

    runtime = build_runtime(settings)
    try:
        with start_views(store_env(settings), data_dir, catalogue=runtime.hub.catalogue) as views:
            open_adult(runtime.hub)
            views.wait(runtime.hub.recorder.max_notification_id() or 0, timeout=WAIT)
            assert_private(data_dir)
    finally:
        runtime.close()


def ruta(*args: str, data_dir: Path, umask: int) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        env={**clean, "RUTA_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        umask=umask,
    )


def test_the_commands_write_only_private_files_under_a_loose_umask(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    for command in (
        ("demo",),
        ("accounts", "create", "--agency", "dif", "--role", "caseworker"),
        ("audit", "checkpoint"),
        ("project", "rebuild", "custody", "--wait", "0"),
    ):
        done = ruta(*command, data_dir=data_dir, umask=0o002)
        assert done.returncode in (0, 2), done.stderr  # rebuild: the live view is not there
        assert_private(data_dir)
    assert {"ruta.db", "keys.db", "master.key", "checkpoint.key", "audit.db"} <= set(
        os.listdir(data_dir)
    )
