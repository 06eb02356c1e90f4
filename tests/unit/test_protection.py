"""International protection: the screening before a return or a consular notice, and the refugee
claim's deadline (Ley sobre Refugiados, Protección Complementaria y Asilo Político, LRPCAP)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import (
    AsylumSeekerNotReturnable,
    ConsularNoticeNotConsented,
    ConsularNoticeToAsylumSeeker,
    NotAForeignNational,
    NotTheLegalRepresentative,
    ProtectionScreeningRequired,
)
from domain.hub import Hub
from domain.review_rules import is_open
from domain.route_vocabulary import ScreeningAnswer
from tests.builders import PPNNA, SEDETUR, SSC, open_adult, open_child
from tests.fakes import ManualClock
from tests.unit.review_story import findings, of, the

NEAR = "refugee_claim_deadline_near"
MISSED = "refugee_claim_deadline_missed"


def ready_to_return(hub: Hub, nationality: str = "HN") -> UUID:
    case_id = open_adult(hub, nationality=nationality)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["oim"], ["assisted_return", "migration"])
        hub.assess_risk(case_id, "low")
        hub.record_return_request(case_id)  # she asks: no reflection period holds her back
    return case_id


def test_a_foreign_nationals_return_is_refused_until_the_screening_is_recorded(hub: Hub) -> None:
    """LRPCAP art. 6 (non-refoulement): no return before the person is offered COMAR."""
    case_id = ready_to_return(hub)
    with hub.acting_as(SEDETUR):
        with pytest.raises(ProtectionScreeningRequired):
            hub.issue_referral(case_id, "oim", "assisted_return")
        hub.screen_for_protection(case_id, "declined")
        hub.issue_referral(case_id, "oim", "assisted_return")
    assert [r.service for r in hub.get_case(case_id).referrals] == ["assisted_return"]


def test_a_mexicans_return_home_needs_no_screening_and_a_mexican_is_not_screened(
    hub: Hub,
) -> None:
    """LRPCAP art. 13: refugee status is for foreigners; internal trafficking returns home."""
    case_id = ready_to_return(hub, nationality="MX")
    with hub.acting_as(SEDETUR):
        with pytest.raises(NotAForeignNational):
            hub.screen_for_protection(case_id, "accepted")
        hub.issue_referral(case_id, "oim", "assisted_return")


def test_an_asylum_seeker_is_never_referred_for_return_until_a_new_screening_declines(
    hub: Hub,
) -> None:
    """LRPCAP art. 6 and Reglamento art. 22: once the claim is made, no return."""
    case_id = ready_to_return(hub)
    with hub.acting_as(SEDETUR):
        hub.screen_for_protection(case_id, "accepted")
        with pytest.raises(AsylumSeekerNotReturnable):
            hub.issue_referral(case_id, "oim", "assisted_return")
        hub.screen_for_protection(case_id, "declined")  # she withdrew the claim herself
        hub.issue_referral(case_id, "oim", "assisted_return")


def test_the_consulate_is_told_only_after_a_screening_in_which_the_person_agreed(
    hub: Hub,
) -> None:
    """Reglamento de la LRPCAP art. 22; Vienna Convention on Consular Relations art. 36(1)(b)."""
    case_id = ready_to_return(hub)
    with hub.acting_as(SEDETUR):
        with pytest.raises(ProtectionScreeningRequired):
            hub.start_measure(case_id, "consular_notification", "oim")
        hub.screen_for_protection(case_id, "declined")
        with pytest.raises(ConsularNoticeNotConsented):
            hub.start_measure(case_id, "consular_notification", "oim")
        hub.screen_for_protection(case_id, "declined", consular_notice="declined")
        with pytest.raises(ConsularNoticeNotConsented):
            hub.start_measure(case_id, "consular_notification", "oim")
        hub.screen_for_protection(case_id, "declined", consular_notice="accepted")
        hub.start_measure(case_id, "consular_notification", "oim")
    assert [m.kind for m in hub.get_case(case_id).measures] == ["consular_notification"]


def test_an_asylum_seekers_consulate_is_never_told_even_with_consent(hub: Hub) -> None:
    """Reglamento de la LRPCAP art. 22 and LRPCAP art. 5 (confidentiality): the country of
    origin never learns that the person seeks asylum while the claim stands."""
    case_id = ready_to_return(hub)
    with hub.acting_as(SEDETUR):
        hub.screen_for_protection(case_id, "accepted", consular_notice="accepted")
        with pytest.raises(ConsularNoticeToAsylumSeeker):
            hub.start_measure(case_id, "consular_notification", "oim")
    assert hub.get_case(case_id).measures == []


def test_a_childs_screening_is_answered_by_ppnna_as_legal_representative(hub: Hub) -> None:
    """LGDNNA art. 106 (PPNNA represents the child) with LRPCAP: the police who found him do not
    answer for him."""
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, notice.id)
    with hub.acting_as(SSC), pytest.raises(NotTheLegalRepresentative):
        hub.screen_for_protection(case_id, "declined")
    with hub.acting_as(PPNNA):
        hub.screen_for_protection(case_id, "declined", consular_notice="accepted")
    screening = hub.get_case(case_id).protection
    assert screening is not None
    assert screening.consular_notice == "accepted"


def accepted_asylum(hub: Hub, clock: ManualClock, **entry: object) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["comar"], ["legal"])
        hub.screen_for_protection(case_id, "accepted", **entry)  # type: ignore[arg-type]
    return case_id


def test_a_claim_not_referred_to_comar_is_flagged_near_then_missed(
    hub: Hub, clock: ManualClock
) -> None:
    """LRPCAP art. 18: 30 business days from the business day after entry (here, detection);
    the warning 5 business days before is the hub's alarm."""
    case_id = accepted_asylum(hub, clock)
    detected = hub.get_case(case_id).detection.detected_at
    found = findings(hub, case_id)
    near, missed = the(NEAR, found), the(MISSED, found)
    assert near.agency == missed.agency == "sedetur"
    assert near.resolved_at == missed.since  # the warning ends where the miss begins
    # 30 business days: weekdays, skipping the official days of rest (LFT art. 74).
    assert timedelta(days=40) < missed.since - detected < timedelta(days=50)
    assert near.since < missed.since
    assert missed.resolved_at is None
    assert (missed.severity, near.severity) == ("high", "medium")


