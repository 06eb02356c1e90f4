"""The chain of custody from the events alone, now and as it stood at any past moment."""

from __future__ import annotations

import copy
from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import CaseNotFound
from domain.hub import Hub
from tests.builders import DIF, IQM, PPNNA, SEDETUR, SSC, open_adult, open_child
from tests.fakes import ManualClock


def sheltered(hub: Hub, clock: ManualClock) -> tuple[UUID, UUID]:
    """Scenario 1: SEDETUR holds her from the detection, hands her to DIF 40 minutes later."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm"], ["shelter"])
        referral = hub.issue_referral(case_id, "dif", "shelter")
        clock.advance(minutes=10)
        handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
    clock.advance(minutes=30)
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
        hub.acknowledge_handoff(case_id, handoff.id)
    return case_id, handoff.id


def test_custody_runs_from_the_detection_through_each_acknowledged_handoff(
    hub: Hub, clock: ManualClock
) -> None:
    case_id, handoff_id = sheltered(hub, clock)
    chain = hub.custody(case_id)
    first, second = chain.intervals
    detection = hub.get_case(case_id).detection
    assert (first.agency, first.started_at, first.began_with) == (
        "sedetur",
        detection.detected_at,
        "detection",
    )
    assert (first.ended_at, first.ended_with, first.ended_handoff) == (
        clock.now,
        "handoff",
        handoff_id,
    )
    assert (second.agency, second.started_at, second.began_handoff) == (
        "dif",
        clock.now,
        handoff_id,
    )
    assert second.acknowledged_by == DIF.account
    assert second.ended_at is None
    assert chain.current_custodian == "dif"
    assert chain.gaps == ()
    assert chain.pending_handoffs == ()


def test_a_handoff_waiting_for_acknowledgement_is_pending_and_a_gap(
    hub: Hub, clock: ManualClock
) -> None:
    case_id, _ = sheltered(hub, clock)
    with hub.acting_as(DIF):
        handoff = hub.initiate_handoff(case_id, "iqm")
    chain = hub.custody(case_id)
    (pending,) = chain.pending_handoffs
    assert (pending.handoff_id, pending.from_agency, pending.to_agency) == (
        handoff.id,
        "dif",
        "iqm",
    )
    (gap,) = chain.gaps
    assert (gap.kind, gap.handoff_id, gap.ended_at) == ("handoff_pending", handoff.id, None)
    assert chain.current_custodian == "dif"
    with hub.acting_as(IQM):
        hub.refuse_handoff(case_id, handoff.id, "no_capacity")
    after = hub.custody(case_id)
    assert after.gaps == ()
    assert after.current_custodian == "dif"


def test_nobody_holding_a_person_who_was_held_is_a_gap_until_someone_takes_her_in(
    hub: Hub, clock: ManualClock
) -> None:
    case_id, _ = sheltered(hub, clock)
    clock.advance(days=2)
    with hub.acting_as(DIF):
        hub.release_custody(case_id, "voluntary_departure")
    released_at = clock.now
    (gap,) = hub.custody(case_id).gaps
    assert (gap.kind, gap.started_at, gap.agency, gap.reason) == (
        "no_custodian",
        released_at,
        "dif",
        "voluntary_departure",
    )
    assert hub.custody(case_id).current_custodian is None
    clock.advance(days=1)
    with hub.acting_as(DIF):
        hub.assume_custody(case_id)
    chain = hub.custody(case_id)
    assert chain.gaps[0].ended_at == clock.now
    assert [i.began_with for i in chain.intervals] == ["detection", "handoff", "assumed"]


def test_a_missing_person_is_a_gap_from_when_last_seen_until_located(
    hub: Hub, clock: ManualClock
) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
    clock.advance(hours=5)
    with hub.acting_as(SSC):
        last_seen = clock.now - timedelta(minutes=40)
        hub.report_whereabouts_unknown(case_id, last_seen)
    clock.advance(hours=3)
    with hub.acting_as(SSC):
        hub.report_located(case_id, custody_with="ssc")
    (gap,) = hub.custody(case_id).gaps
    assert (gap.kind, gap.started_at, gap.ended_at, gap.agency) == (
        "whereabouts_unknown",
        last_seen,
        clock.now,
        "ssc",
    )


def test_a_person_never_held_has_no_chain(hub: Hub) -> None:
    case_id = open_adult(hub, in_custody=False)
    chain = hub.custody(case_id)
    assert chain.intervals == ()
    assert chain.gaps == ()
    assert chain.current_custodian is None


def test_the_case_and_its_custody_as_of_a_past_moment_are_as_they_stood_then(
    hub: Hub, clock: ManualClock
) -> None:
    case_id = open_adult(hub)
    moments = {}
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "fge"], ["shelter", "investigation"])
        clock.advance(minutes=5)
        moments["consented"] = (clock.now, copy.deepcopy(hub.get_case(case_id)))
        clock.advance(minutes=5)
        referral = hub.issue_referral(case_id, "dif", "shelter")
        handoff = hub.initiate_handoff(case_id, "dif")
    clock.advance(minutes=20)
    moments["in_transit"] = (clock.now, copy.deepcopy(hub.get_case(case_id)))
    custody_in_transit = hub.custody(case_id)
    clock.advance(minutes=20)
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
        hub.acknowledge_handoff(case_id, handoff.id)
    clock.advance(hours=2)
    with hub.acting_as(DIF):
        hub.start_measure(case_id, "shelter", "dif")
        hub.issue_referral(case_id, "fge", "investigation")
    for name, (at, captured) in moments.items():
        assert hub.case_as_of(case_id, at) == captured, name
    assert hub.custody(case_id, at=moments["in_transit"][0]) == custody_in_transit
    assert hub.case_as_of(case_id, clock.now) == hub.get_case(case_id)


def test_before_its_detection_was_recorded_the_case_did_not_exist(
    hub: Hub, clock: ManualClock
) -> None:
    before = clock.now - timedelta(seconds=1)
    case_id = open_adult(hub)
    with pytest.raises(CaseNotFound):
        hub.case_as_of(case_id, before)
    with pytest.raises(CaseNotFound):
        hub.custody(case_id, at=before)
