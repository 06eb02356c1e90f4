"""The review projection on the in-memory view, fed with a real hub's log."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import IntegrityError, Tracking

from adapters.bootstrap.view_runners import review_limits
from domain.hub import Hub
from domain.review_rules import Finding, ReviewLimits, has_begun, review_findings
from projections.review import ReviewProjection
from projections.review_memory import POPOReviewView
from projections.review_query import FindingQuery, finding_rows
from tests.builders import ADMIN, DIF, IQM, SEDETUR, SSC, open_adult, open_child
from tests.fakes import FakeSealer, ManualClock

LATER = timedelta(days=400)  # after every deadline of the rules


class Review:
    """The projection fed by hand from the hub's log, as a runner would feed it."""

    def __init__(self, hub: Hub, projection: ReviewProjection) -> None:
        self.hub, self.projection, self.view = hub, projection, projection.view

    def catch_up(self, limit: int = 1000) -> None:
        after = self.view.max_tracking_id(self.hub.name) or 0
        for n in self.hub.recorder.select_notifications(after, limit, inclusive_of_start=False):
            event = self.hub.mapper.to_domain_event(n)
            self.projection.process_event(event, Tracking(self.hub.name, n.id))

    def rules(self, at: datetime, **filters: Any) -> list[tuple[str, str]]:
        return [(f.rule, f.agency) for f in self.view.findings(at=at, **filters)]


@pytest.fixture
def review(hub: Hub) -> Review:
    return Review(hub, ReviewProjection(POPOReviewView(), reader=hub))


