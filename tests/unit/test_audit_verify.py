"""Offline verification of an audit export: a faithful log verifies, every tampering is named.

The exports are built here from the stored records of a real in-memory hub, hashed and signed
with the real tree and note code under a key made for the test. A tampered export pairs the
changed records with the hashes the audit log recorded for the honest ones, as an export of a
tampered store would.
"""

from __future__ import annotations

import base64
import json
import pickle
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import replace
from uuid import UUID, uuid4

import pytest

from domain.hub import Hub
from merkle import RootAccumulator, leaf_hash
from merkle import verifier as audit_verify
from merkle.leaves import Record, checkpoint_line, missing_line
from merkle.report import Failure
from merkle.signed_note import SignerKey, sign_checkpoint
from merkle.verifier import ExportVerifier, verify_export
from projections.audit_log import record_of
from tests.builders import ADMIN, DIF, SEDETUR, open_adult, open_child

ORIGIN = "ruta.example/quintana-roo"
EVERY = 4  # a checkpoint every few records, and one at the end


class Log:
    """A log as the audit side recorded it: its records, their leaf hashes and checkpoints."""

    def __init__(self, records: Sequence[Record], key: SignerKey, *, origin: str = ORIGIN) -> None:
        self.records = list(records)
        self.hashes = [leaf_hash(record.leaf()) for record in self.records]
        self.checkpoints: dict[int, str] = {}
        tree = RootAccumulator()
        for value in self.hashes:
            tree.append(value)
            if tree.size % EVERY == 0 or tree.size == len(self.hashes):
                self.checkpoints[tree.size] = sign_checkpoint(origin, tree.size, tree.root(), key)

    @property
    def size(self) -> int:
        return len(self.records)

    def export(
        self,
        records: Sequence[Record] | None = None,
        hashes: Sequence[bytes] | None = None,
        *,
        last_checkpoint: bool = True,
    ) -> list[str]:
        """The export lines: records paired in order with the recorded hashes, checkpoints."""
        records = self.records if records is None else records
        hashes = self.hashes if hashes is None else hashes
        lines: list[str] = []
        for size, (record, recorded) in enumerate(zip(records, hashes, strict=False), start=1):
            lines.append(record.export_line(recorded))
            if size in self.checkpoints:
                lines.append(checkpoint_line(self.checkpoints[size]))
        lines += [checkpoint_line(n) for s, n in self.checkpoints.items() if s > len(records)]
        if not last_checkpoint:
            lines.pop()
        return lines


def stored_records(hub: Hub) -> list[Record]:
    """The hub's log as the store holds it, positions spaced as PostgreSQL's may be (gaps)."""
    return [
        replace(record_of(n), position=10 * n.id)
        for n in hub.recorder.select_notifications(start=1, limit=1_000)
    ]


@pytest.fixture
def key() -> SignerKey:
    return SignerKey.generate("ruta-auditoria")


