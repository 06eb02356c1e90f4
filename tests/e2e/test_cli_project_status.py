"""``ruta project status``, the health check of the views' keeper, on real stores (an SQLite data
directory; PostgreSQL in a schema of its own): running and up to date, stopped, dead, behind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from threading import Event
from types import SimpleNamespace

import pytest

from adapters.bootstrap import build_runtime
from adapters.bootstrap.views import open_kept_view
from adapters.checkpoints import create_signer_key
from adapters.master_key import create_master_key
from adapters.settings import Settings
from adapters.view_heartbeat import ViewHeartbeat
from adapters.view_status import ViewStatus, status_table
from domain.hub import Hub
from tests.builders import SEDETUR, open_adult
from tests.e2e.test_cli import ruta
from tests.e2e.test_cli_locks import Process, free_port, running, wait_until

__all__ = ["running"]  # the fixture, used by name


@dataclass
class Deployment:
    """A store, the ``RUTA_`` settings that name it, and a hub writing to it."""

    env: dict[str, str]
    settings: Settings
    hub: Hub

    def write_cases(self, count: int) -> int:
        """``count`` cases opened and referred; the log's head after them."""
        for _ in range(count):
            case_id = open_adult(self.hub)
            with self.hub.acting_as(SEDETUR):
                self.hub.record_consent(case_id, ["dif"], ["shelter"])
                self.hub.issue_referral(case_id, "dif", "shelter")
        return int(self.hub.recorder.max_notification_id() or 0)

    def status(self, *args: str, lang: str = "es") -> tuple[int, str]:
        done = ruta("--lang", lang, "project", "status", *args, env=self.env)
        assert done.stderr == ""
        return done.returncode, done.stdout

    def record(self, status: ViewStatus, view: str = "Caseload") -> None:
        """A status row written as a keeper would have written it."""
        live = open_kept_view(self.settings, view)
        try:
            status_table(live).record(status)
        finally:
            live.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    if request.param == "sqlite":
        env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    else:
        schema = request.getfixturevalue("pg_schema")
        master, signer = tmp_path / "master.key", tmp_path / "checkpoint.key"
        create_master_key(master)
        env = {
            "RUTA_STORE": f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}",
            "RUTA_MASTER_KEY_FILE": str(master),
            "RUTA_CHECKPOINT_KEY_FILE": str(signer),
        }
        create_signer_key(signer, Settings.from_env(env).log_origin)
    settings = Settings.from_env(env)
    runtime = build_runtime(settings)
    try:
        yield Deployment(env, settings, runtime.hub)
    finally:
        runtime.close()


def test_a_running_view_up_to_date_is_healthy_and_a_stopped_one_is_not(
    deployment: Deployment, running: list[Process]
) -> None:
    code, out = deployment.status("caseload")
    assert code == 1
    assert "Vista «caseload»: sin estado" in out

    head = deployment.write_cases(2)
    keeper = Process("project", "run", "caseload", env=deployment.env)
    running.append(keeper)
    # Healthy as soon as it runs within the lag limit; then caught up with the log's head.
    wait_until(lambda: deployment.status("caseload")[0] == 0)
    wait_until(lambda: "(0 de atraso" in deployment.status("caseload")[1])
    code, out = deployment.status("caseload")
    assert code == 0
    assert f"Vista «caseload»: en marcha. Procesada hasta la posición {head} de {head}" in out
    assert "(0 de atraso, 0 s)" in out
    code, out = deployment.status("caseload", lang="en")
    assert f"View 'caseload': running. Up to position {head} of {head} (0 behind, 0 s)" in out
    # The views this process does not keep have no status: the whole set is not healthy.
    code, out = deployment.status()
    assert code == 1
    assert "Vista «custody»: sin estado" in out

    keeper.stop()
    assert keeper.popen.returncode == 0
    code, out = deployment.status("caseload")
    assert code == 1  # it said, as it stopped, that it no longer runs
    assert "Vista «caseload»: no está en marcha" in out


def test_a_view_whose_keeper_died_is_not_running(deployment: Deployment) -> None:
    # A killed keeper writes nothing more: its last row grows old.
    beat = datetime.now(UTC) - timedelta(hours=1)
    deployment.record(ViewStatus(8, 8, beat, beat))

    code, out = deployment.status("caseload")

    assert code == 1
    assert "Vista «caseload»: no está en marcha (último estado hace 360" in out  # 3600 s or so
    assert "Procesada hasta la posición 8 de 8." in out


def test_a_view_whose_runner_failed_says_why(deployment: Deployment) -> None:
    now = datetime.now(UTC)
    deployment.record(ViewStatus(3, 8, now, now, problem="IntegrityError"))

    code, out = deployment.status("caseload", lang="en")

    assert code == 1
    assert "View 'caseload': stopped by an error (IntegrityError)" in out


def test_a_view_further_behind_the_log_than_the_limit_is_not_healthy(
    deployment: Deployment,
) -> None:
    # A keeper that beats but whose view does not move: the real view and log, no runner.
    view = open_kept_view(deployment.settings, "Caseload")
    stuck = SimpleNamespace(
        view=view, app=deployment.hub, app_name=Hub.name, is_interrupted=Event()
    )
    try:
        with ViewHeartbeat({"caseload": stuck}, every=3600) as heartbeat:
            head = deployment.write_cases(2)
            heartbeat.beat()

            code, out = deployment.status("caseload", "--max-lag", str(head - 1))
            assert code == 1
            assert f"Vista «caseload»: atrasada, {head} eventos del registro sin procesar" in out
            assert f"(límite {head - 1})" in out
            code, out = deployment.status("caseload", "--max-lag", str(head))
            assert code == 0  # within the limit: healthy, though behind
            assert f"Procesada hasta la posición 0 de {head} ({head} de atraso" in out
    finally:
        view.close()


def test_ruta_project_run_exports_each_views_lag(tmp_path: Path, running: list[Process]) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var"), "RUTA_OTEL_EXPORTER": "console"}
    keeper = Process("project", "run", "custody", env=env)
    running.append(keeper)
    keeper.wait_for("en marcha")

    keeper.stop()  # the metrics are exported as the process stops

    printed = "".join(keeper.lines)
    assert '"name": "ruta.projection.lag"' in printed
    assert '"view": "custody"' in printed
    assert '"service.name": "ruta-projections"' in printed


def test_ruta_serve_keeping_its_views_reports_their_status(
    tmp_path: Path, running: list[Process]
) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    server = Process("serve", "--port", str(free_port()), env=env)
    running.append(server)
    server.wait_for("Ruta escucha")

    wait_until(lambda: ruta("project", "status", env=env).returncode == 0)
    out = ruta("project", "status", env=env).stdout
    for view in ("caseload", "custody", "review", "audit"):
        assert f"Vista «{view}»: en marcha" in out
