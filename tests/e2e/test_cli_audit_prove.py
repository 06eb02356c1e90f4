"""``ruta audit prove`` as an auditor runs it, on what a real served store handed out: the signed
checkpoints of ``GET /audit/checkpoint``, the proofs of ``GET /audit/proofs/…``, a record's line
of ``GET /audit/events``, and the key ``ruta audit key`` prints. The command runs in its own
process, with no database anywhere."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import store_env
from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from adapters.checkpoints import Checkpointer
from adapters.deployment_keys import checkpoint_key
from adapters.settings import Settings
from api.app import create_app
from domain.hub import Hub
from merkle.signed_note import SignerKey, VerifierKey, verify_checkpoint
from tests.e2e.test_api_audit import AUDITOR, Live
from tests.e2e.test_cli import ruta
from tests.fakes import FakeSealer, ManualClock


@dataclass(frozen=True)
class Handed:
    """What the auditor was handed, as files, and the facts the tests check the answers with."""

    work: Path
    key: str
    old_size: int
    new_size: int
    position: int
    index: int

    def path(self, name: str) -> str:
        return str(self.work / name)

    def write(self, name: str, content: str | bytes) -> str:
        target = self.work / name
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        return str(target)

    def proof(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads((self.work / name).read_text(encoding="utf-8"))
        return found


@pytest.fixture(scope="module")
def handed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Handed]:
    work = tmp_path_factory.mktemp("prove")
    data_dir = work / "var"
    with pytest.MonkeyPatch.context() as patch:
        for name in os.environ:
            if name.startswith("RUTA_"):
                patch.delenv(name)
        patch.setenv("RUTA_DATA_DIR", str(data_dir))
        settings = Settings.from_env()
        settings.data_dir.mkdir(parents=True)
        env = store_env(settings)
        key = checkpoint_key(settings)
        hub = Hub(env, sealer=FakeSealer(), clock=ManualClock())
        try:
            with start_views(env, settings.data_dir, catalogue=hub.catalogue) as views:
                signer = Checkpointer(views.audit, key, settings.log_origin)
                parts = api_parts(hub, audit=views.audit, checkpointer=signer, wait_timeout=5.0)
                live = Live(TestClient(create_app(parts)), hub)
                live.views, live.data_dir = views, settings.data_dir
                yield hand_out(live, work, data_dir)
        finally:
            hub.close()


def hand_out(live: Live, work: Path, data_dir: Path) -> Handed:
    """Cases, two checkpoints and the proofs between them, fetched as an auditor would."""
    printed = ruta("audit", "key", env={"RUTA_DATA_DIR": str(data_dir)})
    assert printed.returncode == 0, printed.stderr
    key = printed.stdout.strip()

    positions = live.open_cases(3)
    old = checkpoint(live, work / "old.note", VerifierKey.parse(key))
    live.open_cases(2)
    new = checkpoint(live, work / "new.note", VerifierKey.parse(key))
    position = positions[1]
    inclusion = fetch(live, f"/audit/proofs/inclusion?position={position}&size={new}")
    (work / "inclusion.json").write_text(inclusion, encoding="utf-8")
    earlier = fetch(live, f"/audit/proofs/inclusion?position={position}&size={old}")
    (work / "inclusion-old.json").write_text(earlier, encoding="utf-8")
    consistency = fetch(live, f"/audit/proofs/consistency?from={old}&to={new}")
    (work / "consistency.json").write_text(consistency, encoding="utf-8")
    for line in fetch(live, "/audit/events").splitlines():
        record = json.loads(line)
        if record.get("position") == position:
            (work / "record.ndjson").write_text(line + "\n", encoding="utf-8")
        elif record.get("position") == positions[2]:
            (work / "another.ndjson").write_text(line + "\n", encoding="utf-8")
    index = json.loads(inclusion)["index"]
    return Handed(work, key, old, new, position, index)


def checkpoint(live: Live, path: Path, key: VerifierKey) -> int:
    live.caught_up()
    written = live.client.post("/audit/checkpoint", headers=live.headers(*AUDITOR))
    assert written.status_code == 201, written.text
    path.write_text(written.text, encoding="utf-8")
    return verify_checkpoint(written.text, key).size


def fetch(live: Live, path: str) -> str:
    answer = live.audit(path)
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def inclusion(handed: Handed, *more: str, proof: str = "inclusion.json", key: str = "") -> Any:
    return ruta(
        "audit", "prove", "inclusion",
        "--checkpoint", handed.path("new.note"),
        "--proof", handed.path(proof),
        "--key", key or handed.key,
        *more, env={},
    )  # fmt: skip


def consistency(
    handed: Handed, *lang: str, proof: str = "consistency.json", old: str = "old.note"
) -> Any:
    return ruta(
        *lang, "audit", "prove", "consistency",
        "--old", handed.path(old),
        "--new", handed.path("new.note"),
        "--proof", handed.path(proof),
        "--key", handed.key,
        env={},
    )  # fmt: skip


def signer(handed: Handed) -> str:
    key = VerifierKey.parse(handed.key)
    return f"{key.name}+{key.key_id.hex()}"


class TestInclusion:
    def test_a_good_proof_holds_in_the_signed_checkpoint_in_a_spanish_sentence(
        self, handed: Handed
    ) -> None:
        done = inclusion(handed)
        assert done.returncode == 0, done.stderr + done.stdout
        first, second = done.stdout.splitlines()
        assert first.startswith(
            f"La prueba de inclusión es válida: el registro {handed.position} "
            f"(hoja {handed.index}) está en el registro de auditoría de tamaño "
            f"{handed.new_size} firmado por {signer(handed)}"
        )
        leaf_hash = handed.proof("inclusion.json")["leaf_hash"]
        assert second.startswith(f"El hash de la hoja, {leaf_hash}, es el que dice la prueba")

    def test_the_record_held_from_the_export_is_the_proofs_own(self, handed: Handed) -> None:
        done = inclusion(handed, "--leaf", handed.path("record.ndjson"))
        assert done.returncode == 0, done.stderr + done.stdout
        assert done.stdout.count("\n") == 1  # no word about a leaf taken from the proof

    def test_a_leaf_hash_given_by_hand_is_compared_in_either_case(self, handed: Handed) -> None:
        leaf_hash = handed.proof("inclusion.json")["leaf_hash"]
        assert inclusion(handed, "--leaf-hash", leaf_hash.upper()).returncode == 0
        other = "0" * 64
        done = inclusion(handed, "--leaf-hash", other)
        assert done.returncode == 1
        assert f"el hash de la hoja dada ({other}) no es el de la prueba" in done.stdout

    def test_another_records_leaf_is_named_as_such(self, handed: Handed) -> None:
        done = inclusion(handed, "--leaf", handed.path("another.ndjson"))
        assert done.returncode == 1
        assert "La prueba de inclusión NO es válida: la hoja dada es la del registro" in done.stdout
        assert f"no la del registro {handed.position} de la prueba" in done.stdout

    def test_a_tampered_path_fails_naming_the_audit_path(self, handed: Handed) -> None:
        proof = handed.proof("inclusion.json")
        assert proof["proof"], "a tree of several leaves has a path"
        proof["proof"][0] = flip(proof["proof"][0])
        handed.write("tampered-inclusion.json", json.dumps(proof))
        done = inclusion(handed, proof="tampered-inclusion.json")
        assert done.returncode == 1
        assert done.stdout.startswith(
            "La prueba de inclusión NO es válida: la ruta de auditoría no lleva de la hoja "
            f"{handed.index} a la raíz firmada del registro de tamaño {handed.new_size}"
        )

    def test_a_proof_with_its_own_root_is_not_taken_on_its_word(self, handed: Handed) -> None:
        proof = handed.proof("inclusion.json")
        proof["root"] = flip(proof["root"])
        handed.write("own-root.json", json.dumps(proof))
        done = inclusion(handed, proof="own-root.json")
        assert done.returncode == 1
        assert "la raíz de la prueba" in done.stdout
        assert "no es la que firma el punto de control" in done.stdout

    def test_a_proof_of_another_size_says_which_size_to_ask_for(self, handed: Handed) -> None:
        done = inclusion(handed, proof="inclusion-old.json")
        assert done.returncode == 1
        assert f"la prueba es de un registro de tamaño {handed.old_size}" in done.stdout
        assert f"pida la prueba con size={handed.new_size}" in done.stdout


class TestConsistency:
    def test_a_good_proof_shows_the_newer_log_extends_the_older(self, handed: Handed) -> None:
        done = consistency(handed)
        assert done.returncode == 0, done.stderr + done.stdout
        assert done.stdout.startswith(
            "La prueba de consistencia es válida: el registro de auditoría de tamaño "
            f"{handed.new_size} firmado por {signer(handed)}"
        )
        assert f"extiende el de tamaño {handed.old_size}" in done.stdout

    def test_it_is_said_in_english_on_request(self, handed: Handed) -> None:
        done = consistency(handed, "--lang", "en")
        assert done.returncode == 0, done.stderr + done.stdout
        assert done.stdout.startswith("The consistency proof holds: the audit log of size")

    def test_a_tampered_proof_fails(self, handed: Handed) -> None:
        proof = handed.proof("consistency.json")
        proof["proof"][-1] = flip(proof["proof"][-1])
        handed.write("tampered-consistency.json", json.dumps(proof))
        done = consistency(handed, proof="tampered-consistency.json")
        assert done.returncode == 1
        assert done.stdout.startswith(
            "La prueba de consistencia NO es válida: la prueba no muestra que el registro de "
            f"tamaño {handed.new_size} extienda el de tamaño {handed.old_size}"
        )

    def test_checkpoints_of_other_sizes_than_the_proofs_are_named(self, handed: Handed) -> None:
        done = consistency(handed, old="new.note")
        assert done.returncode == 1
        assert (
            f"la prueba va del tamaño {handed.old_size} al {handed.new_size}, pero los puntos "
            f"de control firman los tamaños {handed.new_size} y {handed.new_size}"
        ) in done.stdout


class TestSignatures:
    def test_a_wrong_key_is_refused_naming_the_key(self, handed: Handed) -> None:
        name = VerifierKey.parse(handed.key).name
        other = SignerKey.generate(name).verifier  # the same name, another key
        done = inclusion(handed, key=str(other))
        assert done.returncode == 1
        assert done.stdout.startswith(
            f"No hay firma de la llave {other.name}+{other.key_id.hex()} en el punto de control"
        )

    def test_an_altered_checkpoint_fails_its_signature(self, handed: Handed) -> None:
        note = (handed.work / "new.note").read_text(encoding="utf-8")
        origin, size, rest = note.split("\n", 2)
        handed.write("altered.note", f"{origin}\n{int(size) + 1}\n{rest}")
        done = consistency(handed, old="altered.note")
        assert done.returncode == 1
        assert done.stdout.startswith("No es válida la firma en el punto de control")
        assert "altered.note" in done.stdout

    def test_the_key_may_be_read_from_a_file(self, handed: Handed) -> None:
        key_file = handed.write("ruta.pub", handed.key + "\n")
        assert inclusion(handed, key=key_file).returncode == 0


class TestMalformedFiles:
    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            ("{not json", "no es JSON"),
            ("[]", "no es un objeto JSON"),
            ('{"position": 1}', "falta el campo index"),
            ("MISSING_PROOF", "falta el campo proof"),
            ("BAD_HASH", "el campo proof no es un hash"),
        ],
    )
    def test_a_malformed_proof_is_refused_saying_why(
        self, handed: Handed, content: str, reason: str
    ) -> None:
        proof = handed.proof("inclusion.json")
        if content == "MISSING_PROOF":
            content = json.dumps({k: v for k, v in proof.items() if k != "proof"})
        elif content == "BAD_HASH":
            content = json.dumps({**proof, "proof": ["not a hash"]})
        handed.write("malformed.json", content)
        done = inclusion(handed, proof="malformed.json")
        assert done.returncode == 2
        assert done.stdout == ""
        assert "No se puede usar la prueba" in done.stderr
        assert "no es una prueba como las de GET /audit/proofs" in done.stderr
        assert reason in done.stderr

    def test_a_checkpoint_that_is_no_signed_note_is_refused(self, handed: Handed) -> None:
        handed.write("not.note", "hello\n")
        done = consistency(handed, old="not.note")
        assert done.returncode == 2
        assert "no es un punto de control firmado" in done.stderr

    def test_a_leaf_file_that_is_no_record_is_refused(self, handed: Handed) -> None:
        handed.write("leaf.bin", b"\x00\x01 not a leaf")
        done = inclusion(handed, "--leaf", handed.path("leaf.bin"))
        assert done.returncode == 2
        assert "No se puede usar la hoja" in done.stderr

    def test_a_missing_file_is_named(self, handed: Handed) -> None:
        done = inclusion(handed, proof="nowhere.json")
        assert done.returncode == 2
        assert "nowhere.json" in done.stderr

    def test_a_leaf_hash_that_is_not_hex_is_refused_by_the_arguments(self, handed: Handed) -> None:
        done = inclusion(handed, "--leaf-hash", "xyz")
        assert done.returncode == 2
        assert "no es un hash (64 dígitos hexadecimales)" in done.stderr


def flip(hex_hash: str) -> str:
    """The hash with its first hexadecimal digit changed."""
    return ("1" if hex_hash[0] == "0" else "0") + hex_hash[1:]
