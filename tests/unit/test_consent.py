"""Consent: deny by default; PPNNA consents for a child; complaints never condition help."""

from __future__ import annotations

import pytest

from domain.errors import (
    ConsentNeedsScope,
    ConsentNotCovering,
    LegalBasisNotApplicable,
    NotForChildren,
    NothingToWithdraw,
    NotInvolved,
    NotTheLegalRepresentative,
    ServiceNotOffered,
)
from domain.hub import Hub
from domain.referral import ReferralStatus
from tests.builders import DIF, IQM, OIM, PPNNA, SEDETUR, SSC, open_adult, open_child


def test_consent_covers_the_agencies_and_purposes_it_names(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm", "sesa"], ["psychological", "medical"], "es", False)
        hub.issue_referral(case_id, "iqm", "psychological")
        with pytest.raises(ConsentNotCovering):
            hub.issue_referral(case_id, "oim", "social_support")


def test_a_consent_names_agencies_and_purposes(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        with pytest.raises(ConsentNeedsScope):
            hub.record_consent(case_id, [], ["medical"])
        with pytest.raises(ConsentNeedsScope):
            hub.record_consent(case_id, ["sesa"], [])


def test_a_withdrawn_consent_ends_the_agencys_cover(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["oim", "iqm"], ["social_support", "psychological"])
        hub.withdraw_consent(case_id, ["oim"])
        with pytest.raises(ConsentNotCovering):
            hub.issue_referral(case_id, "oim", "social_support")
        hub.issue_referral(case_id, "iqm", "psychological")
        with pytest.raises(NothingToWithdraw):
            hub.withdraw_consent(case_id, ["oim"])
    assert "oim" not in hub.get_case(case_id).consent.granted


def test_services_go_ahead_when_the_person_declines_to_file_a_complaint(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm", "dif", "sesa"], ["shelter", "medical"])
        hub.record_complaint_decision(case_id, "declined")
        referral = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
    case = hub.get_case(case_id)
    assert case.complaint == "declined"
    assert case.referral(referral.id).status == ReferralStatus.ACCEPTED


def test_filing_a_complaint_gives_the_prosecutor_access(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        with pytest.raises(ConsentNotCovering):
            hub.issue_referral(case_id, "fge", "investigation")
        with pytest.raises(ServiceNotOffered):
            hub.record_complaint_decision(case_id, "filed", with_agency="iqm")
        hub.record_complaint_decision(case_id, "filed", with_agency="fge")
        hub.issue_referral(case_id, "fge", "investigation")


def test_a_childs_consent_is_given_by_ppnna_as_legal_representative(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
        with pytest.raises(NotTheLegalRepresentative):
            hub.record_consent(case_id, ["dif"], ["shelter"])
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
        with pytest.raises(NotForChildren):
            hub.record_consent(case_id, ["iqm"], ["shelter"])
        hub.record_consent(case_id, ["dif", "oim"], ["shelter", "social_support"])
    (event,) = hub.timeline(case_id)[-1:]
    assert event.given_by == "legal_representative"  # type: ignore[attr-defined]


def test_the_child_protection_basis_covers_agencies_that_attend_children(hub: Hub) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
        hub.record_consent(case_id, [], [], legal_basis="child_protection")
        hub.issue_referral(case_id, "dif", "shelter", urgency="urgent")
        hub.issue_referral(case_id, "oim", "social_support")
    assert [type(e).__name__ for e in hub.timeline(case_id)].count("ConsentOverridden") == 0


def test_the_child_protection_basis_does_not_replace_an_adults_consent(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR), pytest.raises(LegalBasisNotApplicable):
        hub.record_consent(case_id, [], [], legal_basis="child_protection")


def test_an_adult_decides_herself_even_when_ppnna_is_involved(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm"], ["psychological"])
        referral = hub.issue_referral(case_id, "iqm", "psychological")
    with hub.acting_as(IQM):
        hub.accept_referral(case_id, referral.id)
        hub.record_consent(case_id, ["oim"], ["social_support"])
    with hub.acting_as(OIM), pytest.raises(NotInvolved):
        hub.record_consent(case_id, ["oim"], ["assisted_return"])
