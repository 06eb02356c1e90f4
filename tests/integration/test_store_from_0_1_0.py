"""A store written by release 0.1.0 (tests/fixtures/store-0.1.0) is served, verified and rebuilt
by today's code, and takes new events beside its old ones."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.views import start_views
from adapters.settings import Settings
from demo.accounts import OPERATOR
from domain import case_events
from domain.errors import RutaError
from domain.hub import Hub
from domain.statistics import opened_case_ids
from domain.stored_names import topics_of
from tests.builders import DIF, SEDETUR, open_adult
from tests.e2e.test_cli import ruta

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store-0.1.0" / "data"
WAIT = 60.0


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the fixture: the tests write to it, the fixture stays as 0.1.0 left it."""
    return copied_store(FIXTURE, tmp_path)


def copied_store(fixture: Path, tmp_path: Path) -> Path:
    """A private copy of a release's data directory (Ruta refuses loose permissions)."""
    copy = tmp_path / "var"
    shutil.copytree(fixture, copy)
    copy.chmod(0o700)
    for file in copy.iterdir():
        file.chmod(0o600)
    return copy


def stored_topics(data_dir: Path) -> set[str]:
    with sqlite3.connect(data_dir / "ruta.db") as db:
        return {topic for (topic,) in db.execute("SELECT DISTINCT topic FROM stored_events")}


def tokens_and_new_events(data_dir: Path) -> tuple[dict[str, str], UUID, UUID]:
    """Fresh tokens for two demo accounts of 0.1.0, and new events, in an old case and a new
    one, with every live view brought up to date."""
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    hub = runtime.hub
    try:
        with start_views(store_env(settings), data_dir, catalogue=hub.catalogue) as views:
            by_label = {a.label: a.id for a in hub.accounts()}
            with hub.acting_as(OPERATOR):
                tokens = {
                    label: hub.reissue_token(by_label[label]).token
                    for label in (
                        "demo dif caseworker",
                        "demo cdheqroo commission",
                        "demo sesp caseworker",  # 0.1.0's label: the agency is ssc now
                    )
                }
            old_case = assessed_by_dif(hub)
            new_case = open_adult(hub)
            with hub.acting_as(SEDETUR):
                hub.record_consent(new_case, ["dif"], ["shelter"])
                referral = hub.issue_referral(new_case, "dif", "shelter")
            with hub.acting_as(DIF):
                hub.accept_referral(new_case, referral.id)
            views.wait(hub.recorder.max_notification_id() or 0, timeout=WAIT)
    finally:
        runtime.close()
    return tokens, old_case, new_case


def assessed_by_dif(hub: Hub) -> UUID:
    """An old case whose risk DIF may assess: it gets a new event after its 0.1.0 ones."""
    for case_id in opened_case_ids(hub):
        try:
            with hub.acting_as(DIF):
                hub.assess_risk(case_id, "medium")
        except RutaError:
            continue
        return case_id
    raise AssertionError("no case of the fixture takes DIF's risk assessment")


@pytest.fixture
def served(data_dir: Path) -> Iterator[tuple[int, dict[str, str], UUID, UUID]]:
    tokens, old_case, new_case = tokens_and_new_events(data_dir)
    with served_on(data_dir) as port:
        yield port, tokens, old_case, new_case


