"""``ruta project run caseload`` killed with SIGKILL while it writes its batches, and started
again as a supervisor would: the view it ends with is the one rebuilt from the log, on SQLite
and on PostgreSQL. Each kill comes while the worker catches up, a batch written and the next
one held.

The caseload writes a batch of events (their cases' latest states and their tracking) in one
transaction, so a kill between or inside batches repeats nothing and loses nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from adapters.bootstrap import build_runtime
from adapters.bootstrap.views import open_kept_view
from domain.hub import Hub
from tests.builders import SEDETUR, open_adult
from tests.e2e.test_cli_relay import wait_until
from tests.faults.deployment import Deployment, on_postgres, on_sqlite
from tests.faults.processes import RutaProcess, running, ruta

BACKLOG = 300  # cases written before the worker starts: it catches up in several batches


def view_position(deployment: Deployment) -> int:
    view = open_kept_view(deployment.settings(), "Caseload")
    try:
        return int(view.max_tracking_id(Hub.name) or 0)
    finally:
        view.close()


def moved_past(deployment: Deployment, position: int) -> Callable[[], bool]:
    return lambda: view_position(deployment) > position


def referred_case(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        hub.issue_referral(case_id, "dif", "shelter")


@contextmanager
def writing(hub: Hub) -> Iterator[None]:
    """Cases written one after another in a thread while the block runs."""
    stop, failures = threading.Event(), list[BaseException]()

    def write() -> None:
        try:
            while not stop.is_set():
                referred_case(hub)
        except BaseException as error:  # reported by the test
            failures.append(error)

    thread = threading.Thread(target=write, name="writer", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)
    assert failures == []


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Deployment:
    """On SQLite, or on the test PostgreSQL in a schema of its own (``pg_schema``)."""
    if request.param == "sqlite":
        return on_sqlite(tmp_path)
    settings = request.getfixturevalue("postgres")
    schema = request.getfixturevalue("pg_schema")
    url = "postgresql://{user}@{host}:{port}/{dbname}".format(**settings)
    return on_postgres(f"{url}?schema={schema}", tmp_path)


def test_the_caseload_worker_killed_mid_batch_ends_with_the_view_rebuilt_from_the_log(
    deployment: Deployment, tmp_path: Path
) -> None:
    runtime = build_runtime(deployment.settings())
    hub = runtime.hub
    try:
        for _ in range(BACKLOG):
            referred_case(hub)
        worker = RutaProcess(deployment, ["project", "run", "caseload"], tmp_path / "logs")
        with running((worker, moved_past(deployment, 0))), writing(hub):
            for _ in range(3):
                # Killed once it has written a batch past where it was, holding the next one.
                wait_until(moved_past(deployment, view_position(deployment)), every=0.01)
                worker.kill()
                worker.start(moved_past(deployment, 0))
        head = int(hub.recorder.max_notification_id() or 0)
        with running((worker, moved_past(deployment, 0))):
            wait_until(lambda: view_position(deployment) >= head)
            assert worker.alive, worker.output()
        done = ruta(deployment, "project", "rebuild", "caseload")
        assert done.returncode == 0, done.stdout + done.stderr + worker.output()
        assert "igual a la reconstruida" in done.stdout
    finally:
        runtime.close()
