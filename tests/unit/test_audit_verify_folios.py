"""The verifier's report names the folio of the case a failing record belongs to, as the
export's own opening of that case states it."""

from __future__ import annotations

import json
from dataclasses import replace
from uuid import UUID

import pytest

from domain.hub import Hub
from merkle.signed_note import SignerKey
from merkle.verifier import verify_export
from tests.builders import DIF, SEDETUR, open_adult
from tests.unit.test_audit_verify import Log, only_failure, stored_records


@pytest.fixture
def key() -> SignerKey:
    return SignerKey.generate("ruta-auditoria")


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
        referral = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
    return case_id


def edited(log: Log, index: int) -> list[str]:
    """The export with one byte of record ``index``'s state changed."""
    records = list(log.records)
    state = bytearray(records[index].state)
    state[len(state) // 2] ^= 0x01
    records[index] = replace(records[index], state=bytes(state))
    return log.export(records)


def test_a_changed_record_of_a_case_is_named_by_its_position_and_the_cases_folio(
    hub: Hub, case_id: UUID, key: SignerKey
) -> None:
    log = Log(stored_records(hub), key)
    index = max(i for i, r in enumerate(log.records) if r.originator_id == case_id)
    assert log.records[index].originator_version > 1  # not the opening itself
    failure = only_failure(edited(log, index), key)
    folio = hub.get_case(case_id).folio
    assert (failure.check, failure.position, failure.folio) == (
        "leaf_hash",
        log.records[index].position,
        folio,
    )
    assert failure.to_json()["folio"] == folio
    assert f"posición {log.records[index].position}, expediente {folio}" in failure.to_text()
    assert f"case {folio}" in failure.to_text("en")
    report = json.loads(verify_export(edited(log, index), key.verifier).to_json())
    assert report["failures"][0]["folio"] == folio


def test_a_changed_record_of_no_case_names_its_position_alone(
    hub: Hub, case_id: UUID, key: SignerKey
) -> None:
    log = Log(stored_records(hub), key)
    # The folio's reservation: it states the folio, but belongs to no case.
    index = next(i for i, r in enumerate(log.records) if r.topic == "ruta.folio:Assigned")
    assert log.records[index].originator_id != case_id
    failure = only_failure(edited(log, index), key)
    assert failure.position == log.records[index].position
    assert failure.folio is None
    assert "folio" not in failure.to_json()
    assert "expediente" not in failure.to_text()
