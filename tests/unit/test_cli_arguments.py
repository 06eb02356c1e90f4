"""``ruta --help`` is built from light modules: a command's storage, web site or Kafka client is
imported only when that command runs (its start-up time is a bench figure, never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from adapters.view_rebuild import VIEWS
from api.routers.health import MAX_LAG
from cli.arguments import MAX_VIEW_LAG, ROLE_NAMES, VIEW_NAMES, parser
from cli.deferred import Deferred
from domain.actor import Role

HEAVY = ("adapters.bootstrap", "web.site", "api.app", "kafka", "uvicorn", "fastapi", "domain")


def imported_after(*args: str) -> set[str]:
    """The modules imported by a fresh ``ruta *args`` (which exits in argparse)."""
    script = (
        "import sys, json\n"
        "from cli.main import main\n"
        f"try: main({list(args)!r})\n"
        "except SystemExit: pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [("--help",), ("subscribe", "--help"), ("accounts", "create", "--help"), ("audit", "--help")],
)
def test_help_imports_no_storage_web_or_kafka_module(args: tuple[str, ...]) -> None:
    loaded = imported_after(*args)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}, sorted(loaded)


def test_a_command_is_imported_only_when_it_runs() -> None:
    args = parser().parse_args(["relay", "status"])
    assert isinstance(args.command, Deferred)
    assert (args.command.module, args.command.__name__) == ("cli.relay", "relay_status")


def test_the_views_named_in_the_arguments_are_the_views_there_are() -> None:
    assert set(VIEW_NAMES) == {*VIEWS, "all"}


def test_project_status_lets_a_view_be_as_far_behind_as_readyz_does() -> None:
    assert MAX_VIEW_LAG == MAX_LAG
    args = parser().parse_args(["project", "status"])
    assert (args.view, args.max_lag) == ("all", MAX_LAG)
    assert (args.command.module, args.command.__name__) == ("cli.project_status", "project_status")


def test_the_roles_named_in_the_arguments_are_the_roles_there_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert set(ROLE_NAMES) == {str(r) for r in Role}
    create = ["accounts", "create", "--agency", "dif", "--role"]
    assert parser().parse_args([*create, "caseworker"]).role == ["caseworker"]
    with pytest.raises(SystemExit):
        parser().parse_args([*create, "jefe"])
    assert "'jefe'" in capsys.readouterr().err
