"""The audit routes as an auditor drives them: signed checkpoints checked with the key that
``ruta audit key`` prints, proofs checked with RFC 9162's algorithms, the raw log as resumable
NDJSON; and who may read them."""

from __future__ import annotations

import base64
import io
import json
import os
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import merkle
from adapters.bootstrap import store_env
from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from adapters.checkpoints import Checkpointer
from adapters.deployment_keys import checkpoint_key
from adapters.settings import Settings
from adapters.views import Views
from api.app import create_app
from cli import main as cli
from domain.hub import Hub
from merkle.signed_note import Checkpoint, VerifierKey, verify_checkpoint
from tests.e2e.conftest import Api, detection
from tests.e2e.test_cli import ruta
from tests.fakes import FakeSealer, ManualClock

AUDITOR = ("segob", "auditor")
COMMISSION = ("cdheqroo", "commission")
WAIT = 10.0


class Live(Api):
    views: Views
    data_dir: Path
    printed_key: VerifierKey | None = None

    def caught_up(self) -> int:
        position = self.head()  # the tokens' use of the hour first: the call records no more
        self.views.wait(position, timeout=WAIT)
        return position

    def open_cases(self, count: int) -> list[int]:
        positions = []
        for _ in range(count):
            answer = self.post(
                "/cases", "sedetur", detection(detected_at=self.hub.clock().isoformat())
            )
            assert answer.status_code == 201, answer.text
            positions.append(answer.json()["position"])
        self.caught_up()
        return positions

    def checkpoint_now(self) -> Checkpoint:
        """A checkpoint of the whole log (its auditor's account included, which is in it)."""
        headers = self.headers(*AUDITOR)
        self.caught_up()
        answer = self.client.post("/audit/checkpoint", headers=headers)
        assert answer.status_code == 201, answer.text
        return verify_checkpoint(answer.text, self.verifier())

    def verifier(self) -> VerifierKey:
        """The key ``ruta audit key`` prints, run in this process (a new one takes a while)."""
        if self.printed_key is None:
            printed = io.StringIO()
            with redirect_stdout(printed):  # RUTA_DATA_DIR is the fixture's
                assert cli.main(["audit", "key"]) == 0
            (line,) = printed.getvalue().splitlines()  # the key alone on its line
            self.printed_key = VerifierKey.parse(line)
        return self.printed_key

    def audit(self, path: str, who: tuple[str, str] = AUDITOR) -> Any:
        return self.client.get(path, headers=self.headers(*who))


