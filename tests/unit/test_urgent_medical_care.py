"""Urgent medical care after sexual violence: offered in time, whatever the person answers.

NOM-046-SSA2-2005 ("Violencia familiar, sexual y contra las mujeres. Criterios para la prevención
y atención"), 6.4.2: sexual violence is a medical emergency; antiretroviral prophylaxis within
72 hours (NOM-010-SSA2-2010) and emergency contraception up to 120 hours after the event
(6.4.2.3) are offered at once, and the person decides. Ruta records the offer and the answer
(``UrgentMedicalCareOffered``) and raises ``urgent_medical_care_not_offered`` when a case whose
detection names sexual exploitation has no offer within the limit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain import case_events
from domain.access import CaseAccess
from domain.errors import (
    NotAttendingThePerson,
    NotInvolved,
    TimeInFuture,
    TimeOutOfOrder,
    UnknownCode,
)
from domain.hub import Hub
from domain.review_rules import ReviewLimits, Rule, is_open
from queries.timeline import read_timeline
from tests.builders import DIF, IQM, SEDETUR, SESA, open_adult
from tests.fakes import ManualClock
from tests.unit.review_story import TICK, findings, of, the

HOUR = timedelta(hours=1)


def offers(hub: Hub, case_id: UUID) -> list[Any]:
    return [e for e in hub.timeline(case_id) if isinstance(e, case_events.UrgentMedicalCareOffered)]


def test_a_sexual_exploitation_case_with_no_offer_is_a_high_finding_72_hours_after_detection(
    hub: Hub, clock: ManualClock
) -> None:
    """NOM-046-SSA2-2005, 6.4.2 (with NOM-010-SSA2-2010): antiretroviral prophylaxis within 72 h,
    the earliest of the two limits; the tourism inspectors who hold her lead the case."""
    case_id = open_adult(hub)
    detected_at = hub.get_case(case_id).detection.detected_at
    finding = the(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id))
    assert (finding.agency, finding.severity) == ("sedetur", "high")
    assert (finding.since, finding.resolved_at) == (detected_at + 72 * HOUR, None)
    assert not is_open(finding, detected_at + 72 * HOUR - TICK)
    assert is_open(finding, detected_at + 200 * HOUR)


def test_an_offer_the_person_declines_within_the_limit_leaves_no_finding(
    hub: Hub, clock: ManualClock
) -> None:
    """NOM-046-SSA2-2005, 6.4.2.3: offered "previa información completa", for "una decisión libre
    e informada": the person may decline, and offering is what the rule checks."""
    case_id = open_adult(hub)
    clock.advance(hours=5)
    with hub.acting_as(SEDETUR):
        hub.offer_urgent_medical_care(case_id, "declined")
    assert of(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id)) == []
    (offered,) = offers(hub, case_id)
    assert str(offered.answer) == "declined"


def test_a_late_offer_resolves_the_finding_when_it_was_made_and_a_late_record_does_not_count(
    hub: Hub, clock: ManualClock
) -> None:
    """NOM-046-SSA2-2005, 6.4.2: what counts is when care was offered (``offered_at``), which may
    be recorded after the fact; offered after 72 h, the finding stands until then."""
    late = open_adult(hub)
    detected_at = hub.get_case(late).detection.detected_at
    clock.now = detected_at + 80 * HOUR
    with hub.acting_as(SEDETUR):
        hub.offer_urgent_medical_care(late, "accepted")
    finding = the(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, late))
    assert (finding.since, finding.resolved_at) == (detected_at + 72 * HOUR, clock.now)

    in_time = open_adult(hub)
    detected_at = hub.get_case(in_time).detection.detected_at
    clock.now = detected_at + 90 * HOUR  # recorded late, offered at the clinic at 30 h
    with hub.acting_as(SEDETUR):
        hub.offer_urgent_medical_care(in_time, "accepted", offered_at=detected_at + 30 * HOUR)
    assert of(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, in_time)) == []


def test_a_case_that_names_no_sexual_exploitation_is_owed_no_finding(hub: Hub) -> None:
    """NOM-046-SSA2-2005 is the rule of sexual violence: a labour case is not watched (care may
    still be offered and recorded, as in any case)."""
    case_id = open_adult(hub, exploitation_forms=["labour"], sex="male")
    assert of(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id)) == []
    with hub.acting_as(SEDETUR):
        hub.offer_urgent_medical_care(case_id, "accepted")
    assert of(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id)) == []


def test_the_lead_when_the_limit_passed_answers_for_it(hub: Hub, clock: ManualClock) -> None:
    """NOM-046-SSA2-2005, 6.4.2: care is owed at once; the agency leading the case (the custodian)
    when the 72 hours passed is the one that failed to offer it, not whoever holds her later."""
    case_id = open_adult(hub)
    detected_at = hub.get_case(case_id).detection.detected_at
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm"], ["shelter"])
        handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)  # DIF holds her from the second hour
    clock.now = detected_at + 100 * HOUR
    with hub.acting_as(DIF):
        hub.initiate_handoff(case_id, "iqm", place="Oficina ficticia")
    with hub.acting_as(IQM):
        hub.acknowledge_handoff(case_id, hub.get_case(case_id).custody.handoffs[-1].id)
    finding = the(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id))
    assert finding.agency == "dif"
    # As the case stood before the handoff to IQM, the finding was DIF's too.
    before = findings(hub, case_id, until=detected_at + 99 * HOUR)
    assert the(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, before).agency == "dif"