@pytest.fixture
def erased_case(hub: Hub) -> UUID:
    """Scenario 5: a woman's case referred to a shelter, then erased on an ARCO request."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "sesa"], ["shelter", "medical"], informed_in="es")
        referral = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(case_id, "arco_cancellation")
    return case_id


@pytest.fixture
def log(hub: Hub, erased_case: UUID, key: SignerKey) -> Log:
    open_child(hub)
    open_adult(hub)
    return Log(stored_records(hub), key)


def only_failure(lines: Sequence[str], key: SignerKey, earlier: Sequence[str] = ()) -> Failure:
    report = verify_export(lines, key.verifier, earlier=earlier)
    assert not report.ok
    assert len(report.failures) == 1, report.failures
    return report.failures[0]


def test_a_faithful_export_verifies(log: Log, key: SignerKey) -> None:
    report = verify_export(log.export(), key.verifier)
    assert report.ok, report.failures
    assert (report.records, report.size_verified, report.unvouched) == (log.size, log.size, 0)
    assert report.checkpoints == len(log.checkpoints)
    assert report.origin == ORIGIN
    assert log.size >= 10


class TestRecordsChangedInTheStore:
    def test_one_byte_edited_in_a_state_is_named_by_its_position(
        self, log: Log, key: SignerKey
    ) -> None:
        records = list(log.records)
        state = bytearray(records[5].state)
        state[len(state) // 2] ^= 0x01
        records[5] = replace(records[5], state=bytes(state))
        failure = only_failure(log.export(records), key)
        assert (failure.check, failure.position) == ("leaf_hash", log.records[5].position)

    def test_a_deleted_record_is_caught_where_the_recorded_hashes_no_longer_line_up(
        self, log: Log, key: SignerKey
    ) -> None:
        records = log.records[:3] + log.records[4:]
        failure = only_failure(log.export(records), key)
        assert (failure.check, failure.position) == ("leaf_hash", log.records[4].position)

    def test_a_record_the_store_no_longer_holds_is_named_by_its_position(
        self, log: Log, key: SignerKey
    ) -> None:
        gone = log.records[4]
        lines = log.export()
        at = lines.index(gone.export_line(log.hashes[4]))
        lines[at] = missing_line(gone.position, log.hashes[4])
        failure = only_failure(lines, key)
        assert (failure.check, failure.position) == ("missing", gone.position)

    def test_a_record_the_audit_log_never_took_in_is_named_by_its_position(
        self, log: Log, key: SignerKey
    ) -> None:
        original = log.records[6]
        forged = replace(original, position=original.position - 5, originator_version=99)
        lines = log.export()
        at = lines.index(original.export_line(log.hashes[6]))
        lines.insert(at, forged.export_line(None))
        failure = only_failure(lines, key)
        assert (failure.check, failure.position) == ("unrecorded", forged.position)

    def test_a_malformed_missing_line_is_named_by_its_line(self, log: Log, key: SignerKey) -> None:
        lines = log.export()
        lines.insert(2, json.dumps({"position": "7", "leaf_hash": "zz", "missing": True}))
        failure = only_failure(lines, key)
        assert (failure.check, failure.line) == ("line", 3)

    def test_a_forged_record_inserted_is_named_by_its_position(
        self, log: Log, key: SignerKey
    ) -> None:
        original = log.records[6]
        forged = replace(original, position=original.position - 5, originator_version=99)
        records = [*log.records[:6], forged, *log.records[6:]]
        failure = only_failure(log.export(records), key)
        assert (failure.check, failure.position) == ("leaf_hash", forged.position)

    def test_two_swapped_rows_are_caught_at_the_first_of_them(
        self, log: Log, key: SignerKey
    ) -> None:
        first, second = log.records[2], log.records[3]
        records = list(log.records)
        records[2] = replace(second, position=first.position)
        records[3] = replace(first, position=second.position)
        failure = only_failure(log.export(records), key)
        assert (failure.check, failure.position) == ("leaf_hash", first.position)

    def test_records_moved_with_their_hashes_are_out_of_order(
        self, log: Log, key: SignerKey
    ) -> None:
        lines = log.export()
        lines[0], lines[1] = lines[1], lines[0]
        failure = only_failure(lines, key)
        assert (failure.check, failure.position) == ("order", log.records[0].position)

    def test_shown_fields_that_disagree_with_the_leaf_are_named_and_the_rest_verifies(
        self, log: Log, key: SignerKey
    ) -> None:
        lines = log.export()
        shown = json.loads(lines[1])
        shown["topic"] = "domain.case:Case.CaseClosed"
        lines[1] = json.dumps(shown)
        report = verify_export(lines, key.verifier)
        assert [(f.check, f.position) for f in report.failures] == [
            ("fields", log.records[1].position)
        ]
        assert "topic" in report.failures[0].detail("en")
        assert report.size_verified == log.size


class TestCheckpoints:
    @pytest.mark.parametrize("forgery", ["flipped_bit", "other_key"])
    def test_a_checkpoint_not_signed_by_the_key_fails_at_its_line(
        self, log: Log, key: SignerKey, forgery: str
    ) -> None:
        lines = log.export()
        number = lines.index(checkpoint_line(log.checkpoints[EVERY]))
        note = log.checkpoints[EVERY]
        if forgery == "other_key":
            note = sign_checkpoint(ORIGIN, EVERY, log_root(log, EVERY), SignerKey.generate("x"))
        else:
            text, signature = note.rsplit(" ", 1)
            raw = bytearray(base64.b64decode(signature))
            raw[10] ^= 0x01
            note = f"{text} {base64.b64encode(raw).decode()}\n"
        lines[number] = checkpoint_line(note)
        failure = only_failure(lines, key)
        assert (failure.check, failure.line) == ("checkpoint_signature", number + 1)

    def test_a_checkpoint_whose_root_does_not_match_fails_naming_the_last_size_verified(
        self, log: Log, key: SignerKey
    ) -> None:
        lines = log.export()
        wrong = sign_checkpoint(ORIGIN, 2 * EVERY, bytes(32), key)
        number = lines.index(checkpoint_line(log.checkpoints[2 * EVERY]))
        lines[number] = checkpoint_line(wrong)
        failure = only_failure(lines, key)
        assert (failure.check, failure.line, failure.size) == ("checkpoint_root", number + 1, 8)
        assert failure.facts["verified"] == EVERY

    def test_recorded_hashes_rewritten_to_match_are_caught_by_the_signed_root(
        self, log: Log, key: SignerKey
    ) -> None:
        records, hashes = list(log.records), list(log.hashes)
        records[4] = accepted_by_another_agency(records[4])
        hashes[4] = leaf_hash(records[4].leaf())
        failure = only_failure(log.export(records, hashes), key)
        assert (failure.check, failure.size) == ("checkpoint_root", 2 * EVERY)
        assert failure.facts["verified"] == EVERY
        assert "la raíz firmada para 8 registros" in failure.detail("es")
        assert "último tamaño verificado: 4" in failure.detail("es")

    def test_a_checkpoint_out_of_its_place_fails(self, log: Log, key: SignerKey) -> None:
        lines = log.export()
        number = lines.index(checkpoint_line(log.checkpoints[EVERY]))
        lines[number - 1], lines[number] = lines[number], lines[number - 1]
        failure = only_failure(lines, key)
        assert (failure.check, failure.line, failure.size) == ("checkpoint_size", number, EVERY)

    def test_checkpoints_of_another_log_fail_on_their_origin(
        self, log: Log, key: SignerKey
    ) -> None:
        lines = log.export()
        other = sign_checkpoint("ruta.example/otra", EVERY, log_root(log, EVERY), key)
        number = lines.index(checkpoint_line(log.checkpoints[EVERY]))
        lines[number] = checkpoint_line(other)
        kept = [log.checkpoints[2 * EVERY]]  # the auditor's kept checkpoint names the origin
        failure = only_failure(lines, key, earlier=kept)
        assert (failure.check, failure.line) == ("checkpoint_origin", number + 1)

    def test_records_after_the_last_checkpoint_are_unvouched_but_not_a_failure(
        self, log: Log, key: SignerKey
    ) -> None:
        report = verify_export(log.export(last_checkpoint=False), key.verifier)
        assert report.ok
        last = max(s for s in log.checkpoints if s < log.size)
        assert (report.size_verified, report.unvouched) == (last, log.size - last)
        assert "no están respaldados" in report.to_text()


def accepted_by_another_agency(record: Record) -> Record:
    """The referral's acceptance rewritten as if IQM, not DIF, had accepted it."""
    assert record.topic == "ruta.case:ReferralAccepted"
    return replace(record, state=record.state.replace(b'"agency":"dif"', b'"agency":"iqm"'))


