"""Keyed commands record nothing twice, and the first answer can be found again."""

from __future__ import annotations

import pytest

from domain.actor import IdempotencyKey
from domain.errors import ConcurrentUpdate, UnknownCode
from domain.hub import Hub
from tests.builders import DIF, SEDETUR, adult_report, open_adult


def test_a_keyed_command_keeps_its_first_answer(hub: Hub) -> None:
    case_id = open_adult(hub)
    key = IdempotencyKey("clave-1", "huella-1")
    with hub.acting_as(SEDETUR, idempotency=key):
        hub.record_consent(case_id, ["dif"], ["shelter"])
    with hub.acting_as(SEDETUR, idempotency=key), pytest.raises(ConcurrentUpdate):
        hub.issue_referral(case_id, "dif", "shelter")
    outcome = hub.command_outcome(SEDETUR.account, "clave-1")
    assert outcome is not None
    assert outcome.fingerprint == "huella-1"
    assert outcome.outcome == {}  # the consent, the first command sent with this key
    assert hub.get_case(case_id).referrals == []


def test_the_outcome_names_what_the_command_created_and_its_position(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
    with hub.acting_as(SEDETUR, idempotency=IdempotencyKey("k", "f")):
        referral = hub.issue_referral(case_id, "dif", "shelter")
    outcome = hub.command_outcome(SEDETUR.account, "k")
    assert outcome is not None
    assert outcome.outcome == {"referral_id": str(referral.id)}
    assert outcome.position == referral.position


def test_a_retry_with_the_same_key_records_nothing(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
    key = IdempotencyKey("reintento", "f")
    with hub.acting_as(SEDETUR, idempotency=key):
        hub.issue_referral(case_id, "dif", "shelter")
    before = hub.recorder.max_notification_id()
    with hub.acting_as(SEDETUR, idempotency=key), pytest.raises(ConcurrentUpdate):
        hub.assess_risk(case_id, "high")
    assert hub.recorder.max_notification_id() == before
    assert hub.get_case(case_id).risk_level is None


def test_an_opening_with_a_key_remembers_the_case_and_its_folio(hub: Hub) -> None:
    with hub.acting_as(SEDETUR, idempotency=IdempotencyKey("alta", "f")):
        opened = hub.open_case(adult_report(hub.clock()))
    outcome = hub.command_outcome(SEDETUR.account, "alta")
    assert outcome is not None
    assert outcome.outcome == {"case_id": str(opened.case_id), "folio": opened.folio}
    assert outcome.position == opened.position
    with (
        hub.acting_as(SEDETUR, idempotency=IdempotencyKey("alta", "f")),
        pytest.raises(ConcurrentUpdate),
    ):
        hub.open_case(adult_report(hub.clock()))


def test_keys_belong_to_one_account(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        referral = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(SEDETUR, idempotency=IdempotencyKey("misma", "f")):
        hub.assess_risk(case_id, "low")
    with hub.acting_as(DIF, idempotency=IdempotencyKey("misma", "g")):
        hub.accept_referral(case_id, referral.id)
    assert hub.command_outcome(DIF.account, "misma") is not None
    assert hub.command_outcome("nobody", "misma") is None


def test_disclosures_are_recorded_and_listed_for_auditors(hub: Hub) -> None:
    first, second = open_adult(hub), open_adult(hub)
    with hub.acting_as(DIF):
        hub.record_disclosure(first, "shelter", ["personal_data.full_name"])
        hub.record_disclosure(second, "care", ["personal_data.full_name", "measure.location"])
        with pytest.raises(UnknownCode) as error:
            hub.record_disclosure(first, "curiosity", [])
    assert error.value.field == "X-Ruta-Purpose"
    log = hub.access_log()
    assert [(e.case_id, e.purpose, e.account) for e in log] == [
        (first, "shelter", DIF.account),
        (second, "care", DIF.account),
    ]
    assert hub.access_log(case_id=second)[0].labels == (
        "personal_data.full_name",
        "measure.location",
    )
    assert hub.access_log(after=log[0].position) == log[1:]
