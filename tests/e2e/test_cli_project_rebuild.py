"""``ruta project rebuild`` on a real store: the same views say nothing, altered ones are named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.views import start_views
from adapters.settings import Settings
from tests.builders import DIF, SEDETUR, open_adult
from tests.e2e.test_cli import ruta

WAIT = 60.0


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A store with a few cases and every live view up to date."""
    data_dir = tmp_path / "var"
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    hub = runtime.hub
    try:
        with start_views(store_env(settings), data_dir, catalogue=hub.catalogue) as views:
            for _ in range(2):
                case_id = open_adult(hub)
                with hub.acting_as(SEDETUR):
                    hub.record_consent(case_id, ["dif"], ["shelter"])
                    referral = hub.issue_referral(case_id, "dif", "shelter")
                with hub.acting_as(DIF):
                    hub.accept_referral(case_id, referral.id)
            views.wait(hub.recorder.max_notification_id() or 0, timeout=WAIT)
    finally:
        runtime.close()
    return data_dir


def rebuild(data_dir: Path, view: str) -> tuple[int, str, str]:
    done = ruta("project", "rebuild", view, "--wait", "2", env={"RUTA_DATA_DIR": str(data_dir)})
    return done.returncode, done.stdout, done.stderr


def test_every_view_rebuilt_from_the_log_says_the_same(data_dir: Path) -> None:
    code, out, err = rebuild(data_dir, "all")
    assert (code, err) == (0, "")
    for view in ("caseload", "custody", "review", "audit"):
        assert f"Vista «{view}»: igual a la reconstruida desde el registro" in out


@pytest.mark.parametrize(
    ("view", "file", "statement", "expected"),
    [
        ("caseload", "caseload.db", "DELETE FROM caseload_entries", "is in the rebuilt view only"),
        (
            "audit",
            "audit.db",
            "UPDATE audit_leaves SET leaf_hash = zeroblob(32) WHERE leaf_index = 3",
            "audit log: leaf 3 (position 4) differs",
        ),
        (
            "audit",
            "audit.db",
            # The largest complete subtree, the first the root is computed from.
            "UPDATE audit_nodes SET hash = zeroblob(32) WHERE node_index = 0 "
            "AND level = (SELECT MAX(level) FROM audit_nodes)",
            "the live root of",
        ),
    ],
)
def test_a_live_view_altered_by_hand_is_named_with_exit_code_1(
    data_dir: Path, view: str, file: str, statement: str, expected: str
) -> None:
    with sqlite3.connect(data_dir / file) as db:
        db.execute(statement)

    code, out, _ = rebuild(data_dir, view)

    assert code == 1
    assert "diferencias con la reconstruida" in out
    assert expected in out


def test_a_live_view_behind_the_log_is_not_compared(data_dir: Path) -> None:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    try:
        open_adult(runtime.hub)  # nobody keeps the views now
    finally:
        runtime.close()

    code, out, err = rebuild(data_dir, "custody")

    assert code == 2
    assert out == ""
    assert "no se comparó" in err
