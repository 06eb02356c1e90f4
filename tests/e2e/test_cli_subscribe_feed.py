"""``ruta subscribe`` as the people who run it meet it, without Kafka: the feed's token from
``RUTA_TOKEN`` or a file, pure ``--json`` lines on stdout, and brokers or a hub that cannot be
reached said in Spanish, with exit code 3, within seconds and without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import detection
from tests.e2e.test_cli_subscribe import ruta
from tests.kafka_broker import free_port

UNREACHABLE = 3


def clean_env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    return {**clean, "RUTA_DATA_DIR": str(tmp_path / "var"), "LANGUAGE": "es_MX"}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], str]]:
    """A running ``ruta serve`` (no Kafka) holding one case SEDETUR recorded: its address, its
    environment and SEDETUR's token (SEDETUR's feed carries the case it opened)."""
    env = clean_env(tmp_path_factory.mktemp("hub"))
    created = ruta("accounts", "create", "--agency", "sedetur", "--role", "caseworker", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(  # noqa: S310 (a loopback http address)
                    url + "/cases",
                    data=json.dumps(detection()).encode(),
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                    },
                )
                with urllib.request.urlopen(request, timeout=10):  # noqa: S310
                    break
            except OSError:
                assert server.poll() is None, "ruta serve stopped"
                assert time.monotonic() < deadline, "ruta serve did not start"
                time.sleep(0.3)
        yield url, env, token
    finally:
        server.terminate()
        server.wait(timeout=30)


def json_lines(out: str) -> list[dict[str, object]]:
    """Every line of stdout, each one JSON (a line that is not fails the test)."""
    return [json.loads(line) for line in out.splitlines()]


def test_the_feed_token_is_read_from_ruta_token_and_stdout_holds_only_json_lines(
    hub: tuple[str, dict[str, str], str],
) -> None:
    url, env, token = hub
    shown = ruta(
        "subscribe", "--feed", url, "--count", "1", "--json", env={**env, "RUTA_TOKEN": token}
    )
    assert shown.returncode == 0, shown.stderr
    [event] = json_lines(shown.stdout)
    assert event["type"] == "mx.ruta.case_opened.v2"
    assert "Eventos del feed" in shown.stderr  # what the command says goes to stderr
    assert token not in shown.stdout + shown.stderr


def test_the_feed_token_is_read_from_a_token_file(
    hub: tuple[str, dict[str, str], str], tmp_path: Path
) -> None:
    url, env, token = hub
    token_file = tmp_path / "token"
    token_file.write_text(f"{token}\n")
    shown = ruta(
        "subscribe", "--feed", url, "--token-file", str(token_file), "--count", "1", "--json",
        env=env,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert len(json_lines(shown.stdout)) == 1


def test_a_wrong_token_in_ruta_token_is_refused_in_spanish(
    hub: tuple[str, dict[str, str], str],
) -> None:
    url, env, _ = hub
    refused = ruta("subscribe", "--feed", url, env={**env, "RUTA_TOKEN": "no-es-un-token"})
    assert refused.returncode == 1
    assert "el hub rechazó la suscripción (401)" in refused.stderr
    assert refused.stdout == ""


def test_the_feed_without_any_token_or_with_an_unreadable_file_is_said_and_nothing_runs(
    tmp_path: Path,
) -> None:
    env = clean_env(tmp_path)
    missing = ruta("subscribe", "--feed", "http://127.0.0.1:1", env=env)
    assert missing.returncode == 2
    assert "RUTA_TOKEN o --token-file" in missing.stderr
    unreadable = ruta(
        "subscribe", "--feed", "http://127.0.0.1:1", "--token-file", str(tmp_path / "no"), env=env
    )
    assert unreadable.returncode == 2
    assert "no se pudo leer el archivo del token" in unreadable.stderr
    assert "Traceback" not in missing.stderr + unreadable.stderr


def test_a_hub_that_cannot_be_reached_is_said_in_spanish_within_seconds(tmp_path: Path) -> None:
    env = {**clean_env(tmp_path), "RUTA_TOKEN": "un-token"}
    started = time.monotonic()
    gone = ruta("subscribe", "--feed", f"http://127.0.0.1:{free_port()}", "--json", env=env)
    assert time.monotonic() - started < 30  # generous on a busy machine: never the old hang
    assert gone.returncode == UNREACHABLE
    assert "no se pudo conectar con el hub" in gone.stderr
    assert "Traceback" not in gone.stderr
    assert gone.stdout == ""  # --json: nothing but events on stdout


def test_kafka_that_cannot_be_reached_is_said_in_spanish_within_seconds(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    started = time.monotonic()
    gone = ruta(
        "subscribe", "--agency", "dif", "--bootstrap", f"127.0.0.1:{free_port()}", "--json",
        env=env,
    )  # fmt: skip
    assert time.monotonic() - started < 30
    assert gone.returncode == UNREACHABLE
    assert "ningún broker de Kafka respondió" in gone.stderr
    assert "Traceback" not in gone.stderr
    assert gone.stdout == ""
