"""Need to know, decided per account and case: the rows of DESIGN.md's table."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.access import CaseAccess, Level, may_observe, may_write_cases, sees_all_cases
from domain.actor import Actor, Role
from domain.hub import Hub
from domain.personal_data import PersonalField
from tests.builders import (
    COMMISSION,
    DIF,
    FGE,
    PPNNA,
    SEDETUR,
    SEQ,
    SSC,
    open_adult,
    open_child,
)

AUDITOR = Actor("segob", "auditoria-01", frozenset({Role.AUDITOR}))


def access(hub: Hub, who: Actor, case_id: UUID) -> CaseAccess:
    return CaseAccess(who, hub.catalogue.get(who.agency), hub.get_case(case_id))


@pytest.fixture
def sheltered(hub: Hub) -> UUID:
    """Scenario 1 so far: SEDETUR detected her, DIF shelters her, FGE not yet covered."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm"], ["shelter", "psychological"])
        referral = hub.issue_referral(case_id, "dif", "shelter")
        handoff = hub.initiate_handoff(case_id, "dif")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
        hub.acknowledge_handoff(case_id, handoff.id)
        hub.start_measure(case_id, "shelter", "dif", location="CAT")
    return case_id


def test_an_uninvolved_agency_cannot_tell_the_case_exists(hub: Hub, sheltered: UUID) -> None:
    assert access(hub, SSC, sheltered).level == Level.NONE
    assert access(hub, SSC, sheltered).personal_fields() == frozenset()


def test_the_detecting_agency_gets_a_receipt_and_never_the_shelter_location(
    hub: Hub, sheltered: UUID
) -> None:
    decision = access(hub, SEDETUR, sheltered)
    assert decision.level == Level.RECEIPT
    measure = hub.get_case(sheltered).measures[0]
    assert not decision.sees_location(measure)
    assert decision.reported_fields() == {
        PersonalField.FULL_NAME,
        PersonalField.ALIASES,
        PersonalField.DATE_OF_BIRTH,
        PersonalField.NARRATIVE,
    }


def test_the_shelter_sees_identity_and_location_while_involved(hub: Hub, sheltered: UUID) -> None:
    decision = access(hub, DIF, sheltered)
    assert decision.level == Level.METADATA
    assert PersonalField.FULL_NAME in decision.personal_fields()
    assert PersonalField.NARRATIVE not in decision.personal_fields()
    assert decision.sees_location(hub.get_case(sheltered).measures[0])


def test_the_commission_sees_everything_but_personal_data(hub: Hub, sheltered: UUID) -> None:
    decision = access(hub, COMMISSION, sheltered)
    assert decision.level == Level.FULL
    assert decision.personal_fields() == frozenset()
    assert decision.reported_fields() == frozenset()
    assert not decision.sees_location(hub.get_case(sheltered).measures[0])
    assert may_observe(COMMISSION, hub.catalogue.get("cdheqroo"))
    assert not may_write_cases(COMMISSION)


def test_auditors_see_every_case_sealed(hub: Hub, sheltered: UUID) -> None:
    decision = access(hub, AUDITOR, sheltered)
    assert decision.level == Level.FULL
    assert decision.personal_fields() == frozenset()
    assert sees_all_cases(AUDITOR, hub.catalogue.get("segob"))
    assert not may_write_cases(AUDITOR)


def test_the_prosecutor_sees_identity_only_once_she_files(hub: Hub, sheltered: UUID) -> None:
    with hub.acting_as(DIF):
        hub.record_complaint_decision(sheltered, "declined")
    assert access(hub, FGE, sheltered).level == Level.NONE
    with hub.acting_as(DIF):
        hub.record_complaint_decision(sheltered, "filed", with_agency="fge")
        referral = hub.issue_referral(sheltered, "fge", "investigation")
    with hub.acting_as(FGE):
        hub.accept_referral(sheltered, referral.id)
    decision = access(hub, FGE, sheltered)
    assert decision.level == Level.METADATA
    assert decision.personal_fields() >= {PersonalField.FULL_NAME, PersonalField.NARRATIVE}
    assert not decision.sees_location(hub.get_case(sheltered).measures[0])


