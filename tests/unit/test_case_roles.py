"""Who may write what in a case: its lead, a child's legal representative, the serving agencies.

Scenario 1 a few hours in: SEDETUR detected her and handed her to DIF (which shelters her and
so leads the case), Salud serves her under an accepted referral, IQM has a referral pending.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.actor import Actor
from domain.case_roles import lead
from domain.errors import (
    CannotHoldCustody,
    NotAttendingThePerson,
    NotInvolved,
    NotTheLead,
    NotTheLegalRepresentative,
    RutaError,
)
from domain.hub import Hub
from tests.builders import (
    DIF,
    FGE,
    IQM,
    OIM,
    PPNNA,
    SEDETUR,
    SEQ,
    SESA,
    SSC,
    STYPS,
    open_adult,
    open_child,
)


@pytest.fixture
def handed_on(hub: Hub) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(
            case_id,
            ["dif", "sesa", "iqm", "oim"],
            ["shelter", "medical", "psychological", "social_support"],
        )
        shelter = hub.issue_referral(case_id, "dif", "shelter")
        medical = hub.issue_referral(case_id, "sesa", "medical")
        hub.issue_referral(case_id, "iqm", "psychological")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, shelter.id)
    with hub.acting_as(SESA):
        hub.accept_referral(case_id, medical.id)
    hand_over(hub, case_id, SEDETUR, DIF)
    return case_id


def hand_over(hub: Hub, case_id: UUID, by: Actor, to: Actor) -> None:
    with hub.acting_as(by):
        handoff = hub.initiate_handoff(case_id, to.agency)
    with hub.acting_as(to):
        hub.acknowledge_handoff(case_id, handoff.id)


def writes(hub: Hub, case_id: UUID) -> dict[str, Callable[[], object]]:
    """One call of each write that the lead, the legal representative or a serving agency
    makes, with a body valid in itself."""
    now = hub.clock()
    return {
        "record_consent": lambda: hub.record_consent(case_id, ["seq"], ["education"]),
        "withdraw_consent": lambda: hub.withdraw_consent(case_id, ["oim"]),
        "assess_age": lambda: hub.assess_age(case_id, "adult", 25, "document"),
        "assess_risk": lambda: hub.assess_risk(case_id, "medium"),
        "complaint_decision": lambda: hub.record_complaint_decision(case_id, "deferred"),
        "issue_referral": lambda: hub.issue_referral(case_id, "oim", "social_support"),
        "amend_personal_data": lambda: hub.amend_personal_data(case_id, {"contact": "Ficticio"}),
        "whereabouts_unknown": lambda: hub.report_whereabouts_unknown(case_id, now),
        "measure_for_another": lambda: hub.start_measure(case_id, "psychological_care", "iqm"),
    }


def outcome(hub: Hub, case_id: UUID, who: Actor, write: str) -> str:
    """``ok``, or the name of the error that refused the write (and then nothing changed)."""
    before = hub.get_case(case_id).version
    try:
        with hub.acting_as(who):
            writes(hub, case_id)[write]()
    except RutaError as refused:
        assert hub.get_case(case_id).version == before
        return type(refused).__name__
    return "ok"


class TestTheLead:
    def test_the_custodian_leads_the_case(self, hub: Hub, handed_on: UUID) -> None:
        assert lead(hub.get_case(handed_on)) == "dif"

    def test_a_case_nobody_ever_held_is_led_by_the_detecting_agency(self, hub: Hub) -> None:
        case_id = open_adult(hub, by=STYPS, in_custody=False)
        assert lead(hub.get_case(case_id)) == "styps"

    def test_when_nobody_holds_custody_the_last_agency_that_held_it_leads(
        self, hub: Hub, handed_on: UUID
    ) -> None:
        hand_over(hub, handed_on, DIF, IQM)
        hand_over(hub, handed_on, IQM, DIF)  # DIF held her before IQM, and again after
        with hub.acting_as(DIF):
            hub.release_custody(handed_on, "voluntary_departure")
        assert lead(hub.get_case(handed_on)) == "dif"
        assert outcome(hub, handed_on, DIF, "assess_age") == "ok"
        assert outcome(hub, handed_on, IQM, "amend_personal_data") == "NotTheLead"


# Each part in the case (the agency of each column) against each write: ``ok``, or the error.
PARTS = {
    "detected, then handed on": SEDETUR,
    "custodian (the lead)": DIF,
    "serving": SESA,
    "referral pending": IQM,
    "uninvolved": STYPS,
}
ATTENDING = ("NotAttendingThePerson", "ok", "ok", "NotAttendingThePerson", "NotInvolved")
LEADING = ("NotTheLead", "ok", "NotTheLead", "NotTheLead", "NotInvolved")
RULES = {
    "record_consent": ATTENDING,
    "withdraw_consent": ATTENDING,
    "assess_age": LEADING,
    "assess_risk": ATTENDING,
    "complaint_decision": ATTENDING,
    "issue_referral": ATTENDING,
    "amend_personal_data": LEADING,
    "whereabouts_unknown": ATTENDING,
    "measure_for_another": (
        "NotAttendingThePerson",
        "ok",
        "OwnMeasuresOnly",
        "NotAttendingThePerson",  # its own measure, but it does not serve her yet
        "NotInvolved",
    ),
}


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("write", RULES)
def test_each_part_in_the_case_makes_only_the_writes_its_part_allows(
    hub: Hub, handed_on: UUID, write: str, part: str
) -> None:
    expected = RULES[write][list(PARTS).index(part)]
    assert outcome(hub, handed_on, PARTS[part], write) == expected


def test_after_handing_custody_on_the_detecting_agency_changes_nothing(
    hub: Hub, handed_on: UUID
) -> None:
    """What it could still write after handing custody on: consent, age, personal data,
    whereabouts, measures for others."""
    for write in RULES:
        assert outcome(hub, handed_on, SEDETUR, write) != "ok", write


def test_an_agency_withdraws_its_own_consent_whatever_its_part(hub: Hub, handed_on: UUID) -> None:
    with hub.acting_as(IQM):
        with pytest.raises(NotAttendingThePerson):
            hub.withdraw_consent(handed_on, [])  # everyone's: not its to withdraw
        with pytest.raises(NotAttendingThePerson):
            hub.withdraw_consent(handed_on, ["iqm", "oim"])
        hub.withdraw_consent(handed_on, ["iqm"])
    assert "iqm" not in hub.get_case(handed_on).consent.granted


def test_a_prosecutor_asked_to_investigate_records_the_complaint_and_assesses_risk(
    hub: Hub, handed_on: UUID
) -> None:
    with hub.acting_as(DIF):
        hub.issue_referral(handed_on, "fge", "investigation", legal_basis="criminal_investigation")
    with hub.acting_as(FGE):
        hub.record_complaint_decision(handed_on, "filed", with_agency="fge")
        hub.assess_risk(handed_on, "high")
        with pytest.raises(NotTheLead):
            hub.assess_age(handed_on, "adult", 25, "document")
        with pytest.raises(NotAttendingThePerson):
            hub.issue_referral(handed_on, "oim", "social_support")
    assert hub.get_case(handed_on).risk_level == "high"


def test_custody_nobody_holds_is_assumed_by_the_lead_or_a_serving_agency(
    hub: Hub, handed_on: UUID
) -> None:
    with hub.acting_as(DIF):
        hub.release_custody(handed_on, "voluntary_departure")
    with hub.acting_as(IQM), pytest.raises(NotAttendingThePerson):
        hub.assume_custody(handed_on)
    with hub.acting_as(SEDETUR), pytest.raises(NotAttendingThePerson):
        hub.assume_custody(handed_on)
    with hub.acting_as(SESA), pytest.raises(CannotHoldCustody):
        hub.assume_custody(handed_on)  # allowed by its part; Salud holds nobody
    with hub.acting_as(DIF):
        hub.assume_custody(handed_on)
    assert hub.get_case(handed_on).custody.custodian == "dif"


def test_the_lead_at_closing_reopens_the_case(hub: Hub, handed_on: UUID) -> None:
    case = hub.get_case(handed_on)
    with hub.acting_as(IQM):
        hub.decline_referral(handed_on, case.referrals[2].id, "no_capacity")
    with hub.acting_as(SESA):
        hub.complete_referral(handed_on, case.referrals[1].id)
        with pytest.raises(NotTheLead):
            hub.close_case(handed_on, "reintegrated")
    with hub.acting_as(DIF):
        hub.complete_referral(handed_on, case.referrals[0].id)
        hub.close_case(handed_on, "reintegrated")
    for other in (SESA, SEDETUR, IQM):
        with hub.acting_as(other), pytest.raises(NotTheLead):
            hub.reopen_case(handed_on, "new_information")
    with hub.acting_as(DIF):
        hub.reopen_case(handed_on, "new_information")
    assert not hub.get_case(handed_on).is_closed


@pytest.fixture
def child_with_dif(hub: Hub) -> UUID:
    """Scenario 2: the police found him, PPNNA represents him, DIF shelters him (and leads)."""
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, notice.id)
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
        shelter = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, shelter.id)
    hand_over(hub, case_id, SSC, DIF)
    return case_id


def test_ppnna_as_the_childs_legal_representative_does_what_the_lead_may(
    hub: Hub, child_with_dif: UUID
) -> None:
    with hub.acting_as(PPNNA):
        hub.assess_age(child_with_dif, "child", 15, "ppnna_determination")
        hub.amend_personal_data(child_with_dif, {"contact": "Consulado ficticio"})
        hub.start_measure(child_with_dif, "psychological_care", "dif")
        hub.record_consent(child_with_dif, ["oim"], ["social_support"])
        hub.withdraw_consent(child_with_dif, ["oim"])
    assert lead(hub.get_case(child_with_dif)) == "dif"


def test_in_a_childs_case_only_ppnna_records_or_withdraws_consent(
    hub: Hub, child_with_dif: UUID
) -> None:
    with hub.acting_as(PPNNA):
        hub.record_consent(child_with_dif, ["oim"], ["social_support"])
    with hub.acting_as(DIF):
        with pytest.raises(NotTheLegalRepresentative):
            hub.record_consent(child_with_dif, ["oim"], ["migration"])
        with pytest.raises(NotTheLegalRepresentative):
            hub.withdraw_consent(child_with_dif, ["oim"])
    with hub.acting_as(SSC), pytest.raises(NotAttendingThePerson):
        hub.record_consent(child_with_dif, ["oim"], ["migration"])


def test_ppnna_declined_is_not_the_legal_representative(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        notice = hub.issue_referral(case_id, "ppnna", "child_protection")
    with hub.acting_as(PPNNA):
        hub.decline_referral(case_id, notice.id, "not_competent")
        with pytest.raises(NotTheLead):
            hub.assess_age(case_id, "child", 15, "ppnna_determination")
    with hub.acting_as(OIM), pytest.raises(NotInvolved):
        hub.assess_age(case_id, "child", 15, "document")


def test_a_school_serving_her_records_its_own_measures_and_nothing_that_tells_it_more(
    hub: Hub, handed_on: UUID
) -> None:
    """Education need not know that the case is about trafficking (it reads the case at the
    minimal level), so serving her does not let it act on the rest of the case."""
    with hub.acting_as(DIF):
        hub.record_consent(handed_on, ["seq"], ["education"])
        schooling = hub.issue_referral(handed_on, "seq", "education")
    with hub.acting_as(SEQ):
        hub.accept_referral(handed_on, schooling.id)
        hub.start_measure(handed_on, "reintegration_support", "seq")
    refused = {write: outcome(hub, handed_on, SEQ, write) for write in RULES}
    assert refused == dict.fromkeys(RULES, "NotAttendingThePerson") | {
        "assess_age": "NotTheLead",
        "amend_personal_data": "NotTheLead",
        "measure_for_another": "OwnMeasuresOnly",
    }