def test_the_limits_are_configurable_and_the_earliest_of_the_two_applies(hub: Hub) -> None:
    """NOM-046-SSA2-2005, 6.4.2.3 (emergency contraception, 120 h) and 6.4.2 with
    NOM-010-SSA2-2010 (prophylaxis, 72 h): one offer of urgent care, owed by the earliest."""
    case_id = open_adult(hub)
    detected_at = hub.get_case(case_id).detection.detected_at
    assert ReviewLimits().antiretroviral_prophylaxis == 72 * HOUR
    assert ReviewLimits().emergency_contraception == 120 * HOUR
    limits = ReviewLimits(antiretroviral_prophylaxis=150 * HOUR)
    finding = the(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id, limits))
    assert finding.since == detected_at + 120 * HOUR


def test_closing_the_case_ends_the_watch(hub: Hub, clock: ManualClock) -> None:
    """NOM-046-SSA2-2005, 6.4.2: a closed case records nothing else, so closing ends the watch;
    closed after the 72 hours, the finding stays in the history, resolved at the closing."""
    case_id = open_adult(hub, in_custody=False)
    detected_at = hub.get_case(case_id).detection.detected_at
    clock.now = detected_at + 96 * HOUR
    with hub.acting_as(SEDETUR):
        hub.close_case(case_id, "person_declined_services")
    finding = the(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id))
    assert (finding.since, finding.resolved_at) == (detected_at + 72 * HOUR, clock.now)


def test_only_an_agency_attending_the_person_records_the_offer(hub: Hub) -> None:
    """NOM-046-SSA2-2005, 6.4.2: care is offered by whoever attends the person: the lead, or a
    service attending her under an accepted referral (Salud, once it accepts)."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["sesa"], ["medical"])
        referral = hub.issue_referral(case_id, "sesa", "medical", urgency="urgent")
    with hub.acting_as(SESA), pytest.raises(NotAttendingThePerson):
        hub.offer_urgent_medical_care(case_id, "accepted")  # asked, not yet attending her
    with hub.acting_as(DIF), pytest.raises(NotInvolved):
        hub.offer_urgent_medical_care(case_id, "accepted")
    with hub.acting_as(SESA):
        hub.accept_referral(case_id, referral.id)
        hub.offer_urgent_medical_care(case_id, "accepted")
    assert of(Rule.URGENT_MEDICAL_CARE_NOT_OFFERED, findings(hub, case_id)) == []


def test_an_offer_is_refused_with_an_unknown_answer_or_a_time_out_of_order(
    hub: Hub, clock: ManualClock
) -> None:
    """NOM-046-SSA2-2005, 6.4.2.3: the answer is the person's (accepted or declined); the time
    of the offer is never in the future nor before the detection."""
    case_id = open_adult(hub)
    detected_at = hub.get_case(case_id).detection.detected_at
    before = len(hub.timeline(case_id))
    with hub.acting_as(SEDETUR):
        with pytest.raises(UnknownCode):
            hub.offer_urgent_medical_care(case_id, "maybe")
        with pytest.raises(TimeInFuture):
            hub.offer_urgent_medical_care(case_id, "accepted", clock.now + HOUR)
        with pytest.raises(TimeOutOfOrder):
            hub.offer_urgent_medical_care(case_id, "accepted", detected_at - HOUR)
    assert len(hub.timeline(case_id)) == before


def test_the_offer_carries_no_clinical_detail_and_the_detecting_agency_reads_none_of_it(
    hub: Hub,
) -> None:
    """NOM-046-SSA2-2005 with NOM-004-SSA3-2012 (the clinical record): health details stay in the
    clinical record; Ruta keeps that care was offered and the answer, shown only to the agencies
    that follow the route, never in the detecting agency's receipt."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
        hub.offer_urgent_medical_care(case_id, "accepted")
    (offered,) = offers(hub, case_id)
    stamp = {"originator_id", "originator_version", "timestamp", "originator_topic"}
    assert set(vars(offered)) - stamp - {"agency", "account", "traceparent"} == {
        "answer",
        "offered_at",
    }
    dif = CaseAccess(DIF, hub.catalogue.get("dif"), hub.get_case(case_id))
    shown = [e for e in read_timeline(hub, dif) if e.type == "urgent_medical_care_offered"]
    assert [set(e.data) for e in shown] == [{"answer", "offered_at"}]
    sedetur = CaseAccess(SEDETUR, hub.catalogue.get("sedetur"), hub.get_case(case_id))
    assert all(e.type != "urgent_medical_care_offered" for e in read_timeline(hub, sedetur))
