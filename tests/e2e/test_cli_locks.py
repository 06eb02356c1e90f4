"""One process per role, as an operator meets it: a second server or view keeper on one SQLite
data directory is refused, one-shot commands still run, and a killed process starts again at
once; on PostgreSQL a second view keeper waits and takes over when the first is killed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.views import open_views
from adapters.checkpoints import create_signer_key
from adapters.master_key import create_master_key
from adapters.settings import Settings
from tests.builders import open_adult
from tests.e2e.test_cli import ruta

WAIT = 60.0


class Process:
    """A ``ruta`` command running in its own process; its output read as it comes."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "cli.main", *args],
            env={**clean, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def wait_for(self, text: str) -> None:
        wait_until(lambda: self.said(text) or self.popen.poll() is not None)
        assert self.said(text), "".join(self.lines)[-3000:]

    def kill(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=WAIT)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reader.join(timeout=WAIT)


def wait_until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def running() -> Iterator[list[Process]]:
    """The processes a test started, stopped at its end whatever happened."""
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def test_one_server_and_one_view_keeper_per_sqlite_data_dir(
    tmp_path: Path, running: list[Process]
) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    serve = ("serve", "--projection", "elsewhere", "--port")
    server = Process(*serve, str(free_port()), env=env)
    running.append(server)
    server.wait_for("Ruta escucha")
    views = Process("project", "run", "all", env=env)  # the views' keeper: another role
    running.append(views)
    views.wait_for("en marcha")

    second = ruta(*serve, str(free_port()), env=env)
    assert second.returncode == 2
    assert f"Otro proceso (pid {server.popen.pid}) ya sirve la API" in second.stderr
    keeper = ruta("project", "run", "all", env=env)
    assert keeper.returncode == 2
    assert f"Otro proceso (pid {views.popen.pid}) ya mantiene la vista «caseload»" in (
        keeper.stderr
    )
    # One-shot commands take no lock: they run beside the server and the views.
    for command in (
        ("accounts", "create", "--agency", "dif", "--role", "caseworker"),
        ("demo",),
        ("audit", "export"),
    ):
        done = ruta(*command, env=env)
        assert done.returncode == 0, (command, done.stderr)

    # Killed, each starts again at once: the kernel released its lock with the process.
    server.kill()
    again = Process(*serve, str(free_port()), env=env)
    running.append(again)
    again.wait_for("Ruta escucha")
    views.kill()
    views_again = Process("project", "run", "all", env=env)
    running.append(views_again)
    views_again.wait_for("en marcha")


def test_a_server_keeping_the_views_refuses_a_second_keeper(
    tmp_path: Path, running: list[Process]
) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    server = Process("serve", "--port", str(free_port()), env=env)
    running.append(server)
    server.wait_for("Ruta escucha")

    keeper = ruta("--lang", "en", "project", "run", "caseload", env=env)

    assert keeper.returncode == 2
    assert "already keeps the view 'caseload'" in keeper.stderr
    assert "--projection elsewhere" in keeper.stderr


@pytest.mark.postgres
def test_a_second_view_keeper_on_postgresql_waits_and_takes_over_when_the_first_is_killed(
    pg_schema: str, tmp_path: Path, running: list[Process]
) -> None:
    master, signer = tmp_path / "master.key", tmp_path / "checkpoint.key"
    create_master_key(master)
    env = {
        "RUTA_STORE": f"postgresql://postgres@127.0.0.1:5432/test?schema={pg_schema}",
        "RUTA_MASTER_KEY_FILE": str(master),
        "RUTA_CHECKPOINT_KEY_FILE": str(signer),
    }
    settings = Settings.from_env(env)
    create_signer_key(signer, settings.log_origin)
    runtime = build_runtime(settings)
    hub = runtime.hub
    try:
        open_adult(hub)
        first = Process("project", "run", "all", env=env)
        running.append(first)
        first.wait_for("en marcha")
        second = Process("project", "run", "all", env=env)
        running.append(second)
        second.wait_for("waiting to take over")

        with open_views(store_env(settings), None) as views:
            open_adult(hub)
            views.wait(hub.recorder.max_notification_id(), timeout=WAIT)  # the first keeps them
            assert not second.said("en marcha")
            first.kill()
            second.wait_for("en marcha")
            open_adult(hub)
            head = hub.recorder.max_notification_id()
            views.wait(head, timeout=WAIT)  # the second caught up, alone
            assert views.position() == head
        assert second.popen.poll() is None  # no tracking conflict stopped it
    finally:
        runtime.close()
