"""The children's route kept by PPNNA (LGDNNA arts. 71-72, 97, 122, 123) and the return gate
(DESIGN.md's reflection period; LGDNNA for a child's return), on the in-memory hub."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import (
    AdultsOnly,
    BestInterestDoesNotSayReturn,
    ChildrenOnly,
    ChildRiskAssessmentRequired,
    NoRestitutionPlan,
    NotAnUrgentMeasure,
    NotTheChildProtectionAuthority,
    ReflectionPeriodRunning,
    RestitutionPlanInForce,
    UnknownCode,
)
from domain.hub import Hub
from domain.review_rules import Rule, review_findings
from domain.review_rules_finding import ReviewLimits
from tests.builders import PPNNA, SEDETUR, SSC, open_adult
from tests.fakes import ManualClock
from tests.unit.children_story import notified_child
from texts.timeline import timeline_lines


def findings_of(hub: Hub, case_id: object, rule: Rule) -> list[object]:
    found = review_findings(case_id, hub.timeline(case_id), ReviewLimits())  # type: ignore[arg-type]
    return [f for f in found if f.rule == rule]


class TestRestitutionPlan:
    def test_ppnna_draws_up_updates_and_concludes_the_restitution_plan(self, hub: Hub) -> None:
        """LGDNNA art. 123: diagnosis, plan, follow-up until every right is restored."""
        case_id = notified_child(hub)
        with hub.acting_as(PPNNA):
            with pytest.raises(NoRestitutionPlan):
                hub.update_restitution_plan(case_id)
            hub.draw_up_restitution_plan(case_id)
            assert hub.get_case(case_id).restitution_plan_in_force
            with pytest.raises(RestitutionPlanInForce):
                hub.draw_up_restitution_plan(case_id)
            hub.update_restitution_plan(case_id)
            hub.conclude_restitution_plan(case_id)
            with pytest.raises(NoRestitutionPlan):
                hub.conclude_restitution_plan(case_id)
        assert not hub.get_case(case_id).restitution_plan_in_force

    def test_only_ppnna_records_the_plan_and_the_best_interest(self, hub: Hub) -> None:
        """LGDNNA arts. 97 and 123: the Procuraduría de Protección, the child's
        representative, draws up the plan and determines the best interest."""
        case_id = notified_child(hub)
        with hub.acting_as(SSC):  # the custodian, who leads the case
            with pytest.raises(NotTheChildProtectionAuthority):
                hub.draw_up_restitution_plan(case_id)
            with pytest.raises(NotTheChildProtectionAuthority):
                hub.determine_best_interest(case_id, "stay_in_mexico")
        assert [type(e).__name__ for e in hub.timeline(case_id)][-1] == "ConsentRecorded"

    def test_an_adults_case_has_no_restitution_plan(self, hub: Hub) -> None:
        """LGDNNA art. 123 protects children; an adult's case has no such plan."""
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR), pytest.raises(ChildrenOnly):
            hub.draw_up_restitution_plan(case_id)


class TestBestInterest:
    def test_the_best_interest_determination_records_its_outcome_code(self, hub: Hub) -> None:
        """LGDNNA arts. 2 and 97: the best interest is determined, and its outcome kept."""
        case_id = notified_child(hub)
        with hub.acting_as(PPNNA):
            with pytest.raises(UnknownCode):
                hub.determine_best_interest(case_id, "deport")
            hub.determine_best_interest(case_id, "family_reunification_in_mexico")
        assert hub.get_case(case_id).best_interest == "family_reunification_in_mexico"
        line = timeline_lines(hub.timeline(case_id))[-1]
        assert "Reunificación familiar en México" in line


