"""The ruta command as an operator meets it: the demo, key files, and clear errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import build_runtime
from adapters.bootstrap.parts import api_parts
from adapters.settings import Settings
from api.app import create_app
from demo.scenarios import SCENARIOS
from tests.e2e.conftest import detection


def ruta(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "var"


@pytest.fixture(scope="module")
def first_run(demo_dir: Path) -> subprocess.CompletedProcess[str]:
    return ruta("demo", env={"RUTA_DATA_DIR": str(demo_dir)})


def test_the_demo_loads_every_scenario_and_prints_timelines_in_spanish(
    first_run: subprocess.CompletedProcess[str],
) -> None:
    assert first_run.returncode == 0, first_run.stderr
    out = first_run.stdout
    for scenario in SCENARIOS:
        assert f"escenario {scenario}" in out
    assert out.count("Expediente QR-") == 18  # 1 + 1 + 12 + 1 + 1 + 1 + 1 cases
    assert "Detección en Benito Juárez" in out
    assert "IQM rechazó la canalización" in out or "rechaz" in out
    assert "Datos personales suprimidos" in out
    assert "Observación" in out


def test_the_demo_never_prints_personal_data(first_run: subprocess.CompletedProcess[str]) -> None:
    for secret in (
        "Yesenia",
        "Ficticio",
        "Ficticia",
        "Refugio ficticio",
        "Albergue ficticio",
        "Señas",
    ):
        assert secret not in first_run.stdout


def test_running_the_demo_twice_does_not_duplicate_the_cases(
    first_run: subprocess.CompletedProcess[str], demo_dir: Path
) -> None:
    before = stored_events(demo_dir)
    second = ruta("demo", env={"RUTA_DATA_DIR": str(demo_dir)})
    assert second.returncode == 0, second.stderr
    assert stored_events(demo_dir) == before
    assert second.stdout.count("Expediente QR-") == 18
    assert second.stdout.splitlines()[-1] == first_run.stdout.splitlines()[-1]


def stored_events(demo_dir: Path) -> int:
    with sqlite3.connect(demo_dir / "ruta.db") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    return int(count)


def test_the_demo_in_english(tmp_path: Path) -> None:
    run = ruta("--lang", "en", "demo", env={"RUTA_DATA_DIR": str(tmp_path / "var")})
    assert run.returncode == 0, run.stderr
    assert "Case QR-" in run.stdout
    assert "Detection in Benito Juárez" in run.stdout


def test_a_configured_deployment_without_its_master_key_does_not_start(tmp_path: Path) -> None:
    run = ruta(
        "demo",
        env={
            "RUTA_STORE": "postgresql://postgres@127.0.0.1:5432/test",
            "RUTA_MASTER_KEY_FILE": str(tmp_path / "absent.key"),
            "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "checkpoint.key"),
        },
    )
    assert run.returncode == 2
    assert "absent.key" in run.stderr
    assert run.stdout == ""


def test_a_bad_setting_is_named_and_nothing_starts(tmp_path: Path) -> None:
    run = ruta("demo", env={"RUTA_DATA_DIR": str(tmp_path), "RUTA_OTEL_EXPORTER": "jaeger"})
    assert run.returncode == 2
    assert "La configuración no permite iniciar" in run.stderr
    assert "RUTA_OTEL_EXPORTER" in run.stderr
    assert not (tmp_path / "ruta.db").exists()


def test_keys_init_creates_a_private_master_key_once(tmp_path: Path) -> None:
    key = tmp_path / "secrets" / "master.key"
    first = ruta("keys", "init", str(key), env={})
    assert first.returncode == 0, first.stderr
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    again = ruta("keys", "init", str(key), env={})
    assert again.returncode == 2
    assert str(key) in again.stderr


def test_an_account_created_by_the_cli_acts_over_http_until_revoked(tmp_path: Path) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    created = ruta("accounts", "create", "--agency", "sedetur", "--role", "caseworker", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("ruta_")
    account_id = created.stdout.split()[1]
    listed = ruta("accounts", "list", env=env)
    assert account_id in listed.stdout
    assert "activa" in listed.stdout
    assert token not in listed.stdout

    runtime = build_runtime(Settings.from_env(env))
    try:
        client = TestClient(create_app(api_parts(runtime.hub)))
        headers = {"Authorization": f"Bearer {token}"}
        opened = client.post("/cases", json=detection(detected_at=_now()), headers=headers)
        assert opened.status_code == 201, opened.text
        revoked = ruta("accounts", "revoke", account_id, env=env)
        assert revoked.returncode == 0, revoked.stderr
        refused = client.get(f"/cases/{opened.json()['case_id']}", headers=headers)
        assert refused.status_code == 401  # at once: the running API caches nothing
        assert "suspendida" in ruta("accounts", "list", env=env).stdout
    finally:
        runtime.close()
    stored = (tmp_path / "var" / "ruta.db").read_bytes()
    assert token.encode() not in stored


def test_the_cli_refuses_an_unknown_agency_and_a_bad_account_id(tmp_path: Path) -> None:
    env = {"RUTA_DATA_DIR": str(tmp_path / "var")}
    unknown = ruta("accounts", "create", "--agency", "atlantis", "--role", "caseworker", env=env)
    assert unknown.returncode == 1
    assert "atlantis" in unknown.stderr
    bad = ruta("accounts", "revoke", "no-es-un-uuid", env=env)
    assert bad.returncode == 1


def _now() -> str:
    from datetime import datetime

    return datetime.now().astimezone().isoformat(timespec="seconds")


def test_serve_with_the_demo_prints_tokens_that_work_and_stops_cleanly(tmp_path: Path) -> None:
    """What ``make run`` does: the demo loaded, tokens printed, the API answering them; and
    SIGTERM (a container's stop) shuts it down through its cleanup, spans flushed."""
    import http.client
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--demo", "--port", str(port)],
        env={**clean, "RUTA_DATA_DIR": str(tmp_path / "var"), "RUTA_OTEL_EXPORTER": "console"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            if "Ruta escucha" in line:
                break
        token = next(
            ln.split()[2]
            for ln in lines
            if ln.split()[:2] == ["caseworker", "dif"] and ln.split()[2].startswith("ruta_")
        )  # DIF's caseworker has an enrolment link too, printed before the tokens
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/cases", headers={"Authorization": f"Bearer {token}"}
        )
        deadline = time.monotonic() + 30
        page: dict[str, Any] = {"items": []}
        while not page["items"]:  # the caseload view follows the log: it may lag a moment
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
                    page = json.loads(answer.read())
            except OSError:
                pass
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert page["items"], "DIF's caseload holds the demo cases it takes part in"
        assert all(item["relations"] for item in page["items"])
        # A subscriber's open event stream does not keep the server from stopping.
        stream = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        stream.request(
            "GET",
            f"/feed?after={2**40}",
            headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"},
        )
        opened = stream.getresponse()
        assert opened.status == 200
        assert opened.readline().startswith(b"retry:")
    finally:
        server.terminate()
        rest = server.communicate(timeout=30)[0]
    assert server.returncode == 0, rest[-2000:]
    assert '"name": "GET /cases"' in rest  # the exporter was flushed on the way out
