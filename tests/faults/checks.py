"""What must hold after every fault, checked the way an operator and an auditor would.

- every refusal the clients met was a 503 problem with ``Retry-After`` (or no answer at all
  from a killed server), never a 500;
- the views rebuilt from the log say what the live ones say (``ruta project rebuild all``);
- the audit log verifies offline against a checkpoint signed now (``ruta audit checkpoint``,
  ``export``, ``key``, ``verify``), and the export reaches the log's head;
- each command acknowledged is in the log exactly once, whole: its case, its folio and the
  record of its command, saved together; the personal data of the commands that needed
  retries reads back (its key was stored with it).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from tests.e2e.conftest import detection
from tests.faults.deployment import Deployment
from tests.faults.load import Load, Seen
from tests.faults.processes import ruta

CASE_OPENED = "ruta.case:CaseOpened"
FOLIO_ASSIGNED = "ruta.folio:Assigned"
COMMAND_RECORDED = "ruta.command:CommandRecorded"


def assert_store_unavailable(seen: Seen) -> None:
    """A refusal while the store was down: 503 problem+json saying when to retry."""
    assert (seen.status, seen.content_type, seen.code) == (
        503, "application/problem+json", "store_unavailable",
    ), seen  # fmt: skip
    assert seen.retry_after is not None, seen
    assert int(seen.retry_after) > 0, seen


def assert_views_rebuild_the_same(deployment: Deployment) -> None:
    done = ruta(deployment, "project", "rebuild", "all")
    assert done.returncode == 0, done.stdout + done.stderr


def assert_audit_log_verifies(deployment: Deployment, directory: Path) -> list[dict[str, Any]]:
    """Sign a checkpoint now, export the log, verify it with the verifier key; the records."""
    kept = ruta(deployment, "audit", "checkpoint")
    assert kept.returncode == 0, kept.stderr
    (directory / "kept.note").write_text(kept.stdout)
    export = ruta(deployment, "audit", "export")
    assert (export.returncode, export.stderr) == (0, "")  # nothing left out: it reached the head
    (directory / "log.ndjson").write_text(export.stdout)
    key = ruta(deployment, "audit", "key")
    assert key.returncode == 0, key.stderr
    verify = ruta(
        deployment, "audit", "verify", str(directory / "log.ndjson"),
        "--key", key.stdout.strip(), "--checkpoint", str(directory / "kept.note"),
    )  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
    return [json.loads(line) for line in export.stdout.splitlines() if line.strip()]


def assert_each_command_once(records: list[dict[str, Any]], load: Load) -> None:
    """Each acknowledged command's case is in the log once, with its folio and its record."""
    ledger = load.ledger
    assert not ledger.answered_otherwise  # a retry answered as its command first did
    assert not load.pending  # every command was acknowledged in the end
    topics = Counter(record.get("topic") for record in records)
    opened = [record["originator_id"] for record in records if record.get("topic") == CASE_OPENED]
    assert sorted(opened) == sorted(answer["case_id"] for answer in ledger.done.values())
    assert topics[CASE_OPENED] == topics[FOLIO_ASSIGNED] == topics[COMMAND_RECORDED]


def assert_troubled_cases_read_whole(load: Load) -> None:
    """The personal data of every case whose command needed retries reads back."""
    name = detection()["personal_data"]["full_name"]
    troubled = load.ledger.troubled()
    assert troubled, "no command met the fault"
    for key in sorted(troubled):
        answer = load.read(load.ledger.done[key]["case_id"])
        assert answer.status == 200, answer.body
        assert answer.json()["personal_data"]["full_name"] == name
