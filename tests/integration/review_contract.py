"""The review view's contract on a real store, written once: the runner follows a hub that writes
to the same store, each event is applied exactly once, a new runner resumes, the findings are the
domain's from the case's stored events, and the queries filter and page on the real view."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from adapters.bootstrap.view_runners import start_review
from adapters.view_runner import ReviewRunner
from adapters.view_settings import open_view
from domain.agencies import load_catalogue
from domain.hub import Hub
from domain.review_rules import Finding, review_findings
from projections.review import ReviewView
from projections.review_query import finding_rows
from tests.builders import (
    ADMIN,
    IQM,
    SEDETUR,
    SSC,
    adult_report,
    child_report,
    open_adult,
    open_child,
)
from tests.fakes import FakeSealer, ManualClock
from tests.integration.custody_contract import handed_over_and_lost
from tests.integration.view_stores import WAIT, ViewStore

LATER = timedelta(days=400)  # after every deadline of the rules
NOTICE = "child_not_notified_to_ppnna"


class ReviewContract:
    """Subclass as ``Test...`` and provide the fixture ``review_store``."""

    @pytest.fixture
    def clock(self) -> ManualClock:
        return ManualClock()

    @pytest.fixture
    def writer(self, review_store: ViewStore, clock: ManualClock) -> Iterator[Hub]:
        """The hub as the API process has it, writing to the store the runner follows."""
        hub = Hub(review_store.env, sealer=FakeSealer(), clock=clock)
        yield hub
        hub.close()

    def runner(self, store: ViewStore) -> ReviewRunner:
        return start_review(store.env, store.data_dir, catalogue=load_catalogue())

    def test_the_runner_follows_the_hub_and_a_deadline_fires_without_another_event(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        with self.runner(review_store) as runner:
            with writer.acting_as(SSC):
                opened = writer.open_case(child_report(clock()))
            runner.wait(opened.position, timeout=WAIT)
            deadline = writer.get_case(opened.case_id).detection.detected_at + timedelta(hours=1)
            assert runner.view.findings(at=deadline - timedelta(microseconds=1)) == []
            (finding,) = runner.view.findings(at=deadline)
            assert (finding.rule, finding.agency, finding.since) == (NOTICE, "ssc", deadline)

            clock.advance(hours=9)
            with writer.acting_as(SSC):
                position = writer.issue_referral(
                    opened.case_id, "ppnna", "child_protection"
                ).position
            runner.wait(position, timeout=WAIT)
            assert runner.view.findings(at=clock.now, rule=NOTICE) == []
            (resolved,) = runner.view.findings(at=clock.now, rule=NOTICE, state="resolved")
            assert resolved.resolved_at == clock.now

    def test_waiting_for_the_position_of_another_aggregate_returns(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        with self.runner(review_store) as runner:
            with writer.acting_as(ADMIN):
                position = writer.open_account("dif", ["caseworker"]).position
            runner.wait(position, timeout=WAIT)
            assert runner.view.max_tracking_id(writer.name) == position
            assert runner.view.findings(at=clock.now + LATER, state="all") == []

    def test_the_findings_are_the_domains_from_the_stored_events(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        lost = handed_over_and_lost(writer, clock)
        child = open_child(writer)
        adult = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(adult, ["iqm"], ["psychological"])
            referral = writer.issue_referral(adult, "iqm", "psychological", urgency="urgent")
        clock.advance(hours=3)
        with writer.acting_as(IQM):
            writer.decline_referral(adult, referral.id, "no_complaint_filed")
        with self.runner(review_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            far = clock.now + LATER
            for case_id in (lost, child, adult):
                expected = review_findings(case_id, writer.timeline(case_id))
                assert runner.view.findings(at=far, case_id=case_id, state="all") == expected
            rules = {f.rule for f in runner.view.findings(at=far, state="all", limit=1000)}
        assert {NOTICE, "custody_gap", "whereabouts_unknown", "services_conditioned"} <= rules

    def test_a_position_already_tracked_is_refused_and_the_findings_stay_as_they_were(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        case_id = open_child(writer)
        with self.runner(review_store) as runner:
            last = writer.recorder.max_notification_id()
            assert last is not None
            runner.wait(last, timeout=WAIT)
            view, far = runner.view, clock.now + LATER
            before = view.findings(at=far, state="all")
            assert before != []

            tracking = Tracking(writer.name, last)
            with pytest.raises(IntegrityError):
                view.replace_findings(case_id, 5, [], tracking)
            first = writer.recorder.select_notifications(start=last, limit=1)[0]
            with pytest.raises(IntegrityError):
                runner.projection.process_event(writer.mapper.to_domain_event(first), tracking)

            assert view.findings(at=far, state="all") == before
            assert view.case_version(case_id) == 1

    def test_a_new_runner_resumes_where_the_last_stopped_and_applies_nothing_twice(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        quiet = open_child(writer)
        busy = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(busy, ["iqm"], ["psychological"])
            referral = writer.issue_referral(busy, "iqm", "psychological")
        with self.runner(review_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
        far = clock.now + LATER

        clock.advance(days=2)
        with writer.acting_as(IQM):
            writer.accept_referral(busy, referral.id)
        added = open_child(writer)
        last = writer.recorder.max_notification_id()

        # Leaving the block re-raises any error of the runner's thread, such as the
        # IntegrityError of an event delivered twice.
        with self.runner(review_store) as runner:
            runner.wait(last, timeout=WAIT)
            view = runner.view
            for case_id in (quiet, busy, added):
                expected = review_findings(case_id, writer.timeline(case_id))
                assert view.findings(at=far, case_id=case_id, state="all") == expected
            (late,) = view.findings(at=clock.now, rule="referral_unanswered", state="resolved")
            assert (late.subject_id, late.resolved_at) == (referral.id, clock.now)
            assert view.max_tracking_id(writer.name) == last

    def test_the_queries_filter_and_page_on_the_real_view(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        children = []
        for _ in range(5):
            children.append(open_child(writer))
            clock.advance(minutes=1)
        adult = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(adult, ["iqm"], ["psychological"])
            writer.issue_referral(adult, "iqm", "psychological", urgency="urgent")
        at = clock.now + timedelta(hours=2)

        with self.runner(review_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            view = runner.view

            def cases(**filters: Any) -> list[UUID]:
                return [f.case_id for f in view.findings(at=at, **filters)]

            assert cases() == [*children, adult]  # oldest first
            assert cases(agency="iqm") == cases(rule="referral_unanswered") == [adult]
            assert cases(severity="high", agency="ssc") == children
            assert cases(severity="medium") == []
            assert cases(case_id=children[2]) == [children[2]]
            second = view.findings(at=at, case_id=children[1])[0].since
            assert cases(since_from=second, since_to=second + timedelta(minutes=2)) == [
                children[1],
                children[2],
            ]
            assert cases(state="resolved") == []
            assert cases(agency="dif") == []

            pages, after = [], None
            while True:
                page = view.findings(at=at, limit=2, after=after)
                pages.append([f.case_id for f in page])
                if (after := page.next_cursor) is None:
                    break
            assert pages == [children[:2], children[2:4], [children[4], adult]]

            # A count is what the pages list, filter for filter, without reading them.
            for filters in (
                {},
                {"agency": "iqm"},
                {"severity": "high", "agency": "ssc"},
                {"state": "resolved"},
                {"state": "all"},
                {"since_from": second, "since_to": second + timedelta(minutes=2)},
            ):
                assert view.count(at=at, **filters) == len(cases(**filters)), filters
            assert view.count(at=at) == 6

    def test_findings_alike_but_for_severity_are_kept_and_paged_apart(
        self, review_store: ViewStore
    ) -> None:
        view: ReviewView = open_view("Review", review_store.env, review_store.data_dir)
        try:
            case_id, subject = uuid4(), uuid4()
            at = datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
            found = [
                Finding("whereabouts_unknown", case_id, "dif", "high", at),
                Finding("whereabouts_unknown", case_id, "dif", "critical", at),
                Finding("referral_unanswered", case_id, "iqm", "medium", at, subject_id=subject),
                Finding("case_idle", case_id, "dif", "low", at, at + timedelta(hours=1)),
            ]
            view.replace_findings(case_id, 9, finding_rows(found), Tracking("Elsewhere", 1))

            listed: list[Finding] = []
            after: str | None = None
            while True:
                page = view.findings(at=at, state="all", limit=1, after=after)
                listed.extend(page)
                if (after := page.next_cursor) is None:
                    break
            assert listed == [found[3], found[2], found[0], found[1]]  # rule, subject, n
            assert view.findings(at=at) == [found[3], found[2], found[0], found[1]]
            # The idle finding was resolved an hour later: open no more, but resolved.
            later = at + timedelta(hours=1)
            assert view.findings(at=later) == [found[2], found[0], found[1]]
            assert view.findings(at=later, state="resolved") == [found[3]]
        finally:
            view.close()

    def test_concurrent_writers_lose_no_event_to_the_follower(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        def open_and_refer(_: int) -> int:
            with writer.acting_as(SEDETUR):
                case_id = writer.open_case(adult_report(writer.clock())).case_id
                writer.record_consent(case_id, ["iqm"], ["psychological"])
                return writer.issue_referral(case_id, "iqm", "psychological").position

        with self.runner(review_store) as runner:
            with ThreadPoolExecutor(max_workers=8) as pool:
                positions = list(pool.map(open_and_refer, range(48)))
            runner.wait(max(positions), timeout=WAIT * 3)
            late = runner.view.findings(at=clock.now + timedelta(days=2), limit=100)
        # Each case also owes its notice to the prosecutor by now (CNPP art. 222): not this test's.
        unanswered = [f for f in late if f.rule == "referral_unanswered"]
        assert len(unanswered) == 48
        assert len({f.case_id for f in unanswered}) == 48

    def test_an_arco_requests_findings_are_kept_beside_its_cases_and_resolve_when_answered(
        self, review_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        """LGPDPPSO art. 45: an answer later than 20 business days is ``arco_overdue`` against
        SEGOB's unit of transparency, on the case the request is about; the case's own events
        replace only the case's findings, and the request's only the request's."""
        case_id = open_child(writer)
        with writer.acting_as(ADMIN):
            folio = writer.get_case(case_id).folio
            request_id = writer.receive_arco_request(folio, "access", "holder", True, clock()).id
        clock.advance(days=40)
        with writer.acting_as(SSC):
            writer.issue_referral(case_id, "ppnna", "child_protection")
        with self.runner(review_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            (late,) = runner.view.findings(at=clock.now, rule="arco_overdue")
            assert (late.case_id, late.agency, late.subject_id) == (case_id, "segob", request_id)
            assert runner.view.count(at=clock.now, agency="segob") == 1
            assert runner.view.findings(at=clock.now, rule=NOTICE, state="resolved") != []
            with writer.acting_as(ADMIN):
                position = writer.answer_arco_request(request_id, "granted", None)
            runner.wait(position, timeout=WAIT)
            assert runner.view.findings(at=clock.now, rule="arco_overdue") == []
            (cured,) = runner.view.findings(at=clock.now, rule="arco_overdue", state="resolved")
            assert cured.resolved_at == clock.now
            rules = {f.rule for f in runner.view.findings(at=clock.now, state="all")}
            assert {NOTICE, "arco_overdue"} <= rules
            assert runner.view.case_version(request_id) == 2