def test_the_deadline_runs_from_the_entry_date_when_the_screening_records_one(
    hub: Hub, clock: ManualClock
) -> None:
    """LRPCAP art. 18 counts from entry; Reglamento art. 19 lets a late claim state its cause."""
    entered = clock.now - timedelta(days=60)
    case_id = accepted_asylum(hub, clock, entered_at=entered)
    missed = the(MISSED, findings(hub, case_id))
    screened_at = hub.timeline(case_id)[-1].timestamp  # type: ignore[attr-defined]
    assert missed.since == screened_at  # past already: missed from the screening on
    assert of(NEAR, findings(hub, case_id)) == []
    assert is_open(missed, clock.now)


def test_a_referral_to_comar_in_time_leaves_no_finding_and_a_late_one_ends_it(
    hub: Hub, clock: ManualClock
) -> None:
    """LRPCAP art. 18: the referral to COMAR is what the deadline asks for."""
    in_time = accepted_asylum(hub, clock)
    with hub.acting_as(SEDETUR):
        hub.issue_referral(in_time, "comar", "legal")
    assert of(NEAR, findings(hub, in_time)) == of(MISSED, findings(hub, in_time)) == []

    late = accepted_asylum(hub, clock)
    clock.advance(days=60)
    with hub.acting_as(SEDETUR):
        hub.issue_referral(late, "comar", "legal")
    missed = the(MISSED, findings(hub, late))
    assert missed.resolved_at == clock.now


def test_a_person_who_declines_comar_raises_no_deadline_finding(
    hub: Hub, clock: ManualClock
) -> None:
    """LRPCAP art. 18 binds only a person who wants to apply."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.screen_for_protection(case_id, "declined")
    clock.advance(days=90)
    assert of(NEAR, findings(hub, case_id)) == of(MISSED, findings(hub, case_id)) == []


def test_a_screened_case_survives_a_snapshot_with_its_answers() -> None:
    """LRPCAP art. 6: the gate must still hold after a case is read back from a snapshot."""
    from eventsourcing.persistence import JSONTranscoder

    from domain.protection_screening import ProtectionScreening
    from domain.transcodings import register_domain_transcodings

    transcoder = JSONTranscoder()
    register_domain_transcodings(transcoder)
    screening = ProtectionScreening(ScreeningAnswer.ACCEPTED, None, None)
    back = transcoder.decode(transcoder.encode({"protection": screening}))["protection"]
    assert back == screening
    assert back.comar_referral is ScreeningAnswer.ACCEPTED


NOTICE = "comar_not_notified"


def test_comar_is_owed_a_notice_within_a_day_of_the_person_asking_for_asylum(
    hub: Hub, clock: ManualClock
) -> None:
    """LRPCAP art. 21: an authority that learns a foreigner wants refugee status tells COMAR
    "inmediatamente"; the referral to COMAR is that notice, and 24 h is the hub's alarm."""
    case_id = accepted_asylum(hub, clock)
    screened_at = hub.timeline(case_id)[-1].timestamp  # type: ignore[attr-defined]
    notice = the(NOTICE, findings(hub, case_id))
    assert (notice.agency, notice.severity) == ("sedetur", "high")
    assert (notice.since, notice.resolved_at) == (screened_at + timedelta(hours=24), None)

    clock.advance(hours=30)
    with hub.acting_as(SEDETUR):
        hub.issue_referral(case_id, "comar", "legal")
    assert the(NOTICE, findings(hub, case_id)).resolved_at == clock.now


def test_a_referral_to_comar_within_the_day_or_a_declining_screening_leaves_no_notice_owed(
    hub: Hub, clock: ManualClock
) -> None:
    """LRPCAP art. 21 binds only while the person wants to apply; a referral in time is the
    notice."""
    in_time = accepted_asylum(hub, clock)
    clock.advance(hours=2)
    with hub.acting_as(SEDETUR):
        hub.issue_referral(in_time, "comar", "legal")
    changed_mind = accepted_asylum(hub, clock)
    clock.advance(hours=1)
    with hub.acting_as(SEDETUR):
        hub.screen_for_protection(changed_mind, "declined")
    clock.advance(days=3)
    assert of(NOTICE, findings(hub, in_time)) == of(NOTICE, findings(hub, changed_mind)) == []
