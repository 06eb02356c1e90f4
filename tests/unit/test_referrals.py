"""Referrals (canalizaciones): issued under consent, answered once, and only by the addressee."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from domain.case import Case
from domain.errors import (
    ConsentNotCovering,
    DeclineNeedsReason,
    DuplicateReferral,
    NotForChildren,
    NotInvolved,
    NotTheAddressee,
    NotTheSender,
    ReferralAlreadyAnswered,
    ReferralNotFound,
    ReferralNotOpen,
    RiskAssessmentRequired,
    SelfAddressed,
    ServiceNotOffered,
    UnknownAgency,
    UnknownCode,
)
from domain.hub import Hub
from domain.referral import ReferralStatus
from tests.builders import DIF, IQM, PPNNA, SEDETUR, SESA, SSC, open_adult, open_child
from tests.fakes import ManualClock


def consented(hub: Hub, agencies: list[str], purposes: list[str]) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, agencies, purposes, informed_in="es")
    return case_id


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    return consented(hub, ["iqm", "dif", "sesa"], ["shelter", "medical", "psychological"])


def test_a_referral_is_issued_pending_with_its_due_time(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "dif", "shelter")
    referral = hub.get_case(case_id).referral(issued.id)
    assert (referral.from_agency, referral.to_agency) == ("sedetur", "dif")
    assert referral.status == ReferralStatus.PENDING
    assert referral.due_at - referral.issued_at == timedelta(hours=24)


def test_an_urgent_referral_is_due_within_the_hour(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "dif", "shelter", urgency="urgent")
    referral = hub.get_case(case_id).referral(issued.id)
    assert referral.due_at - referral.issued_at == timedelta(hours=1)


def test_a_high_risk_case_makes_every_referral_due_within_the_hour(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        hub.assess_risk(case_id, "high")
        issued = hub.issue_referral(case_id, "sesa", "medical")
    referral = hub.get_case(case_id).referral(issued.id)
    assert referral.due_at - referral.issued_at == timedelta(hours=1)


def test_only_the_addressee_can_accept_a_referral(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(IQM), pytest.raises(NotTheAddressee):
        hub.accept_referral(case_id, issued.id)
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, issued.id)
    assert hub.get_case(case_id).referral(issued.id).status == ReferralStatus.ACCEPTED


def test_a_referral_is_answered_once(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, issued.id)
        with pytest.raises(ReferralAlreadyAnswered):
            hub.decline_referral(case_id, issued.id, "no_capacity")
        with pytest.raises(ReferralAlreadyAnswered):
            hub.accept_referral(case_id, issued.id)


def test_a_declined_referral_says_why(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "iqm", "shelter")
    with hub.acting_as(IQM):
        with pytest.raises(DeclineNeedsReason):
            hub.decline_referral(case_id, issued.id, " ")
        with pytest.raises(UnknownCode):
            hub.decline_referral(case_id, issued.id, "too busy")
        hub.decline_referral(case_id, issued.id, "no_capacity", detail="Sin camas libres")
    referral = hub.get_case(case_id).referral(issued.id)
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "no_capacity"


def test_declining_because_no_complaint_was_filed_is_recorded_as_it_happened(
    hub: Hub, case_id: UUID
) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "iqm", "shelter")
    with hub.acting_as(IQM):
        hub.decline_referral(case_id, issued.id, "no_complaint_filed")
    assert hub.get_case(case_id).referral(issued.id).decline_reason == "no_complaint_filed"


def test_unknown_agencies_and_services_not_offered_are_refused(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        with pytest.raises(UnknownAgency) as unknown:
            hub.issue_referral(case_id, "atlantis", "shelter")
        with pytest.raises(ServiceNotOffered) as not_offered:
            hub.issue_referral(case_id, "sesa", "shelter")
        with pytest.raises(UnknownCode):
            hub.issue_referral(case_id, "dif", "spa_day")
    assert unknown.value.field == not_offered.value.field == "to_agency"


def test_a_referral_outside_consent_needs_a_stated_legal_basis(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(ConsentNotCovering) as refused:
        hub.issue_referral(case_id, "fge", "investigation")
    assert refused.value.field == "legal_basis"
    assert len(hub.timeline(case_id)) == 2


def test_a_stated_legal_basis_is_recorded_as_a_consent_override(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        hub.issue_referral(case_id, "fge", "investigation", legal_basis="imminent_risk")
    events = hub.timeline(case_id)[-2:]
    assert [type(e).__name__ for e in events] == ["ConsentOverridden", "ReferralIssued"]
    assert events[0].legal_basis == "imminent_risk"  # type: ignore[attr-defined]


def test_a_childs_case_is_referred_to_ppnna_without_consent(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        issued = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    events = hub.timeline(case_id)
    assert [type(e).__name__ for e in events] == ["CaseOpened", "ReferralIssued"]
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, issued.id)


def test_a_childs_case_is_not_referred_to_an_agency_that_does_not_attend_children(
    hub: Hub,
) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC), pytest.raises(NotForChildren):
        hub.issue_referral(case_id, "iqm", "shelter", legal_basis="child_protection")


def test_the_same_service_is_not_asked_twice_of_one_agency_at_once(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        first = hub.issue_referral(case_id, "dif", "shelter")
        with pytest.raises(DuplicateReferral):
            hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.decline_referral(case_id, first.id, "no_capacity")
    with hub.acting_as(SEDETUR):
        hub.issue_referral(case_id, "dif", "shelter")


def test_an_agency_does_not_refer_to_itself(hub: Hub) -> None:
    case_id = open_adult(hub, by=DIF)
    with hub.acting_as(DIF):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        with pytest.raises(SelfAddressed):
            hub.issue_referral(case_id, "dif", "shelter")


def test_an_uninvolved_agency_cannot_refer_the_case(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SESA), pytest.raises(NotInvolved):
        hub.issue_referral(case_id, "dif", "shelter")


def test_only_the_sender_withdraws_an_open_referral(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF), pytest.raises(NotTheSender):
        hub.withdraw_referral(case_id, issued.id, "no_longer_needed")
    with hub.acting_as(SEDETUR):
        hub.withdraw_referral(case_id, issued.id, "no_longer_needed")
        with pytest.raises(ReferralNotOpen):
            hub.withdraw_referral(case_id, issued.id, "no_longer_needed")
    assert hub.get_case(case_id).referral(issued.id).status == ReferralStatus.WITHDRAWN


def test_a_referral_is_completed_by_its_addressee_after_acceptance(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "sesa", "medical")
    with hub.acting_as(SESA):
        with pytest.raises(ReferralNotOpen):
            hub.complete_referral(case_id, issued.id)
        hub.accept_referral(case_id, issued.id)
        hub.complete_referral(case_id, issued.id)
    assert hub.get_case(case_id).referral(issued.id).status == ReferralStatus.COMPLETED


def test_an_unknown_referral_is_not_found(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(DIF), pytest.raises(ReferralNotFound):
        hub.accept_referral(case_id, uuid4())


def test_an_assisted_return_is_arranged_only_after_a_risk_assessment(hub: Hub) -> None:
    case_id = consented(hub, ["oim"], ["assisted_return"])
    with hub.acting_as(SEDETUR):
        # She asks to return within the reflection period: her own decision (return gate).
        hub.record_return_request(case_id)
        with pytest.raises(RiskAssessmentRequired):
            hub.issue_referral(case_id, "oim", "assisted_return")
        hub.assess_risk(case_id, "low")
        hub.screen_for_protection(case_id, "declined")  # LRPCAP art. 6: see test_protection.py
        hub.issue_referral(case_id, "oim", "assisted_return")


def test_the_answer_time_is_the_time_of_the_answer(
    hub: Hub, case_id: UUID, clock: ManualClock
) -> None:
    with hub.acting_as(SEDETUR):
        issued = hub.issue_referral(case_id, "dif", "shelter")
    answered_at = clock.advance(minutes=42)
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, issued.id)
    referral = hub.get_case(case_id).referral(issued.id)
    assert referral.answered_at == answered_at
    assert isinstance(hub.get_case(case_id), Case)
