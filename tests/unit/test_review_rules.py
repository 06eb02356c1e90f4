"""The review rules: findings computed from a case's events alone, that fire and resolve."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from domain.hub import Hub
from domain.review_rules import (
    FINDING_RULES,
    ReviewLimits,
    Rule,
    has_begun,
    is_open,
    review_findings,
)
from tests.builders import (
    COMMISSION,
    DIF,
    FGE,
    INM,
    IQM,
    PPNNA,
    SEDETUR,
    SSC,
    open_adult,
    open_child,
)
from tests.fakes import ManualClock
from tests.unit.review_story import TICK, consenting_adult, findings, held_minor, of, the

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def test_the_rules_are_the_twelve_of_the_design_and_those_issue_14_adds() -> None:
    """DESIGN.md's twelve rules, then those issue 14 adds: ``prosecutor_not_notified`` (CNPP
    art. 222), the urgent care and measures of children and victims of sexual violence, and
    ``arco_overdue`` (LGPDPPSO art. 45)."""
    assert FINDING_RULES == (
        "child_not_notified_to_ppnna",
        "child_in_detention",
        "referral_unanswered",
        "declined_not_rerouted",
        "handoff_unacknowledged",
        "custody_gap",
        "consent_overridden",
        "interpreter_missing",
        "whereabouts_unknown",
        "services_conditioned",
        "observation_unanswered",
        "case_idle",
        "prosecutor_not_notified",
        "urgent_medical_care_not_offered",
        "urgent_measure_not_notified",  # issue 14: LGDNNA art. 122 fr. VII
        "arco_overdue",
        "comar_not_notified",  # issue 14: LRPCAP art. 21
        # issue 14: LRPCAP art. 18
        "refugee_claim_deadline_near",
        "refugee_claim_deadline_missed",
    )
    assert all(isinstance(code, str) and type(code) is str for code in FINDING_RULES)


class TestChildren:
    def test_a_child_not_notified_to_ppnna_becomes_a_finding_an_hour_after_detection(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_child(hub)
        detected_at = hub.get_case(case_id).detection.detected_at
        finding = the(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, findings(hub, case_id))
        assert (finding.agency, finding.severity) == ("ssc", "high")
        assert (finding.since, finding.resolved_at) == (detected_at + HOUR, None)
        # It fires on its own: the deadline comes after the last event, with nothing recorded.
        assert finding.since > hub.timeline(case_id)[-1].timestamp  # type: ignore[attr-defined]
        assert not is_open(finding, finding.since - TICK)
        assert not has_begun(finding, finding.since - TICK)
        assert is_open(finding, finding.since)
        assert is_open(finding, clock.now + 30 * DAY)

    def test_scenario_7_a_nine_hour_late_ppnna_notice_is_a_finding_from_the_first_hour(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        minor = held_minor(hub, clock, notice_after=9 * HOUR)
        found = findings(hub, minor.case_id)
        late = the(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, found)
        assert (late.since, late.resolved_at) == (minor.t0 + HOUR, minor.t0 + 9 * HOUR)
        assert (late.agency, late.severity) == ("inm", "high")
        assert is_open(late, minor.t0 + 5 * HOUR)
        assert not is_open(late, minor.t0 + 9 * HOUR)
        assert has_begun(late, minor.t0 + 9 * HOUR)
        # As the timeline stood at T0 + 5 h, the finding was there and not yet resolved.
        then = the(
            Rule.CHILD_NOT_NOTIFIED_TO_PPNNA,
            findings(hub, minor.case_id, until=minor.t0 + 5 * HOUR),
        )
        assert (then.since, then.resolved_at) == (minor.t0 + HOUR, None)

    def test_notifying_ppnna_within_the_hour_leaves_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        minor = held_minor(hub, clock, notice_after=50 * timedelta(minutes=1))
        assert of(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, findings(hub, minor.case_id)) == []

    def test_an_assessment_saying_adult_resolves_the_missing_ppnna_notice(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_child(hub, age_group="unknown", estimated_age=None)
        clock.advance(hours=3)
        with hub.acting_as(SSC):
            hub.assess_age(case_id, "adult", 19, "document")
        finding = the(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, findings(hub, case_id))
        assert finding.resolved_at == clock.now
        assert not is_open(finding, clock.now)

    def test_an_adult_found_to_be_a_child_must_be_notified_within_the_hour_of_the_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        clock.advance(days=2)
        with hub.acting_as(SEDETUR):
            hub.assess_age(case_id, "child", 16, "document")
        assessed_at = clock.now
        finding = the(Rule.CHILD_NOT_NOTIFIED_TO_PPNNA, findings(hub, case_id))
        assert (finding.agency, finding.since, finding.resolved_at) == (
            "sedetur",
            assessed_at + HOUR,
            None,
        )

    def test_a_child_placed_in_migration_detention_is_a_critical_finding_from_the_start(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        minor = held_minor(hub, clock, notice_after=50 * timedelta(minutes=1))
        finding = the(Rule.CHILD_IN_DETENTION, findings(hub, minor.case_id))
        assert (finding.agency, finding.severity) == ("inm", "critical")
        assert (finding.since, finding.resolved_at) == (minor.t0 + 30 * timedelta(minutes=1), None)
        assert finding.subject_id == minor.detention_id
        assert is_open(finding, clock.now + 10 * DAY)

    def test_ending_the_detention_resolves_the_childs_detention_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        minor = held_minor(hub, clock, notice_after=50 * timedelta(minutes=1))
        clock.advance(hours=2)
        released_at = clock.now - timedelta(minutes=30)
        with hub.acting_as(INM):
            hub.end_measure(minor.case_id, minor.detention_id, "transferred", ended_at=released_at)
        finding = the(Rule.CHILD_IN_DETENTION, findings(hub, minor.case_id))
        assert finding.resolved_at == released_at
        assert is_open(finding, released_at - TICK)
        assert not is_open(finding, released_at)

    def test_an_adult_in_migration_detention_is_not_a_childs_finding(self, hub: Hub) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):  # INM is not covered by her consent: a basis is stated
            hub.start_measure(case_id, "migration_detention", "inm", legal_basis="legal_obligation")
        assert of(Rule.CHILD_IN_DETENTION, findings(hub, case_id)) == []


class TestReferrals:
    def test_a_referral_left_alone_becomes_overdue_on_its_own(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "dif", "shelter")
        issued_at = clock.now
        finding = the(Rule.REFERRAL_UNANSWERED, findings(hub, case_id))
        assert (finding.agency, finding.severity, finding.subject_id) == (
            "dif",
            "medium",
            referral.id,
        )
        assert (finding.since, finding.resolved_at) == (issued_at + 24 * HOUR, None)
        assert not is_open(finding, issued_at + 23 * HOUR)
        assert is_open(finding, issued_at + 25 * HOUR)

    def test_answering_a_late_referral_resolves_its_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "dif", "shelter", urgency="urgent")
        issued_at = clock.now
        clock.advance(hours=3)
        with hub.acting_as(DIF):
            hub.accept_referral(case_id, referral.id)
        finding = the(Rule.REFERRAL_UNANSWERED, findings(hub, case_id))
        assert finding.severity == "high"
        assert (finding.since, finding.resolved_at) == (issued_at + HOUR, clock.now)
        assert is_open(finding, clock.now - TICK)
        assert not is_open(finding, clock.now)

    def test_a_referral_answered_in_time_leaves_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "dif", "shelter")
        clock.advance(hours=23)
        with hub.acting_as(DIF):
            hub.decline_referral(case_id, referral.id, "no_capacity")
        assert of(Rule.REFERRAL_UNANSWERED, findings(hub, case_id)) == []

    def test_a_declined_referral_not_rerouted_within_a_day_becomes_a_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "iqm", "shelter")
        clock.advance(hours=2)
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, referral.id, "no_capacity")
        declined_at = clock.now
        finding = the(Rule.DECLINED_NOT_REROUTED, findings(hub, case_id))
        assert (finding.agency, finding.severity, finding.subject_id) == (
            "sedetur",
            "medium",
            referral.id,
        )
        assert (finding.since, finding.resolved_at) == (declined_at + 24 * HOUR, None)
        assert not is_open(finding, declined_at + 23 * HOUR)
        assert is_open(finding, declined_at + 25 * HOUR)

    def test_rerouting_late_resolves_the_declined_referral_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm", "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "iqm", "shelter")
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, referral.id, "no_capacity")
        declined_at = clock.now
        clock.advance(hours=30)
        with hub.acting_as(SEDETUR):
            hub.issue_referral(case_id, "dif", "shelter")
        finding = the(Rule.DECLINED_NOT_REROUTED, findings(hub, case_id))
        assert (finding.since, finding.resolved_at) == (declined_at + 24 * HOUR, clock.now)

    def test_closing_the_case_ends_the_need_to_reroute(self, hub: Hub, clock: ManualClock) -> None:
        case_id = consenting_adult(hub, "iqm")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "iqm", "shelter")
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, referral.id, "no_capacity")
        declined_at = clock.now
        clock.advance(hours=30)
        with hub.acting_as(SEDETUR):
            hub.close_case(case_id, "person_declined_services")
        finding = the(Rule.DECLINED_NOT_REROUTED, findings(hub, case_id))
        assert (finding.since, finding.resolved_at) == (declined_at + 24 * HOUR, clock.now)

    def test_a_shorter_reroute_limit_brings_the_finding_forward(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm", "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "iqm", "shelter")
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, referral.id, "no_capacity")
        declined_at = clock.now
        clock.advance(hours=5)
        with hub.acting_as(SEDETUR):
            hub.issue_referral(case_id, "dif", "shelter")
        assert of(Rule.DECLINED_NOT_REROUTED, findings(hub, case_id)) == []
        strict = ReviewLimits(reroute=timedelta(hours=2))
        finding = the(Rule.DECLINED_NOT_REROUTED, findings(hub, case_id, strict))
        assert (finding.since, finding.resolved_at) == (declined_at + 2 * HOUR, clock.now)

    def test_scenario_4_a_full_shelter_rerouted_to_dif_within_the_day_leaves_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm", "dif")
        with hub.acting_as(SEDETUR):
            full = hub.issue_referral(case_id, "iqm", "shelter")
            hub.notify_prosecutor(case_id, "fge")  # the inspectors' duty (CNPP art. 222)
        clock.advance(hours=2)
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, full.id, "no_capacity", detail="Sin camas libres")
        clock.advance(hours=3)
        with hub.acting_as(SEDETUR):
            rerouted = hub.issue_referral(case_id, "dif", "shelter")
            handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
        clock.advance(minutes=45)
        with hub.acting_as(DIF):
            hub.accept_referral(case_id, rerouted.id)
            hub.acknowledge_handoff(case_id, handoff.id)
        found = findings(hub, case_id)
        assert of(Rule.DECLINED_NOT_REROUTED, found) == []
        assert of(Rule.CUSTODY_GAP, found) == []
        assert hub.custody(case_id).gaps == ()
        # All that is left of the route is the follow-up due a month on, if nothing happens by
        # then (urgent medical care owed after sexual exploitation is its own rule, tested in
        # tests/unit/test_urgent_medical_care.py).
        idle = the(Rule.CASE_IDLE, found)
        route = [f.rule for f in found if f.rule != Rule.URGENT_MEDICAL_CARE_NOT_OFFERED]
        assert route == ["case_idle"]
        assert (idle.agency, idle.since) == ("dif", clock.now + 30 * DAY)

    def test_a_decline_while_another_referral_for_the_service_is_in_force_needs_no_reroute(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm", "dif")
        with hub.acting_as(SEDETUR):
            first = hub.issue_referral(case_id, "iqm", "shelter")
            second = hub.issue_referral(case_id, "dif", "shelter")
        with hub.acting_as(DIF):
            hub.accept_referral(case_id, second.id)
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, first.id, "no_capacity")
        clock.advance(days=3)
        assert of(Rule.DECLINED_NOT_REROUTED, findings(hub, case_id)) == []

    def test_a_referral_withdrawn_by_its_sender_is_not_declined(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "dif", "shelter")
            clock.advance(hours=1)
            hub.withdraw_referral(case_id, referral.id, "issued_in_error")
        found = findings(hub, case_id)
        assert of(Rule.DECLINED_NOT_REROUTED, found) == []
        assert of(Rule.REFERRAL_UNANSWERED, found) == []

    def test_declining_services_for_want_of_a_complaint_is_a_finding_at_once(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "iqm", "shelter")
        clock.advance(hours=1)
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, referral.id, "no_complaint_filed")
        finding = the(Rule.SERVICES_CONDITIONED, findings(hub, case_id))
        assert (finding.agency, finding.severity, finding.subject_id) == (
            "iqm",
            "high",
            referral.id,
        )
        assert (finding.since, finding.resolved_at) == (clock.now, None)
        assert is_open(finding, clock.now)

    def test_a_later_referral_for_the_service_accepted_resolves_the_conditioned_services(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "iqm", "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(case_id, "iqm", "shelter")
        with hub.acting_as(IQM):
            hub.decline_referral(case_id, referral.id, "no_complaint_filed")
        declined_at = clock.now
        clock.advance(hours=2)
        with hub.acting_as(SEDETUR):
            shelter = hub.issue_referral(case_id, "dif", "shelter")
        clock.advance(hours=1)
        with hub.acting_as(DIF):
            hub.accept_referral(case_id, shelter.id)
        found = findings(hub, case_id)
        finding = the(Rule.SERVICES_CONDITIONED, found)
        assert (finding.since, finding.resolved_at) == (declined_at, clock.now)
        assert of(Rule.DECLINED_NOT_REROUTED, found) == []


class TestCustody:
    def test_a_handoff_left_unacknowledged_becomes_a_finding_two_hours_on(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            handoff = hub.initiate_handoff(case_id, "dif")
        initiated_at = clock.now
        finding = the(Rule.HANDOFF_UNACKNOWLEDGED, findings(hub, case_id))
        assert (finding.agency, finding.severity, finding.subject_id) == (
            "dif",
            "high",
            handoff.id,
        )
        assert (finding.since, finding.resolved_at) == (initiated_at + 2 * HOUR, None)
        assert not is_open(finding, initiated_at + HOUR)
        assert is_open(finding, initiated_at + 3 * HOUR)

    def test_acknowledging_a_late_handoff_resolves_its_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            handoff = hub.initiate_handoff(case_id, "dif")
        initiated_at = clock.now
        clock.advance(hours=3)
        with hub.acting_as(DIF):
            hub.acknowledge_handoff(case_id, handoff.id)
        finding = the(Rule.HANDOFF_UNACKNOWLEDGED, findings(hub, case_id))
        assert (finding.since, finding.resolved_at) == (initiated_at + 2 * HOUR, clock.now)

    def test_a_cure_at_the_deadline_itself_leaves_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            handoff = hub.initiate_handoff(case_id, "dif")
        clock.advance(hours=2)
        with hub.acting_as(DIF):
            hub.acknowledge_handoff(case_id, handoff.id)
        assert of(Rule.HANDOFF_UNACKNOWLEDGED, findings(hub, case_id)) == []

    def test_a_handoff_refused_in_time_leaves_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            handoff = hub.initiate_handoff(case_id, "dif")
        clock.advance(minutes=30)
        with hub.acting_as(DIF):
            hub.refuse_handoff(case_id, handoff.id, "no_capacity")
        assert of(Rule.HANDOFF_UNACKNOWLEDGED, findings(hub, case_id)) == []

    def test_nobody_holding_a_person_who_was_held_is_a_custody_gap(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        clock.advance(hours=1)
        with hub.acting_as(SEDETUR):
            hub.release_custody(case_id, "other")
        released_at = clock.now
        finding = the(Rule.CUSTODY_GAP, findings(hub, case_id))
        assert (finding.agency, finding.severity) == ("sedetur", "high")
        assert (finding.since, finding.resolved_at) == (released_at, None)
        assert is_open(finding, released_at)

    def test_taking_the_person_into_care_again_resolves_the_custody_gap(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.release_custody(case_id, "other")
        released_at = clock.now
        clock.advance(days=1)
        with hub.acting_as(SEDETUR):
            hub.assume_custody(case_id)
        finding = the(Rule.CUSTODY_GAP, findings(hub, case_id))
        assert (finding.since, finding.resolved_at) == (released_at, clock.now)

    def test_leaving_care_reintegrated_is_the_end_of_the_path_not_a_gap(self, hub: Hub) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.release_custody(case_id, "reintegrated")
        assert of(Rule.CUSTODY_GAP, findings(hub, case_id)) == []

    def test_a_missing_child_with_no_prosecutor_alerted_within_the_hour_escalates(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_child(hub)
        with hub.acting_as(SSC):
            notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
        with hub.acting_as(PPNNA):
            hub.accept_referral(case_id, notice.id)
            hub.record_consent(case_id, [], [], legal_basis="child_protection")
        clock.advance(days=2)
        with hub.acting_as(SSC):
            hub.report_whereabouts_unknown(case_id, clock.now - timedelta(minutes=40))
        reported_at = clock.now
        missing, escalated = of(Rule.WHEREABOUTS_UNKNOWN, findings(hub, case_id))
        assert (missing.agency, missing.severity, missing.since) == ("ssc", "high", reported_at)
        assert (escalated.agency, escalated.severity) == ("ssc", "critical")
        assert (escalated.since, escalated.resolved_at) == (reported_at + HOUR, None)
        assert not is_open(escalated, reported_at + 59 * timedelta(minutes=1))
        assert is_open(escalated, reported_at + HOUR)

    def test_alerting_the_prosecutor_late_resolves_the_escalation_and_locating_the_rest(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_child(hub)
        with hub.acting_as(SSC):
            notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
        with hub.acting_as(PPNNA):
            hub.accept_referral(case_id, notice.id)
            hub.record_consent(case_id, [], [], legal_basis="child_protection")
        with hub.acting_as(SSC):
            hub.report_whereabouts_unknown(case_id, clock.now)
        reported_at = clock.now
        clock.advance(hours=3)
        with hub.acting_as(SSC):
            hub.issue_referral(case_id, "fge", "investigation", urgency="urgent")
        alerted_at = clock.now
        clock.advance(hours=5)
        with hub.acting_as(SSC):
            hub.report_located(case_id, custody_with="ssc")
        missing, escalated = of(Rule.WHEREABOUTS_UNKNOWN, findings(hub, case_id))
        assert (missing.since, missing.resolved_at) == (reported_at, clock.now)
        assert (escalated.since, escalated.resolved_at) == (reported_at + HOUR, alerted_at)

    def test_scenario_6_ppnna_and_the_prosecutor_alerted_within_the_hour_do_not_escalate(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_child(hub)
        with hub.acting_as(SSC):
            notice = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
        with hub.acting_as(PPNNA):
            hub.accept_referral(case_id, notice.id)
            hub.record_consent(case_id, [], [], legal_basis="child_protection")
        clock.advance(days=2)
        with hub.acting_as(SSC):
            hub.report_whereabouts_unknown(case_id, clock.now - timedelta(minutes=75))
            clock.advance(minutes=20)
            report = hub.issue_referral(case_id, "fge", "investigation", urgency="urgent")
        with hub.acting_as(FGE):
            hub.accept_referral(case_id, report.id)
        (missing,) = of(Rule.WHEREABOUTS_UNKNOWN, findings(hub, case_id))
        assert (missing.severity, missing.resolved_at) == ("high", None)


class TestDueProcess:
    def test_every_consent_override_is_a_finding_until_the_commission_reviews_it(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            referral = hub.issue_referral(
                case_id, "fge", "investigation", legal_basis="criminal_investigation"
            )
        overridden_at = clock.now
        clock.advance(days=1)
        with hub.acting_as(COMMISSION):
            hub.issue_observation(case_id, "fge", "Observación ficticia a la fiscalía")
        finding = the(Rule.CONSENT_OVERRIDDEN, findings(hub, case_id))
        assert (finding.agency, finding.severity, finding.subject_id) == (
            "sedetur",
            "medium",
            referral.id,
        )
        assert (finding.since, finding.resolved_at) == (overridden_at, None)
        assert is_open(finding, clock.now)

    def test_an_observation_concerning_the_overriding_agency_resolves_the_override(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif")
        with hub.acting_as(SEDETUR):
            hub.issue_referral(
                case_id, "fge", "investigation", legal_basis="criminal_investigation"
            )
        clock.advance(days=2)
        with hub.acting_as(COMMISSION):
            hub.issue_observation(case_id, "sedetur", "Revisión ficticia de la excepción")
        finding = the(Rule.CONSENT_OVERRIDDEN, findings(hub, case_id))
        assert finding.resolved_at == clock.now

    def test_consent_taken_without_a_needed_interpreter_is_a_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif", needs_interpreter=True, languages=["mam"])
        consented_at = clock.now
        finding = the(Rule.INTERPRETER_MISSING, findings(hub, case_id))
        assert (finding.agency, finding.severity) == ("sedetur", "medium")
        assert (finding.since, finding.resolved_at) == (consented_at, None)

    def test_providing_an_interpreter_resolves_the_missing_interpreter(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif", needs_interpreter=True, languages=["mam"])
        clock.advance(hours=2)
        with hub.acting_as(SEDETUR):  # due process: the basis for sharing with the interpreter
            hub.start_measure(case_id, "interpretation", "inmaya", legal_basis="legal_obligation")
        finding = the(Rule.INTERPRETER_MISSING, findings(hub, case_id))
        assert finding.resolved_at == clock.now

    def test_an_interpreter_measure_dated_before_the_consent_means_one_was_there(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = consenting_adult(hub, "dif", needs_interpreter=True, languages=["mam"])
        consented_at = clock.now
        clock.advance(hours=1)
        with hub.acting_as(SEDETUR):
            hub.start_measure(
                case_id,
                "interpretation",
                "inmaya",
                started_at=consented_at - timedelta(minutes=5),
                legal_basis="legal_obligation",
            )
        assert of(Rule.INTERPRETER_MISSING, findings(hub, case_id)) == []

    def test_consent_and_handoff_with_an_interpreter_present_leave_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub, needs_interpreter=True, languages=["mam"])
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="mam", interpreter=True)
            clock.advance(minutes=30)
            hub.initiate_handoff(case_id, "dif")
        assert of(Rule.INTERPRETER_MISSING, findings(hub, case_id)) == []


class TestFollowUp:
    def test_an_observation_unanswered_for_fifteen_business_days_becomes_a_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)  # Friday 20 November 2026, 09:00 in Quintana Roo
        with hub.acting_as(COMMISSION):
            observation = hub.issue_observation(case_id, "sedetur", "Observación ficticia")
        finding = the(Rule.OBSERVATION_UNANSWERED, findings(hub, case_id))
        # From Monday 23 November, the fifteenth business day is Friday 11 December.
        end_of_day = datetime(2026, 12, 11, 23, 59, 59, 999999, tzinfo=timezone(-5 * HOUR))
        assert (finding.since, finding.resolved_at) == (end_of_day, None)
        assert (finding.agency, finding.severity, finding.subject_id) == (
            "sedetur",
            "medium",
            observation.id,
        )
        assert not is_open(finding, datetime(2026, 12, 12, 4, 59, 59, 999999, tzinfo=UTC) - TICK)
        assert is_open(finding, datetime(2026, 12, 12, 5, 0, tzinfo=UTC))

    def test_answering_a_late_observation_resolves_its_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(COMMISSION):
            observation = hub.issue_observation(case_id, "sedetur", "Observación ficticia")
        clock.advance(days=24)
        with hub.acting_as(SEDETUR):
            hub.answer_observation(case_id, observation.id, "Respuesta ficticia")
        finding = the(Rule.OBSERVATION_UNANSWERED, findings(hub, case_id))
        assert finding.resolved_at == clock.now

    def test_holidays_are_not_business_days(self, hub: Hub, clock: ManualClock) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(COMMISSION):
            hub.issue_observation(case_id, "sedetur", "Observación ficticia")
        with_holiday = ReviewLimits(holidays=frozenset({date(2026, 12, 1)}))
        finding = the(Rule.OBSERVATION_UNANSWERED, findings(hub, case_id, with_holiday))
        assert finding.since.date() == date(2026, 12, 14)

    def test_scenario_7_the_commissions_observation_answered_in_four_days_leaves_no_finding(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        minor = held_minor(hub, clock, notice_after=9 * HOUR)
        clock.advance(days=3)
        with hub.acting_as(COMMISSION):
            observation = hub.issue_observation(
                minor.case_id, "inm", "La PPNNA fue notificada 9 h después (ficticio)"
            )
        clock.advance(days=4)
        with hub.acting_as(INM):
            hub.answer_observation(minor.case_id, observation.id, "Respuesta ficticia")
        assert of(Rule.OBSERVATION_UNANSWERED, findings(hub, minor.case_id)) == []

    def test_an_open_case_with_no_event_for_thirty_days_becomes_idle_on_its_own(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        opened_at = clock.now
        finding = the(Rule.CASE_IDLE, findings(hub, case_id))
        assert (finding.agency, finding.severity) == ("sedetur", "low")
        assert (finding.since, finding.resolved_at) == (opened_at + 30 * DAY, None)
        assert not is_open(finding, opened_at + 29 * DAY)
        assert is_open(finding, opened_at + 31 * DAY)

    def test_the_next_event_resolves_the_idleness_and_a_new_stretch_begins(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        opened_at = clock.now
        clock.advance(days=40)
        with hub.acting_as(SEDETUR):
            hub.assess_risk(case_id, "medium")
        idle, still = of(Rule.CASE_IDLE, findings(hub, case_id))
        assert (idle.since, idle.resolved_at) == (opened_at + 30 * DAY, clock.now)
        assert (still.since, still.resolved_at) == (clock.now + 30 * DAY, None)

    def test_the_commissions_observation_is_not_follow_up_and_does_not_end_idleness(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        opened_at = clock.now
        clock.advance(days=35)
        with hub.acting_as(COMMISSION):
            hub.issue_observation(case_id, "sedetur", "Sin seguimiento (ficticio)")
        finding = the(Rule.CASE_IDLE, findings(hub, case_id))
        assert (finding.since, finding.resolved_at) == (opened_at + 30 * DAY, None)

    def test_a_closed_case_is_not_idle_until_it_is_reopened(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        clock.advance(days=10)
        with hub.acting_as(SEDETUR):
            hub.close_case(case_id, "person_declined_services")
        assert of(Rule.CASE_IDLE, findings(hub, case_id)) == []
        clock.advance(days=60)
        with hub.acting_as(SEDETUR):
            hub.reopen_case(case_id, "person_returned")
        finding = the(Rule.CASE_IDLE, findings(hub, case_id))
        assert (finding.since, finding.resolved_at) == (clock.now + 30 * DAY, None)


def test_the_same_events_give_the_same_findings(hub: Hub, clock: ManualClock) -> None:
    minor = held_minor(hub, clock, notice_after=9 * HOUR)
    clock.advance(days=45)
    first = findings(hub, minor.case_id)
    again = review_findings(minor.case_id, list(hub.timeline(minor.case_id)))
    assert first == again
    assert {f.rule for f in first} == {
        "child_not_notified_to_ppnna",
        "child_in_detention",
        "case_idle",
        "prosecutor_not_notified",  # migration never reported it (CNPP art. 222)
    }
    assert [f.since for f in first] == sorted(f.since for f in first)