def log_root(log: Log, size: int) -> bytes:
    tree = RootAccumulator()
    for value in log.hashes[:size]:
        tree.append(value)
    return tree.root()


class TestCheckpointsTheAuditorKept:
    def test_kept_checkpoints_of_the_same_log_verify(self, log: Log, key: SignerKey) -> None:
        kept = [log.checkpoints[2 * EVERY], log.checkpoints[EVERY]]
        report = verify_export(log.export(), key.verifier, earlier=kept)
        assert report.ok, report.failures

    def test_an_export_shorter_than_a_kept_checkpoint_was_rolled_back(
        self, log: Log, key: SignerKey
    ) -> None:
        rolled_back = Log(log.records[: log.size - 3], key)  # consistent and signed, but short
        assert verify_export(rolled_back.export(), key.verifier).ok
        failure = only_failure(rolled_back.export(), key, earlier=[log.checkpoints[log.size]])
        assert (failure.check, failure.size) == ("rolled_back", log.size)

    def test_two_logs_of_the_same_size_under_two_checkpoints_are_a_fork(
        self, log: Log, key: SignerKey
    ) -> None:
        records = list(log.records)
        records[4] = accepted_by_another_agency(records[4])
        other = Log(records, key)  # history rewritten and signed again
        assert verify_export(other.export(), key.verifier).ok
        kept = [log.checkpoints[EVERY], log.checkpoints[log.size]]
        failure = only_failure(other.export(), key, earlier=kept)
        assert (failure.check, failure.size) == ("kept_root", log.size)

    def test_a_kept_checkpoint_that_does_not_verify_is_a_failure(
        self, log: Log, key: SignerKey
    ) -> None:
        forged = sign_checkpoint(ORIGIN, EVERY, log_root(log, EVERY), SignerKey.generate("x"))
        report = verify_export(log.export(), key.verifier, earlier=[forged])
        assert [(f.check, f.kept) for f in report.failures] == [("kept_signature", 1)]
        assert report.size_verified == log.size