def test_a_custodian_sees_more_than_a_receipt(hub: Hub) -> None:
    case_id = open_adult(hub)
    assert access(hub, SEDETUR, case_id).level == Level.METADATA


def test_ppnna_represents_a_child_and_sees_everything(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    assert access(hub, PPNNA, case_id).level == Level.FULL
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
    decision = access(hub, PPNNA, case_id)
    assert decision.personal_fields() == frozenset(PersonalField)


def test_police_see_what_the_search_needs_and_only_during_it(hub: Hub) -> None:
    case_id = open_child(hub, by=DIF)
    with hub.acting_as(DIF):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
    with hub.acting_as(DIF):
        hub.start_measure(case_id, "shelter", "dif", location="Casa de medio camino")
        search = hub.issue_referral(case_id, "ssc", "search", urgency="urgent")
    assert access(hub, SSC, case_id).personal_fields() == frozenset()
    with hub.acting_as(SSC):
        hub.accept_referral(case_id, search.id)
    on_task = access(hub, SSC, case_id)
    assert on_task.personal_fields() == {
        PersonalField.FULL_NAME,
        PersonalField.ALIASES,
        PersonalField.DATE_OF_BIRTH,
        PersonalField.PHOTOS,
    }
    assert on_task.sees_whereabouts()
    with hub.acting_as(SSC):
        hub.complete_referral(case_id, search.id)
    after = access(hub, SSC, case_id)
    assert after.personal_fields() == frozenset()
    assert not after.sees_location(hub.get_case(case_id).measures[0])


def test_an_education_agency_need_not_know_it_is_trafficking(hub: Hub) -> None:
    case_id = open_child(hub, by=DIF)
    with hub.acting_as(DIF):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
        school = hub.issue_referral(case_id, "seq", "education")
    with hub.acting_as(SEQ):
        hub.accept_referral(case_id, school.id)
    decision = access(hub, SEQ, case_id)
    assert decision.level == Level.MINIMAL
    assert decision.personal_fields() == frozenset()
    case = hub.get_case(case_id)
    assert decision.sees_referral(case.referral(school.id))
    assert not decision.sees_referral(case.referral(referral.id))


def test_accounts_without_a_case_role_see_nothing(hub: Hub, sheltered: UUID) -> None:
    admin_of_dif = Actor("dif", "admin-dif", frozenset({Role.ADMIN}))
    assert access(hub, admin_of_dif, sheltered).level == Level.NONE


def test_the_last_custodian_leads_a_case_nobody_holds_and_sees_its_route(
    hub: Hub, sheltered: UUID
) -> None:
    """She leaves DIF's care: DIF leads the case (it may close it), so it reads the route."""
    with hub.acting_as(DIF):
        hub.release_custody(sheltered, "voluntary_departure")
    case = hub.get_case(sheltered)
    assert case.lead() == "dif"
    assert access(hub, DIF, sheltered).level == Level.METADATA
    assert access(hub, SEDETUR, sheltered).level == Level.RECEIPT


def test_ppnna_that_detected_a_child_stays_the_legal_representative_after_handing_on(
    hub: Hub,
) -> None:
    case_id = open_child(hub, by=PPNNA, in_custody=True)
    with hub.acting_as(PPNNA):
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
        handoff = hub.initiate_handoff(case_id, "dif")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
    decision = access(hub, PPNNA, case_id)
    assert decision.level == Level.FULL
    assert decision.personal_fields() == frozenset(PersonalField)
    with hub.acting_as(PPNNA):  # and it writes as the child's representative
        hub.assess_age(case_id, "child", 15, "ppnna_determination")