class TestUrgentMeasureNotices:
    def test_an_urgent_measure_not_notified_in_24_hours_is_a_finding_until_both_notices(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        """LGDNNA art. 122 fr. VII: PPNNA orders urgent measures "dando aviso de inmediato al
        ministerio público y a la autoridad jurisdiccional competente"."""
        case_id = notified_child(hub)
        with hub.acting_as(PPNNA):
            urgent = hub.start_measure(case_id, "urgent_protection_measure", "ppnna")
        started = hub.get_case(case_id).measure(urgent.id).started_at
        clock.advance(hours=30)
        (finding,) = findings_of(hub, case_id, Rule.URGENT_MEASURE_NOT_NOTIFIED)
        assert (finding.agency, finding.severity) == ("ppnna", "high")  # type: ignore[attr-defined]
        assert finding.since == started + timedelta(hours=24)  # type: ignore[attr-defined]
        assert finding.resolved_at is None  # type: ignore[attr-defined]
        with hub.acting_as(PPNNA):
            hub.notify_urgent_measure(case_id, urgent.id, "prosecutor")
        (still,) = findings_of(hub, case_id, Rule.URGENT_MEASURE_NOT_NOTIFIED)
        assert still.resolved_at is None  # type: ignore[attr-defined]
        with hub.acting_as(PPNNA):
            hub.notify_urgent_measure(case_id, urgent.id, "judge")
        (cured,) = findings_of(hub, case_id, Rule.URGENT_MEASURE_NOT_NOTIFIED)
        assert cured.resolved_at == clock.now  # type: ignore[attr-defined]

    def test_notices_given_at_once_leave_no_finding(self, hub: Hub, clock: ManualClock) -> None:
        """LGDNNA art. 122 fr. VII: notice at once leaves nothing for the commission."""
        case_id = notified_child(hub)
        with hub.acting_as(PPNNA):
            urgent = hub.start_measure(case_id, "urgent_protection_measure", "ppnna")
            hub.notify_urgent_measure(case_id, urgent.id, "prosecutor")
            hub.notify_urgent_measure(case_id, urgent.id, "judge")
        clock.advance(days=3)
        assert findings_of(hub, case_id, Rule.URGENT_MEASURE_NOT_NOTIFIED) == []

    def test_a_notice_is_only_of_an_urgent_measure_and_only_by_ppnna(self, hub: Hub) -> None:
        """LGDNNA art. 122 fr. VII: the notice is PPNNA's, of its urgent measures."""
        case_id = notified_child(hub)
        with hub.acting_as(PPNNA):
            urgent = hub.start_measure(case_id, "urgent_protection_measure", "ppnna")
            other = hub.start_measure(case_id, "legal_assistance", "ppnna")
            with pytest.raises(NotAnUrgentMeasure):
                hub.notify_urgent_measure(case_id, other.id, "judge")
        with hub.acting_as(SSC), pytest.raises(NotTheChildProtectionAuthority):
            hub.notify_urgent_measure(case_id, urgent.id, "judge")


class TestChildHeard:
    def test_the_child_heard_records_when_and_the_interpreter_and_nothing_said(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        """LGDNNA arts. 71-72: the child's right to be heard; only that and when is recorded."""
        case_id = notified_child(hub)
        heard_at = clock.now - timedelta(minutes=10)
        with hub.acting_as(PPNNA):
            hub.record_child_heard(case_id, heard_at, interpreter=True)
        heard = hub.timeline(case_id)[-1]
        assert type(heard).__name__ == "ChildHeard"
        fields = set(vars(heard)) - {"originator_id", "originator_version", "timestamp"}
        assert fields - {"originator_topic", "agency", "account", "traceparent"} == {
            "heard_at",
            "interpreter",
        }
        assert "con intérprete" in timeline_lines([heard])[0]

    def test_the_child_heard_is_for_a_childs_case_and_a_return_request_for_an_adults(
        self, hub: Hub
    ) -> None:
        """LGDNNA arts. 71-72 are children's rights; a child's return is decided by the best
        interest (LGDNNA art. 97), never by a request recorded as the person's decision."""
        adult = open_adult(hub)
        with hub.acting_as(SEDETUR), pytest.raises(ChildrenOnly):
            hub.record_child_heard(adult)
        child = notified_child(hub)
        with hub.acting_as(PPNNA), pytest.raises(AdultsOnly):  # a child's is the best interest's
            hub.record_return_request(child)


class TestReturnGate:
    def test_an_adults_return_waits_for_the_reflection_period_unless_she_asks(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        """DESIGN.md: a reflection period of at least 30 days before any return (the minimum
        of the Council of Europe Convention, art. 13), unless the person asks to return."""
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["oim"], ["assisted_return"], informed_in="es")
            hub.assess_risk(case_id, "low")
            hub.screen_for_protection(case_id, "declined")  # a foreign national (LRPCAP art. 6)
            with pytest.raises(ReflectionPeriodRunning) as refused:
                hub.issue_referral(case_id, "oim", "assisted_return")
            assert refused.value.field == "service"
            hub.record_return_request(case_id)
            hub.issue_referral(case_id, "oim", "assisted_return")

    def test_an_adults_return_may_be_referred_once_the_period_is_over(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        """DESIGN.md: 30 days from detection."""
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["oim"], ["assisted_return"], informed_in="es")
            hub.assess_risk(case_id, "low")
            hub.screen_for_protection(case_id, "declined")  # a foreign national (LRPCAP art. 6)
        clock.advance(days=30)
        with hub.acting_as(SEDETUR):
            hub.issue_referral(case_id, "oim", "assisted_return")

    def test_a_child_returns_only_after_the_best_interest_says_so_and_ppnnas_risk_assessment(
        self, hub: Hub
    ) -> None:
        """LGDNNA arts. 97 and 123: a child's return follows the determination of the best
        interest and the competent authority's diagnosis of the risk."""
        case_id = notified_child(hub)
        with hub.acting_as(SSC):
            hub.assess_risk(case_id, "low")  # the police's, not the competent authority's
        with hub.acting_as(PPNNA):
            hub.screen_for_protection(case_id, "declined")  # a foreign child (LRPCAP art. 6)
            with pytest.raises(BestInterestDoesNotSayReturn):
                hub.issue_referral(case_id, "oim", "assisted_return")
            hub.determine_best_interest(case_id, "stay_in_mexico")
            with pytest.raises(BestInterestDoesNotSayReturn):
                hub.issue_referral(case_id, "oim", "assisted_return")
            hub.determine_best_interest(case_id, "return_to_country_of_origin")
            with pytest.raises(ChildRiskAssessmentRequired):
                hub.issue_referral(case_id, "oim", "assisted_return")
            hub.assess_risk(case_id, "low")
            hub.issue_referral(case_id, "oim", "assisted_return")
        services = [str(r.service) for r in hub.get_case(case_id).referrals]
        assert services.count("assisted_return") == 1