class TestDecoding:
    def test_erased_cases_still_verify_and_are_listed(
        self, log: Log, key: SignerKey, erased_case: UUID
    ) -> None:
        report = verify_export(log.export(), key.verifier)
        assert report.ok
        assert report.erased_cases == (erased_case,)
        assert json.loads(report.to_json())["erased_cases"] == [str(erased_case)]
        assert str(erased_case) in report.to_text()

    def test_an_undecodable_state_fails_without_quoting_it(self, key: SignerKey) -> None:
        broken = Record(1, uuid4(), 1, "domain.case:Case.CaseOpened", b'{"nombre": "Marisol')
        log = Log([broken], key)
        report = verify_export(log.export(), key.verifier)
        assert [(f.check, f.position) for f in report.failures] == [("decode", 1)]
        assert report.size_verified == 1
        for lang in ("es", "en"):
            assert "Marisol" not in report.to_text(lang) + report.to_json(lang)

    def test_a_line_that_is_not_a_record_is_named_and_the_rest_still_counted(
        self, log: Log, key: SignerKey
    ) -> None:
        lines = log.export()
        lines.insert(2, '{"position": 3}')
        failure = only_failure(lines, key)
        assert (failure.check, failure.line) == ("line", 3)
        report = verify_export(lines, key.verifier)
        assert (report.records, report.lines) == (log.size, len(lines))


def tamperings(log: Log) -> dict[str, list[str]]:
    """An export each way the tests above tamper with one: each fails its own way."""
    edited = list(log.records)
    edited[5] = replace(edited[5], state=edited[5].state.replace(b"{", b"[", 1))
    swapped = log.export()
    swapped[0], swapped[1] = swapped[1], swapped[0]
    unrecorded = log.export()
    unrecorded.insert(
        3, replace(log.records[3], position=log.records[3].position - 1).export_line(None)
    )
    missing = log.export()
    missing[4] = missing_line(log.records[4].position, log.hashes[4])
    shown = log.export()
    fields = json.loads(shown[1])
    fields["topic"] = "domain.case:Case.CaseClosed"
    shown[1] = json.dumps(fields)
    return {
        "faithful": log.export(),
        "edited": log.export(edited),
        "deleted": log.export(log.records[:3] + log.records[4:]),
        "swapped": swapped,
        "unrecorded": unrecorded,
        "missing": missing,
        "fields": shown,
        "not a record": [*log.export()[:2], '{"position": 3}', "", *log.export()[2:]],
    }


