"""``ruta audit verify`` as an auditor runs it: a file or standard input, a key, kept checkpoints.

The export is made here from the stored records of a real hub, hashed and signed with the real
tree and note code; the command runs in its own process, with no database anywhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from domain.hub import Hub
from merkle import RootAccumulator, leaf_hash
from merkle.leaves import Record, checkpoint_line
from merkle.signed_note import SignerKey, sign_checkpoint
from projections.audit_log import record_of
from tests.builders import ADMIN, open_adult, open_child
from tests.fakes import FakeSealer, ManualClock

ORIGIN = "ruta.example/quintana-roo"


def ruta(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        env=clean,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def export(records: list[Record], key: SignerKey, every: int = 3) -> tuple[list[str], list[str]]:
    """The export lines of ``records`` and the checkpoint notes signed along the way."""
    tree = RootAccumulator()
    lines: list[str] = []
    notes: list[str] = []
    for record in records:
        value = leaf_hash(record.leaf())
        tree.append(value)
        lines.append(record.export_line(value))
        if tree.size % every == 0 or tree.size == len(records):
            notes.append(sign_checkpoint(ORIGIN, tree.size, tree.root(), key))
            lines.append(checkpoint_line(notes[-1]))
    return lines, notes


@pytest.fixture(scope="module")
def key() -> SignerKey:
    return SignerKey.generate("ruta-auditoria")


@pytest.fixture(scope="module")
def records() -> list[Record]:
    hub = Hub(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=ManualClock()
    )
    erased = open_adult(hub)
    open_child(hub)
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(erased, "arco_cancellation")
    return [record_of(n) for n in hub.recorder.select_notifications(start=1, limit=100)]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, records: list[Record], key: SignerKey) -> Path:
    path = tmp_path_factory.mktemp("audit") / "log.ndjson"
    path.write_text("\n".join(export(records, key)[0]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tampered(
    tmp_path_factory: pytest.TempPathFactory, records: list[Record], key: SignerKey
) -> Path:
    """The honest export with the third record's stored bytes edited afterwards."""
    lines = export(records, key)[0]
    edited = replace(records[2], state=records[2].state.replace(b"ssc", b"sedetur"))
    assert edited != records[2]
    lines[2] = edited.export_line(leaf_hash(records[2].leaf()))
    path = tmp_path_factory.mktemp("audit") / "tampered.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_faithful_export_verifies_with_a_spanish_report(good: Path, key: SignerKey) -> None:
    done = ruta("audit", "verify", str(good), "--key", str(key.verifier))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Verificación del registro de auditoría: correcta.")
    assert "Expedientes con datos personales suprimidos" in done.stdout


def test_a_tampered_export_fails_naming_the_first_position(
    tampered: Path, key: SignerKey, records: list[Record]
) -> None:
    done = ruta("audit", "verify", str(tampered), "--key", str(key.verifier))
    assert done.returncode == 1
    assert "FALLÓ" in done.stdout
    # The record is of a case opened earlier in the export: its folio is named too.
    assert re.search(
        rf"posición {records[2].position}, expediente QR-\d{{4}}-\d{{6}} \[leaf_hash\]", done.stdout
    )


def test_the_json_report_names_the_failure_in_english_on_request(
    tampered: Path, key: SignerKey, records: list[Record]
) -> None:
    done = ruta(
        "--lang", "en", "audit", "verify", str(tampered), "--key", str(key.verifier), "--json"
    )
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert report["records"] == len(records)
    assert report["failures"][0]["position"] == records[2].position
    assert report["failures"][0]["check"] == "leaf_hash"
    assert report["failures"][0]["detail"].startswith("the leaf does not match")


def test_the_export_may_come_from_standard_input_and_the_key_from_a_file(
    good: Path, key: SignerKey, tmp_path: Path
) -> None:
    key_file = tmp_path / "ruta.pub"
    key_file.write_text(f"{key.verifier}\n")
    done = ruta("audit", "verify", "-", "--key", str(key_file), "--json", stdin=good.read_text())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True


def test_kept_checkpoints_reveal_a_rolled_back_log(
    records: list[Record], key: SignerKey, tmp_path: Path
) -> None:
    lines, notes = export(records, key)
    kept = [tmp_path / "earlier.note", tmp_path / "latest.note"]
    kept[0].write_text(notes[0], encoding="utf-8")
    kept[1].write_text(notes[-1], encoding="utf-8")
    short = tmp_path / "short.ndjson"
    short.write_text("\n".join(export(records[:-2], key)[0]) + "\n", encoding="utf-8")
    args = ["--key", str(key.verifier), "--checkpoint", str(kept[0]), "--checkpoint", str(kept[1])]
    done = ruta("audit", "verify", str(short), *args, "--json")
    assert done.returncode == 1
    [failure] = json.loads(done.stdout)["failures"]
    assert failure["check"] == "rolled_back"
    assert failure["size"] == len(records)
    full = tmp_path / "full.ndjson"
    full.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ruta("audit", "verify", str(full), *args).returncode == 0


def test_a_malformed_key_is_refused_with_exit_code_2(good: Path) -> None:
    done = ruta("audit", "verify", str(good), "--key", "ruta+00000000+AAAA")
    assert done.returncode == 2
    assert "La llave de verificación no es válida" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("missing", ["export", "checkpoint"])
def test_an_unreadable_input_is_refused_with_exit_code_2(
    good: Path, key: SignerKey, tmp_path: Path, missing: str
) -> None:
    absent = str(tmp_path / "absent.ndjson")
    args = [absent] if missing == "export" else [str(good), "--checkpoint", absent]
    done = ruta("audit", "verify", *args, "--key", str(key.verifier))
    assert done.returncode == 2
    assert "No se puede leer" in done.stderr
    assert "absent.ndjson" in done.stderr


@pytest.mark.parametrize("jobs", ["0", "dos"])
def test_a_number_of_processes_that_is_not_one_or_more_is_refused(
    good: Path, key: SignerKey, jobs: str
) -> None:
    done = ruta("audit", "verify", str(good), "--key", str(key.verifier), "--jobs", jobs)
    assert done.returncode == 2
    assert "no es un número de procesos" in done.stderr


def test_one_process_gives_the_same_report(good: Path, key: SignerKey) -> None:
    args = ["audit", "verify", str(good), "--key", str(key.verifier), "--json"]
    assert ruta(*args, "--jobs", "1").stdout == ruta(*args).stdout