@pytest.fixture
def live(tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """The API with the views kept here, on the embedded store; ``ruta`` run in this process
    sees the same settings."""
    for name in os.environ:
        if name.startswith("RUTA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("RUTA_DATA_DIR", str(tmp_path / "var"))
    settings = Settings.from_env()
    settings.data_dir.mkdir(parents=True)
    env = store_env(settings)
    key = checkpoint_key(settings)  # made on a first run: before the store is
    hub = Hub(env, sealer=FakeSealer(), clock=clock)
    with start_views(env, settings.data_dir, catalogue=hub.catalogue) as views:
        signer = Checkpointer(views.audit, key, settings.log_origin)
        parts = api_parts(hub, audit=views.audit, checkpointer=signer, wait_timeout=5.0)
        api = Live(TestClient(create_app(parts)), hub)
        api.views, api.data_dir = views, settings.data_dir
        yield api
    hub.close()


def export(live: Live, query: str = "", who: tuple[str, str] = AUDITOR) -> list[dict[str, Any]]:
    answer = live.audit(f"/audit/events?{query}", who)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/x-ndjson"
    assert answer.text == "" or answer.text.endswith("\n")
    return [json.loads(line) for line in answer.text.splitlines()]


class TestCheckpoints:
    def test_the_checkpoint_is_a_signed_note_the_printed_verifier_key_checks(
        self, live: Live
    ) -> None:
        live.open_cases(2)
        written = live.checkpoint_now()

        answer = live.audit("/audit/checkpoint")
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "text/plain; charset=utf-8"
        checkpoint = verify_checkpoint(answer.text, live.verifier())
        assert checkpoint == written
        assert checkpoint.origin == "ruta.mx/quintana-roo"
        assert checkpoint.size == live.views.audit.size()
        assert checkpoint.root == live.views.audit.root()

    def test_a_checkpoint_is_served_at_its_size_and_a_missing_one_is_not_found(
        self, live: Live
    ) -> None:
        missing = live.audit("/audit/checkpoint")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json()["code"] == "no_checkpoint_yet"
        live.open_cases(1)
        first = live.checkpoint_now()
        live.open_cases(1)
        live.checkpoint_now()

        at = live.audit(f"/audit/checkpoint?size={first.size}")
        assert verify_checkpoint(at.text, live.verifier()) == first
        absent = live.audit(f"/audit/checkpoint?size={first.size + 1}")
        assert (absent.status_code, absent.json()["code"]) == (404, "checkpoint_not_found")

    def test_asking_again_without_new_records_gives_the_same_checkpoint(self, live: Live) -> None:
        live.open_cases(1)
        assert live.checkpoint_now() == live.checkpoint_now()
        assert len(live.views.audit.checkpoints_between(0, 1000)) == 1

    def test_ruta_audit_checkpoint_signs_the_log_and_prints_the_note(self, live: Live) -> None:
        live.open_cases(1)
        env = {"RUTA_DATA_DIR": str(live.data_dir)}
        key = ruta("audit", "key", env=env)
        assert key.returncode == 0, key.stderr
        assert key.stdout == f"{live.verifier()}\n"
        run = ruta("audit", "checkpoint", env=env)
        assert run.returncode == 0, run.stderr
        printed = verify_checkpoint(run.stdout, live.verifier())
        assert printed.size == live.views.audit.size()
        assert live.audit("/audit/checkpoint").text == run.stdout


class TestProofs:
    def test_an_inclusion_proof_ties_a_record_of_the_export_to_a_signed_root(
        self, live: Live
    ) -> None:
        positions = live.open_cases(3)
        checkpoint = live.checkpoint_now()
        record = next(line for line in export(live) if line.get("position") == positions[1])

        answer = live.audit(f"/audit/proofs/inclusion?position={positions[1]}")
        assert answer.status_code == 200, answer.text
        proof = answer.json()
        assert proof["size"] == checkpoint.size  # the latest checkpoint's, by default
        assert proof["root"] == checkpoint.root.hex()
        leaf = merkle.leaf_hash(base64.b64decode(record["leaf"]))
        assert proof["leaf_hash"] == leaf.hex()
        assert merkle.verify_inclusion(
            leaf,
            proof["index"],
            proof["size"],
            [bytes.fromhex(h) for h in proof["proof"]],
            checkpoint.root,
        )

    def test_an_inclusion_proof_is_refused_for_a_tree_without_the_record(self, live: Live) -> None:
        first = live.open_cases(1)
        live.checkpoint_now()
        later = live.open_cases(1)
        beyond = live.audit(f"/audit/proofs/inclusion?position={later[0]}")  # after the checkpoint
        assert beyond.status_code == 422
        assert beyond.json()["field"] == "size"
        assert live.audit(f"/audit/proofs/inclusion?position={later[0]}&size=999").status_code == (
            422
        )
        unknown = live.audit(f"/audit/proofs/inclusion?position={later[0] + 50}")
        assert (unknown.status_code, unknown.json()["code"]) == (404, "record_not_in_audit_log")
        index = live.views.audit.index_of(first[0])
        assert index is not None
        exact = live.audit(f"/audit/proofs/inclusion?position={first[0]}&size={index + 1}")
        assert exact.status_code == 200
        assert exact.json()["root"] == live.views.audit.root(index + 1).hex()

    def test_a_consistency_proof_ties_two_signed_checkpoints(self, live: Live) -> None:
        live.open_cases(2)
        old = live.checkpoint_now()
        live.open_cases(3)
        new = live.checkpoint_now()

        answer = live.audit(f"/audit/proofs/consistency?from={old.size}&to={new.size}")
        assert answer.status_code == 200, answer.text
        proof = answer.json()
        assert (proof["from"], proof["to"]) == (old.size, new.size)
        assert (proof["from_root"], proof["to_root"]) == (old.root.hex(), new.root.hex())
        hashes = [bytes.fromhex(h) for h in proof["proof"]]
        assert merkle.verify_consistency(old.size, new.size, old.root, new.root, hashes)
        assert not merkle.verify_consistency(old.size, new.size, new.root, old.root, hashes)
        default = live.audit(f"/audit/proofs/consistency?from={old.size}").json()
        assert default == proof  # to: the latest checkpoint's size

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("from=4&to=4", "to"),
            ("from=5&to=4", "to"),
            ("from=0&to=4", "from"),
            ("from=1&to=99", "to"),
        ],
    )
    def test_a_consistency_proof_is_refused_for_sizes_that_do_not_make_one(
        self, live: Live, query: str, field: str
    ) -> None:
        live.open_cases(3)
        answer = live.audit(f"/audit/proofs/consistency?{query}")
        assert answer.status_code == 422, answer.text
        assert answer.json()["field"] == field