def referred(hub: Hub, urgency: str = "normal") -> tuple[UUID, UUID]:
    """Scenario 1: SEDETUR refers her to IQM for psychological care."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm", "dif"], ["psychological", "shelter"])
        referral = hub.issue_referral(case_id, "iqm", "psychological", urgency=urgency)
    return case_id, referral.id


def test_a_child_not_notified_to_ppnna_is_a_finding_from_its_deadline_without_another_event(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id = open_child(hub)  # detected 20 minutes ago: PPNNA is due 40 minutes from now
    review.catch_up()
    deadline = hub.get_case(case_id).detection.detected_at + timedelta(hours=1)

    rule = "child_not_notified_to_ppnna"
    assert review.rules(deadline - timedelta(microseconds=1), rule=rule) == []
    (finding,) = review.view.findings(at=deadline, rule=rule)
    assert (finding.case_id, finding.agency, finding.severity) == (case_id, "ssc", "high")
    assert (finding.since, finding.resolved_at) == (deadline, None)


def test_a_finding_cured_late_is_resolved_from_then_and_open_before(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id = open_child(hub)
    clock.advance(hours=9)  # scenario 7: the notice came nine hours after the detection
    with hub.acting_as(SSC):
        hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    review.catch_up()
    rule = "child_not_notified_to_ppnna"

    before = clock.now - timedelta(hours=1)
    assert review.rules(before, rule=rule) == [(rule, "ssc")]
    assert review.rules(before, rule=rule, state="resolved") == []
    assert review.rules(clock.now, rule=rule) == []
    (resolved,) = review.view.findings(at=clock.now, rule=rule, state="resolved")
    assert resolved.resolved_at == clock.now
    assert review.view.findings(at=before, rule=rule, state="all") == [
        Finding(rule, case_id, "ssc", "high", resolved.since, clock.now)
    ]


def test_a_condition_cured_in_time_leaves_no_finding(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id, referral_id = referred(hub)
    clock.advance(hours=2)
    with hub.acting_as(IQM):
        hub.accept_referral(case_id, referral_id)
    review.catch_up()

    assert (
        review.rules(clock.now + timedelta(days=2), state="all", rule="referral_unanswered") == []
    )


def test_the_views_findings_are_the_domains_findings_from_the_cases_events(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id, referral_id = referred(hub, urgency="urgent")
    child = open_child(hub)
    with hub.acting_as(SEDETUR):
        handoff = hub.initiate_handoff(case_id, "dif")
    clock.advance(hours=5)
    with hub.acting_as(IQM):
        hub.decline_referral(case_id, referral_id, "no_complaint_filed")
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
        hub.release_custody(case_id, "other")
    with hub.acting_as(SSC):
        hub.issue_referral(child, "ppnna", "child_protection")
    review.catch_up()
    far = clock.now + LATER

    for case in (case_id, child):
        expected = review_findings(case, hub.timeline(case))
        assert review.view.findings(at=far, case_id=case, state="all") == expected
    rules = {f.rule for f in review.view.findings(at=far, state="all")}
    assert {"referral_unanswered", "services_conditioned", "custody_gap"} <= rules


def test_the_findings_are_computed_from_the_events_up_to_the_one_processed(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id = open_child(hub)
    clock.advance(hours=3)
    with hub.acting_as(SSC):
        hub.issue_referral(case_id, "ppnna", "child_protection")
    review.catch_up(limit=1)  # the opening only: the referral is already in the store
    far = clock.now + LATER

    unresolved = review.view.findings(at=far, rule="child_not_notified_to_ppnna")
    assert [f.resolved_at for f in unresolved] == [None]
    opening = list(hub.events.get(case_id, lte=1))
    assert review.view.findings(at=far, state="all") == review_findings(case_id, opening)

    review.catch_up()
    (resolved,) = review.view.findings(at=far, rule="child_not_notified_to_ppnna", state="all")
    assert resolved.resolved_at == clock.now


def test_the_limits_are_configurable(hub: Hub, clock: ManualClock) -> None:
    strict = ReviewLimits(ppnna_notice=timedelta(minutes=10))
    review = Review(hub, ReviewProjection(POPOReviewView(), reader=hub, limits=strict))

    case_id = open_child(hub)
    review.catch_up()

    (finding,) = review.view.findings(at=clock.now, rule="child_not_notified_to_ppnna")
    assert finding.since == hub.get_case(case_id).detection.detected_at + timedelta(minutes=10)


def test_the_filters_select_by_agency_rule_severity_case_and_when_it_began(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    adult, _ = referred(hub, urgency="urgent")  # IQM owes an answer within the hour
    child = open_child(hub)  # SSC owes PPNNA's notice within 40 minutes
    review.catch_up()
    at = clock.now + timedelta(hours=2)

    assert review.rules(at) == [
        ("child_not_notified_to_ppnna", "ssc"),
        ("referral_unanswered", "iqm"),
    ]
    assert review.rules(at, agency="iqm") == [("referral_unanswered", "iqm")]
    assert review.rules(at, rule="referral_unanswered", severity="medium") == []
    assert review.rules(at, severity="high", case_id=child) == [
        ("child_not_notified_to_ppnna", "ssc")
    ]
    assert [f.case_id for f in review.view.findings(at=at, case_id=adult)] == [adult]
    one_hour = clock.now + timedelta(hours=1)
    assert review.rules(at, since_from=one_hour) == [("referral_unanswered", "iqm")]
    assert review.rules(at, since_to=one_hour) == [("child_not_notified_to_ppnna", "ssc")]
    assert review.rules(at, agency="dif") == []


def test_pages_run_oldest_first_and_resume_after_the_cursor(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    opened = []
    for _ in range(5):
        opened.append(open_child(hub))
        clock.advance(minutes=1)
    review.catch_up()
    at = clock.now + timedelta(hours=2)

    pages, after = [], None
    while True:
        page = review.view.findings(at=at, limit=2, after=after)
        pages.append(page)
        after = page.next_cursor
        if after is None:
            break

    assert [len(p) for p in pages] == [2, 2, 1]
    assert [f.case_id for p in pages for f in p] == opened
    assert review.view.findings(at=at, limit=5).next_cursor is None


def test_findings_alike_in_all_but_severity_are_both_kept_and_paged_apart(hub: Hub) -> None:
    view = POPOReviewView()
    case_id, at = uuid4(), datetime.fromisoformat("2026-11-20T10:00:00-05:00")
    alike = [
        Finding("whereabouts_unknown", case_id, "dif", "high", at),
        Finding("whereabouts_unknown", case_id, "dif", "critical", at),
    ]
    view.replace_findings(case_id, 3, finding_rows(alike), Tracking(hub.name, 1))

    first = view.findings(at=at, limit=1)
    second = view.findings(at=at, limit=1, after=first.next_cursor)

    assert [*first, *second] == alike
    assert second.next_cursor is None


def test_events_of_other_aggregates_are_tracked_and_change_nothing(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    open_child(hub)
    review.catch_up()
    far = clock.now + LATER
    before = review.view.findings(at=far, state="all")

    with hub.acting_as(ADMIN):
        position = hub.open_account("ppnna", ["caseworker"]).position
    review.catch_up()

    assert review.view.max_tracking_id(hub.name) == position
    assert review.view.findings(at=far, state="all") == before


def test_an_event_already_tracked_is_refused_and_changes_nothing(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id = open_child(hub)
    review.catch_up()
    far = clock.now + LATER
    before = review.view.findings(at=far, state="all")
    position = review.view.max_tracking_id(hub.name)
    assert position is not None
    tracking = Tracking(hub.name, position)

    with pytest.raises(IntegrityError):
        review.view.replace_findings(case_id, 2, [], tracking)
    first = hub.recorder.select_notifications(start=position, limit=1)[0]
    with pytest.raises(IntegrityError):
        review.projection.process_event(hub.mapper.to_domain_event(first), tracking)

    assert review.view.findings(at=far, state="all") == before
    assert review.view.case_version(case_id) == 1


def test_an_event_delivered_again_at_a_later_position_is_only_tracked(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id = open_child(hub)
    review.catch_up()
    far = clock.now + LATER
    before = review.view.findings(at=far, state="all")
    (opened,) = hub.events.get(case_id)

    for projection in (review.projection, ReviewProjection(review.view, reader=hub)):
        position = (review.view.max_tracking_id(hub.name) or 0) + 1
        projection.process_event(opened, Tracking(hub.name, position))
        assert review.view.max_tracking_id(hub.name) == position
        assert review.view.findings(at=far, state="all") == before


def test_a_new_projection_reads_the_cases_events_from_the_store(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    case_id, referral_id = referred(hub)
    review.catch_up()
    clock.advance(days=2)
    with hub.acting_as(IQM):
        hub.accept_referral(case_id, referral_id)
    restarted = Review(hub, ReviewProjection(review.view, reader=hub))  # nothing in memory
    restarted.catch_up()

    (late,) = restarted.view.findings(at=clock.now, state="resolved")
    assert (late.rule, late.subject_id, late.resolved_at) == (
        "referral_unanswered",
        referral_id,
        clock.now,
    )


def test_a_store_without_the_cases_events_stops_the_projection_and_writes_nothing(
    hub: Hub, clock: ManualClock
) -> None:
    elsewhere = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer())
    review = Review(hub, ReviewProjection(POPOReviewView(), reader=elsewhere))
    case_id = open_child(hub)

    with pytest.raises(OriginatorVersionError):
        review.catch_up()

    assert review.view.case_version(case_id) is None
    assert review.view.max_tracking_id(hub.name) is None


def test_an_event_after_a_missing_one_stops_the_projection(hub: Hub, review: Review) -> None:
    case_id, _ = referred(hub)
    _, _, issued = hub.events.get(case_id)

    with pytest.raises(OriginatorVersionError):
        review.projection.process_event(issued, Tracking(hub.name, 3))
    assert review.view.max_tracking_id(hub.name) is None


def test_every_finding_has_begun_by_the_time_it_is_listed(
    hub: Hub, clock: ManualClock, review: Review
) -> None:
    referred(hub)
    open_child(hub)
    review.catch_up()

    for hours in (0, 1, 2, 30, 24 * 40):
        at = clock.now + timedelta(hours=hours)
        listed = review.view.findings(at=at, state="all")
        assert all(has_begun(f, at) for f in listed)
        expected = [
            f
            for case_id in {f.case_id for f in review.view.findings(at=at + LATER, state="all")}
            for f in review_findings(case_id, hub.timeline(case_id))
            if has_begun(f, at)
        ]
        assert sorted(listed, key=repr) == sorted(expected, key=repr)


@pytest.mark.parametrize(
    "bad",
    [
        {"state": "pending"},
        {"rule": "late"},
        {"severity": "grave"},
        {"limit": 0},
        {"limit": 1001},
        {"at": datetime(2026, 11, 20, 14, 0)},
        {"since_from": datetime(2026, 11, 20, 14, 0)},
        {"after": "not-a-cursor"},
    ],
    ids=["state", "rule", "severity", "zero", "big", "naive", "naive_from", "cursor"],
)
def test_a_query_out_of_range_is_refused(clock: ManualClock, bad: dict[str, Any]) -> None:
    query: dict[str, Any] = {"at": clock.now, **bad}
    with pytest.raises(ValueError, match=next(iter(bad)).split("_")[0]):
        FindingQuery(**query)


ANY_CASE = "5b1f0c2e9d8a4f7b8c3e6a1d2f4b7c90"  # a fixed id: parameters name the tests alike


def encoded(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "%%%",
        encoded([1, 2]),
        encoded({"since": 1}),
        encoded([10**30, ANY_CASE, "case_idle", "", "dif", 0]),  # no time holds it
        encoded([0, "not-a-uuid", "case_idle", "", "dif", 0]),
        encoded([0, ANY_CASE, "case_idle", "nope", "dif", 0]),
        encoded([0, ANY_CASE, "case_idle", "", "dif", -1]),
        encoded([0, ANY_CASE, 7, "", "dif", 0]),
    ],
)
def test_a_cursor_that_no_page_gave_is_refused(clock: ManualClock, cursor: str) -> None:
    with pytest.raises(ValueError, match="not a cursor"):
        FindingQuery(clock.now, after=cursor)


def test_the_limits_take_the_catalogues_prosecutors_and_local_time(hub: Hub) -> None:
    limits = review_limits(hub.catalogue, ReviewLimits(idle=timedelta(days=10)))

    assert limits.prosecutors == {"fge", "fgr"}
    assert limits.local_offset == hub.catalogue.utc_offset
    assert limits.idle == timedelta(days=10)  # the rest as given