@contextlib.contextmanager
def served_on(data_dir: Path) -> Iterator[int]:
    """``ruta serve`` on the data directory, on a free port, until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        env={**clean, "RUTA_DATA_DIR": str(data_dir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "Ruta escucha" in line:
                break
        yield port
    finally:
        server.terminate()
        rest = server.communicate(timeout=30)[0]
    assert server.returncode == 0, rest[-2000:]


def get(port: int, path: str, token: str, **headers: str) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}", **headers}
    )
    deadline = time.monotonic() + WAIT
    while True:  # the server listens a moment after it says so
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                return json.loads(answer.read())
        except urllib.error.URLError as e:
            if not isinstance(e.reason, ConnectionRefusedError):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_old_store_is_served_with_old_and_new_events_read_together(
    served: tuple[int, dict[str, str], UUID, UUID], data_dir: Path
) -> None:
    port, tokens, old_case, new_case = served
    dif = tokens["demo dif caseworker"]
    commission = tokens["demo cdheqroo commission"]

    caseload = {item["case_id"] for item in get(port, "/cases?limit=100", dif)["items"]}
    assert {str(old_case), str(new_case)} <= caseload
    case = get(port, f"/cases/{old_case}", dif, **{"X-Ruta-Purpose": "shelter"})
    assert case["risk_level"] == "medium"
    timeline = [e["type"] for e in get(port, f"/cases/{old_case}/timeline", commission)["items"]]
    assert timeline[0] == "case_opened"  # stored by 0.1.0
    assert timeline[-1] == "risk_assessed"  # stored now
    assert get(port, f"/cases/{new_case}/custody", dif)["case_id"] == str(new_case)
    # The police were ``sesp`` in 0.1.0: its account, its cases and their rows read as ``ssc``
    # (the views, built under 0.1.0's codes, were built again at start: adapters.view_marks).
    police = tokens["demo sesp caseworker"]
    theirs = get(port, "/cases?limit=100", police)["items"]
    assert theirs
    assert all("sesp" not in json.dumps(item) for item in theirs)
    steps = get(port, f"/cases/{theirs[0]['case_id']}/timeline", commission)["items"]
    acting = {step["agency"] for step in steps}
    assert "ssc" in acting
    assert "sesp" not in acting  # its account ids (demo-sesp-caseworker) are names, kept
    feed = [item["type"] for item in get(port, "/feed?after=0", dif)["items"]]
    assert "mx.ruta.case_opened.v2" in feed
    assert "mx.ruta.referral_issued.v2" in feed
    # Both releases' names are in the one store, and each reads as its class.
    topics = stored_topics(data_dir)
    assert set(topics_of(case_events.CaseOpened)) <= topics
    assert set(topics_of(case_events.ReferralAccepted)) <= topics


def test_the_old_store_rebuilds_its_views_identical_after_new_events(data_dir: Path) -> None:
    tokens_and_new_events(data_dir)
    assert_rebuilt_identical(data_dir)


def test_the_old_audit_log_and_its_new_records_verify_offline(
    data_dir: Path, tmp_path: Path
) -> None:
    assert_verified_offline(data_dir, tmp_path, tokens_and_new_events)


def assert_rebuilt_identical(data_dir: Path) -> None:
    """``ruta project rebuild all`` finds every live view equal to one rebuilt from the log."""
    done = ruta("project", "rebuild", "all", "--wait", "2", env={"RUTA_DATA_DIR": str(data_dir)})

    assert (done.returncode, done.stderr) == (0, "")
    for view in ("caseload", "custody", "review", "audit"):
        assert f"Vista «{view}»: igual a la reconstruida desde el registro" in done.stdout


def assert_verified_offline(
    data_dir: Path, tmp_path: Path, new_events: Callable[[Path], object]
) -> None:
    """A checkpoint kept of the log as the old release left it, then ``new_events`` written by
    today's code: the export of the whole log verifies offline against both checkpoints."""
    env = {"RUTA_DATA_DIR": str(data_dir)}
    kept = tmp_path / "kept.note"  # of the log as the old release left it, as an auditor kept it
    kept.write_text(ruta("audit", "checkpoint", env=env).stdout)
    new_events(data_dir)
    assert ruta("audit", "checkpoint", env=env).returncode == 0
    export = tmp_path / "log.ndjson"
    export.write_text(ruta("audit", "export", env=env).stdout)
    key = ruta("audit", "key", env=env).stdout.strip()

    done = ruta("audit", "verify", str(export), "--key", key, "--checkpoint", str(kept), env={})

    assert done.returncode == 0, done.stdout
    assert "correcta" in done.stdout
    with sqlite3.connect(data_dir / "ruta.db") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    assert f"{count} " in done.stdout  # every record, old and new, verified