class TestEvents:
    def test_the_export_has_every_record_and_each_checkpoint_after_the_record_of_its_size(
        self, live: Live
    ) -> None:
        live.open_cases(2)
        checkpoint = live.checkpoint_now()
        live.open_cases(1)
        lines = export(live)

        records = [line for line in lines if "position" in line]
        stored = live.hub.recorder.select_notifications(0, 100, inclusive_of_start=False)
        assert [r["position"] for r in records] == [n.id for n in stored]
        for line in records:
            leaf = base64.b64decode(line["leaf"])
            assert line["leaf_hash"] == merkle.leaf_hash(leaf).hex()
        (note,) = [i for i, line in enumerate(lines) if "checkpoint" in line]
        assert note == checkpoint.size  # right after the record that completes its size
        assert verify_checkpoint(lines[note]["checkpoint"], live.verifier()) == checkpoint

    def test_the_export_resumes_after_the_last_position_seen(self, live: Live) -> None:
        live.open_cases(3)
        live.checkpoint_now()
        whole = export(live)
        first = export(live, "limit=4")
        assert len([line for line in first if "position" in line]) == 4
        last = max(line["position"] for line in first if "position" in line)
        rest = export(live, f"after={last}")
        assert first + rest == whole  # nothing twice, nothing missing
        # The checkpoint comes with the record that completes it, never alone.
        assert "checkpoint" in whole[-1]
        assert export(live, f"after={whole[-3]['position']}") == whole[-2:]
        assert export(live, f"after={whole[-2]['position']}") == []


class TestAccess:
    PATHS = (
        "/audit/checkpoint",
        "/audit/proofs/inclusion?position=1&size=1",
        "/audit/proofs/consistency?from=1&to=2",
        "/audit/events",
    )

    def test_auditors_and_the_commission_read_the_verifiable_history(self, live: Live) -> None:
        live.open_cases(1)
        live.checkpoint_now()
        for who in (AUDITOR, COMMISSION):
            for path in self.PATHS[:-1]:
                assert live.audit(path, who).status_code == 200, (who, path)
        assert live.audit("/audit/events", AUDITOR).status_code == 200

    def test_only_auditors_read_the_raw_log(self, live: Live) -> None:
        live.open_cases(1)
        answer = live.audit("/audit/events", COMMISSION)
        assert answer.status_code == 403
        assert answer.json()["code"] == "role_required"

    @pytest.mark.parametrize(
        "who", [("sedetur", "caseworker"), ("fge", "supervisor"), ("segob", "admin")]
    )
    def test_everybody_else_is_refused(self, live: Live, who: tuple[str, str]) -> None:
        live.open_cases(1)
        live.checkpoint_now()
        for path in self.PATHS:
            answer = live.audit(path, who)
            assert answer.status_code == 403, (who, path)
            assert answer.json()["code"] == "role_required"
        assert live.client.post("/audit/checkpoint", headers=live.headers(*who)).status_code == 403

    def test_only_auditors_ask_for_a_checkpoint(self, live: Live) -> None:
        live.open_cases(1)
        answer = live.client.post("/audit/checkpoint", headers=live.headers(*COMMISSION))
        assert answer.status_code == 403
        assert live.client.get("/audit/events").status_code == 401

    def test_without_the_audit_log_in_the_process_the_routes_are_unavailable(
        self, api: Api
    ) -> None:
        for path in self.PATHS:
            assert api.get(path, *AUDITOR).status_code == 503