class TestWorkerProcesses:
    """Lines checked by worker processes, chunk by chunk, give the very report of one process."""

    def test_every_report_is_the_same_with_workers(
        self, log: Log, key: SignerKey, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(audit_verify, "CHUNK", 3)  # many chunks, boundaries everywhere
        kept = [log.checkpoints[EVERY]]
        for name, lines in tamperings(log).items():
            alone = verify_export(lines, key.verifier, earlier=kept)
            assert alone.ok == (name == "faithful"), (name, alone.failures)
            assert verify_export(lines, key.verifier, earlier=kept, jobs=2) == alone, name
            if name == "faithful":
                assert alone.erased_cases


class TestReport:
    def test_the_report_never_shows_personal_data_or_state(
        self, hub: Hub, log: Log, key: SignerKey
    ) -> None:
        lines = log.export()
        lines[3] = "not json"
        sealed = [
            value["_data_"]["ciphertext"]
            for record in log.records
            for value in sealed_values(json.loads(record.state))
        ]
        assert sealed
        for report in (
            verify_export(log.export(), key.verifier),
            verify_export(lines, key.verifier),
        ):
            for lang in ("es", "en"):
                shown = report.to_text(lang) + report.to_json(lang)
                assert not any(ciphertext in shown for ciphertext in sealed)
                assert "Benito Juárez" not in shown

    def test_the_report_is_spanish_by_default_and_english_on_request(
        self, log: Log, key: SignerKey
    ) -> None:
        records = list(log.records)
        records[5] = replace(records[5], state=records[5].state + b" ")
        report = verify_export(log.export(records), key.verifier)
        assert report.to_text().startswith("Verificación del registro de auditoría: FALLÓ.")
        # The record is of a case opened earlier in the export: its folio is named too.
        assert f"posición {records[5].position}, expediente QR-" in report.to_text()
        assert report.to_text("en").startswith("Audit log verification: FAILED.")
        assert f"position {records[5].position}, case QR-" in report.to_text("en")
        data = json.loads(report.to_json())
        assert data["ok"] is False
        assert data["failures"][0]["position"] == records[5].position
        assert data["failures"][0]["check"] == "leaf_hash"
        assert set(data) >= {"records", "size_verified", "checkpoints", "erased_cases"}
        assert set(data) >= {"unvouched", "failures", "origin"}


def sealed_values(value: object) -> Iterator[dict[str, dict[str, str]]]:
    if isinstance(value, dict):
        if value.get("_type_") == "ruta.sealed":
            yield value
        for item in value.values():
            yield from sealed_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from sealed_values(item)


class TestMemory:
    RECORDS = 200_000
    SPACING = 2_000  # a checkpoint every so many records

    def generated_export(self, key: SignerKey, state: bytes) -> Iterator[str]:
        """A long export made on the fly: no record outlives its line."""
        tree = RootAccumulator()
        case_id = uuid4()
        for position in range(1, self.RECORDS + 1):
            record = Record(position, case_id, position, "domain.case:Case.RiskAssessed", state)
            value = leaf_hash(record.leaf())
            tree.append(value)
            yield record.export_line(value)
            if position % self.SPACING == 0:
                note = sign_checkpoint(ORIGIN, tree.size, tree.root(), key)
                yield checkpoint_line(note)

    def test_a_long_export_verifies_in_memory_of_its_logarithm(
        self, log: Log, key: SignerKey
    ) -> None:
        state = log.records[4].state  # a real stored event: a referral accepted
        verifier = ExportVerifier(key.verifier)
        held: list[int] = []
        before = 0
        tracing_from = self.RECORDS - self.SPACING
        for number, line in enumerate(self.generated_export(key, state), start=1):
            verifier.read(number, line)
            size = verifier.computed.size
            if size == tracing_from and not tracemalloc.is_tracing():
                tracemalloc.start()
                before, _ = tracemalloc.get_traced_memory()
            if size % self.SPACING == 0 and line.startswith('{"checkpoint"'):
                held.append(tree_bytes(verifier))
                # What the right edge holds: one hash per 1-bit of the size, O(log n).
                assert held[-1] <= 150 + 35 * size.bit_length()
        after, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        report = verifier.report()
        assert report.ok, report.failures
        assert report.size_verified == self.RECORDS
        assert len(held) == self.RECORDS // self.SPACING
        # The last records read left nothing behind (a line or a record kept is 300+ bytes).
        assert after - before < 64_000


def tree_bytes(verifier: ExportVerifier) -> int:
    return len(pickle.dumps(verifier.computed))
