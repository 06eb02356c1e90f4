"""Custody: only the custodian hands over, it passes on acknowledgement, one handoff at a time."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.actor import Actor
from domain.custody import HandoffStatus
from domain.errors import (
    AlreadyInCustody,
    CannotHoldCustody,
    ChildNeedsCustodian,
    ConsentNotCovering,
    CustodyOnlyByAcknowledgement,
    HandoffAlreadyOpen,
    HandoffNotOpen,
    NobodyInCustody,
    NotForChildren,
    NotInvolved,
    NotTheCustodian,
    NotTheReceiver,
    SelfAddressed,
    UnknownAgency,
    WhereaboutsKnown,
    WhereaboutsUnknown,
)
from domain.hub import Hub
from tests.builders import DIF, FGE, IQM, PPNNA, SEDETUR, SSC, open_adult, open_child


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm", "sesa"], ["shelter", "medical"])
    return case_id


def serving(hub: Hub, case_id: UUID, agency: str, service: str) -> None:
    """Make ``agency`` involved in the case: a referral to it, accepted."""
    with hub.acting_as(SEDETUR):
        referral = hub.issue_referral(case_id, agency, service)
    with hub.acting_as(Actor(agency, f"{agency}-01")):
        hub.accept_referral(case_id, referral.id)


def test_only_the_current_custodian_initiates_a_handoff(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(DIF), pytest.raises(NotInvolved):
        hub.initiate_handoff(case_id, "iqm")
    serving(hub, case_id, "dif", "shelter")
    with hub.acting_as(DIF), pytest.raises(NotTheCustodian):
        hub.initiate_handoff(case_id, "iqm")
    with hub.acting_as(SEDETUR):
        hub.initiate_handoff(case_id, "dif", place="Oficina de inspección, Cancún")
    assert hub.get_case(case_id).custody.open_handoff() is not None


def test_custody_changes_only_when_the_handoff_is_acknowledged(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        handoff = hub.initiate_handoff(case_id, "dif")
    assert hub.get_case(case_id).custody.custodian == "sedetur"
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
    custody = hub.get_case(case_id).custody
    assert custody.custodian == "dif"
    assert custody.held_by == ["sedetur", "dif"]
    assert custody.handoffs[0].status == HandoffStatus.ACKNOWLEDGED


def test_one_handoff_is_open_at_a_time(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        hub.initiate_handoff(case_id, "dif")
        with pytest.raises(HandoffAlreadyOpen):
            hub.initiate_handoff(case_id, "iqm")


def test_only_the_receiving_agency_acknowledges_or_refuses(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        handoff = hub.initiate_handoff(case_id, "dif")
    with hub.acting_as(IQM), pytest.raises(NotTheReceiver):
        hub.acknowledge_handoff(case_id, handoff.id)
    with hub.acting_as(SEDETUR), pytest.raises(NotTheReceiver):
        hub.refuse_handoff(case_id, handoff.id, "no_capacity")


def test_a_refused_handoff_leaves_custody_where_it_was(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        handoff = hub.initiate_handoff(case_id, "iqm")
    with hub.acting_as(IQM):
        hub.refuse_handoff(case_id, handoff.id, "no_capacity")
        with pytest.raises(HandoffNotOpen):
            hub.acknowledge_handoff(case_id, handoff.id)
    custody = hub.get_case(case_id).custody
    assert custody.custodian == "sedetur"
    assert custody.open_handoff() is None
    with hub.acting_as(SEDETUR):
        hub.initiate_handoff(case_id, "dif")  # re-routed the same day


def test_a_handoff_goes_only_to_an_agency_that_may_hold_custody(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        with pytest.raises(CannotHoldCustody):
            hub.initiate_handoff(case_id, "sesa")
        with pytest.raises(SelfAddressed):
            hub.initiate_handoff(case_id, "sedetur")


def test_a_handoff_outside_consent_needs_a_legal_basis(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR):
        with pytest.raises(ConsentNotCovering):
            hub.initiate_handoff(case_id, "fge")
        hub.initiate_handoff(case_id, "fge", legal_basis="criminal_investigation")
    assert type(hub.timeline(case_id)[-2]).__name__ == "ConsentOverridden"


def test_a_child_is_handed_only_to_agencies_that_attend_children(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        with pytest.raises(NotForChildren):
            hub.initiate_handoff(case_id, "iqm", legal_basis="child_protection")
        handoff = hub.initiate_handoff(case_id, "dif", legal_basis="child_protection")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
    assert hub.get_case(case_id).custody.custodian == "dif"


def test_a_child_is_never_released_to_nobody(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC), pytest.raises(ChildNeedsCustodian):
        hub.release_custody(case_id, "voluntary_departure")


def test_an_adult_may_leave_care_and_be_taken_in_again(hub: Hub, case_id: UUID) -> None:
    serving(hub, case_id, "dif", "shelter")
    with hub.acting_as(DIF), pytest.raises(NotTheCustodian):
        hub.release_custody(case_id, "voluntary_departure")
    with hub.acting_as(SEDETUR):
        hub.release_custody(case_id, "voluntary_departure")
        with pytest.raises(NobodyInCustody):
            hub.initiate_handoff(case_id, "dif")
        hub.assume_custody(case_id)
        with pytest.raises(AlreadyInCustody):
            hub.assume_custody(case_id)
    assert hub.get_case(case_id).custody.custodian == "sedetur"


def test_whereabouts_unknown_stop_handoffs_until_the_person_is_located(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        handoff = hub.initiate_handoff(case_id, "dif", legal_basis="child_protection")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
        with pytest.raises(WhereaboutsKnown):
            hub.report_located(case_id)
        hub.report_whereabouts_unknown(
            case_id, hub.clock() - timedelta(minutes=5), place="Casa de medio camino"
        )
        with pytest.raises(WhereaboutsUnknown):
            hub.initiate_handoff(case_id, "ppnna")
        with pytest.raises(WhereaboutsUnknown):
            hub.report_whereabouts_unknown(case_id, hub.clock())
        with pytest.raises(CustodyOnlyByAcknowledgement):
            hub.report_located(case_id, custody_with="ssc", place="Terminal de autobuses")
        search = hub.issue_referral(case_id, "ssc", "search", legal_basis="imminent_risk")
    with hub.acting_as(SSC):  # the police on the search find him
        hub.accept_referral(case_id, search.id)
        hub.report_located(case_id, custody_with="ssc", place="Terminal de autobuses")
    custody = hub.get_case(case_id).custody
    assert not custody.whereabouts_unknown
    assert custody.custodian == "ssc"


def test_custody_assumed_only_by_an_agency_that_may_hold_it(hub: Hub) -> None:
    from tests.builders import SESA

    case_id = open_adult(hub, in_custody=False)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["sesa"], ["medical"])
        referral = hub.issue_referral(case_id, "sesa", "medical")
    with hub.acting_as(SESA):
        hub.accept_referral(case_id, referral.id)
        with pytest.raises(CannotHoldCustody):
            hub.assume_custody(case_id)


def test_the_prosecutor_receives_custody_when_the_custodian_hands_over(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        handoff = hub.initiate_handoff(case_id, "fge", legal_basis="criminal_investigation")
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(FGE):
        hub.acknowledge_handoff(case_id, handoff.id)
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
    with hub.acting_as(PPNNA), pytest.raises(NotTheCustodian):
        hub.initiate_handoff(case_id, "dif")


def test_a_handoff_to_an_unknown_agency_is_refused(hub: Hub, case_id: UUID) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(UnknownAgency) as error:
        hub.initiate_handoff(case_id, "atlantis")
    assert error.value.field == "to_agency"
