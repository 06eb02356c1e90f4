"""ARCO requests in the review view: ``arco_overdue`` findings against the administrator agency,
kept beside the findings of the case the request is about."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.hub import Hub
from domain.review_rules_arco import arco_deadlines
from domain.review_rules_finding import ReviewLimits
from projections.review import ReviewProjection
from projections.review_memory import POPOReviewView
from tests.builders import ADMIN, SSC, open_child
from tests.fakes import ManualClock
from tests.unit.test_review_view import Review

RULE = "arco_overdue"
LOCAL = timedelta(hours=-5)


@pytest.fixture
def review(hub: Hub) -> Review:
    return Review(hub, ReviewProjection(POPOReviewView(), reader=hub))


def received(hub: Hub, case_id: UUID, kind: str = "access") -> UUID:
    with hub.acting_as(ADMIN):
        folio = hub.get_case(case_id).folio
        return hub.receive_arco_request(folio, kind, "holder", True, hub.clock()).id


def test_a_request_unanswered_for_twenty_business_days_is_overdue_against_segob_until_answered(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    """LGPDPPSO art. 45: the answer within 20 business days of receipt; SEGOB's unit of
    transparency answers for Ruta. The finding resolves when the answer is recorded."""
    case_id = open_child(hub)
    request_id = received(hub, case_id)  # Friday 20 November 2026
    review.catch_up()
    due = arco_deadlines(hub.arco_request(request_id), hub.limits).answer_due
    assert (due + LOCAL).date() == date(2026, 12, 18)
    assert review.rules(due - timedelta(microseconds=1), rule=RULE) == []
    (finding,) = review.view.findings(at=due, rule=RULE)
    assert (finding.case_id, finding.agency, finding.subject_id) == (case_id, "segob", request_id)
    assert review.view.count(at=due, agency="segob", rule=RULE) == 1

    clock.advance(days=30)
    with hub.acting_as(ADMIN):
        hub.answer_arco_request(request_id, "granted", None)
    review.catch_up()
    assert review.rules(clock.now, rule=RULE) == []
    (resolved,) = review.view.findings(at=clock.now, rule=RULE, state="resolved")
    assert resolved.resolved_at == clock.now


def test_an_extension_within_the_first_term_moves_the_deadline_by_ten_business_days(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    """LGPDPPSO art. 45: the term may be extended once, by up to 10 business days, if the
    holder is told within the first term."""
    request_id = received(hub, open_child(hub))
    first = arco_deadlines(hub.arco_request(request_id), hub.limits).answer_due
    clock.advance(days=3)
    with hub.acting_as(ADMIN):
        hub.extend_arco_request(request_id, "several_agencies")
    review.catch_up()
    later = arco_deadlines(hub.arco_request(request_id), hub.limits).answer_due
    # Ten business days more: 25 December and 1 January are days of rest (LFT art. 74).
    assert (later + LOCAL).date() == date(2027, 1, 5)
    assert review.rules(first, rule=RULE) == []
    assert review.rules(later, rule=RULE) == [(RULE, "segob")]


def test_the_cases_own_events_keep_the_findings_of_its_requests_and_the_other_way_round(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    """Each stream replaces only its own rows: a case event after a request, or a request's
    event after the case's findings, leaves the other's findings as they were."""
    case_id = open_child(hub)  # PPNNA not notified: a finding against SSC an hour on
    request_id = received(hub, case_id)
    clock.advance(days=40)
    with hub.acting_as(SSC):
        hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    review.catch_up()
    at = clock.now
    rules = set(review.rules(at, state="all", case_id=case_id))
    assert {(RULE, "segob"), ("child_not_notified_to_ppnna", "ssc")} <= rules
    with hub.acting_as(ADMIN):
        hub.answer_arco_request(request_id, "refused", "obstructs_proceedings")
    review.catch_up()
    assert set(review.rules(at, state="all", case_id=case_id)) == rules
    fresh = Review(hub, ReviewProjection(POPOReviewView(), reader=hub))
    fresh.catch_up()  # built again from the log: the same rows
    assert fresh.view.findings(at=at, state="all") == review.view.findings(at=at, state="all")


def test_the_deadlines_follow_the_deployments_limits(hub: Hub, review: Review) -> None:
    request_id = received(hub, open_child(hub))
    quick = Review(hub, ReviewProjection(POPOReviewView(), reader=hub, limits=_five_days()))
    quick.catch_up()
    due = arco_deadlines(hub.arco_request(request_id), _five_days()).answer_due
    assert (due + LOCAL).date() == date(2026, 11, 27)
    assert quick.rules(due, rule=RULE) == [(RULE, "segob")]


def _five_days() -> ReviewLimits:
    return ReviewLimits(arco_answer_business_days=5)
