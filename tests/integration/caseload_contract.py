"""The caseload's contract on a real store, written once: the runner follows a hub that writes
to the same store, each event is applied exactly once, a new runner resumes, queries work."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from adapters.bootstrap.view_runners import start_caseload
from adapters.view_runner import CaseloadRunner
from adapters.view_settings import open_view
from domain.access import Level
from domain.agencies import load_catalogue
from domain.hub import Hub
from projections.caseload import CaseloadProjection
from projections.caseload_rows import ALL_CASES
from tests.builders import ADMIN, DIF, SEDETUR, adult_report, open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.integration.view_stores import WAIT, ViewStore


class CaseloadContract:
    """Subclass as ``Test...`` and provide the fixture ``caseload_store``."""

    @pytest.fixture
    def clock(self) -> ManualClock:
        return ManualClock()

    @pytest.fixture
    def writer(self, caseload_store: ViewStore, clock: ManualClock) -> Iterator[Hub]:
        """The hub as the API process has it, writing to the store the runner follows."""
        hub = Hub(caseload_store.env, sealer=FakeSealer(), clock=clock)
        yield hub
        hub.close()

    def runner(self, store: ViewStore) -> CaseloadRunner:
        return start_caseload(store.env, store.data_dir, catalogue=load_catalogue())

    def test_the_runner_follows_the_hub_and_wait_returns_once_the_view_has_the_position(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        with self.runner(caseload_store) as runner:
            with writer.acting_as(SEDETUR):
                opened = writer.open_case(adult_report(writer.clock()))
            runner.wait(opened.position, timeout=WAIT)
            assert runner.view.entry("sedetur", opened.case_id) is not None

            with writer.acting_as(SEDETUR):
                writer.record_consent(opened.case_id, ["iqm"], ["psychological"])
                position = writer.issue_referral(opened.case_id, "iqm", "psychological").position
            runner.wait(position, timeout=WAIT)
            entry = runner.view.entry("iqm", opened.case_id)
            assert entry is not None
            assert (entry.pending_referrals, entry.last_position) == (1, position)

    def test_waiting_for_the_position_of_another_aggregate_returns(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        with self.runner(caseload_store) as runner:
            with writer.acting_as(ADMIN):
                position = writer.open_account("dif", ["caseworker"]).position
            runner.wait(position, timeout=WAIT)
            assert runner.view.max_tracking_id(writer.name) == position
            assert runner.view.caseload(ALL_CASES) == []

    def test_a_position_already_tracked_is_refused_and_the_rows_stay_as_they_were(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        case_id = open_adult(writer)
        with self.runner(caseload_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            view = runner.view
            stored, entry = view.stored_case(case_id), view.entry("sedetur", case_id)
            assert stored is not None
            assert entry is not None

            tracking = Tracking(writer.name, entry.last_position)
            with pytest.raises(IntegrityError):
                view.replace_case(stored, [replace(entry, pending_referrals=99)], tracking)
            first = writer.recorder.select_notifications(start=entry.last_position, limit=1)[0]
            with pytest.raises(IntegrityError):
                runner.projection.process_event(writer.mapper.to_domain_event(first), tracking)

            assert view.entry("sedetur", case_id) == entry
            assert view.stored_case(case_id) == stored

    def test_a_new_runner_resumes_where_the_last_stopped_and_applies_nothing_twice(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        quiet = open_adult(writer)
        busy = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(busy, ["iqm", "dif"], ["psychological", "shelter"])
            writer.issue_referral(busy, "iqm", "psychological")
        with self.runner(caseload_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            before = runner.view.entry("sedetur", quiet)
        assert before is not None

        with writer.acting_as(SEDETUR):
            position = writer.issue_referral(busy, "dif", "shelter").position
        added = open_adult(writer)
        last = writer.recorder.max_notification_id()

        # Leaving the block re-raises any error of the runner's thread, such as the
        # IntegrityError of an event delivered twice.
        with self.runner(caseload_store) as runner:
            runner.wait(last, timeout=WAIT)
            view = runner.view
            everything = view.entry(ALL_CASES, busy)
            assert everything is not None
            assert (everything.pending_referrals, everything.last_position) == (2, position)
            assert view.entry("sedetur", quiet) == before  # not applied again
            assert view.entry("sedetur", added) is not None
            assert len(view.caseload(ALL_CASES)) == 3
            assert view.max_tracking_id(writer.name) == last

    def test_the_queries_filter_and_page_on_the_real_view(
        self, caseload_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        late = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(late, ["iqm"], ["psychological"])
            writer.issue_referral(late, "iqm", "psychological", urgency="urgent")
        closed = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.close_case(closed, "duplicate")
        due = clock() + timedelta(hours=1)
        before_free = clock()
        clock.advance(minutes=1)
        free = open_adult(writer, in_custody=False)

        with self.runner(caseload_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            view = runner.view

            def ids(agency: str, **filters: Any) -> list[UUID]:
                return [e.case_id for e in view.caseload(agency, **filters)]

            assert ids("sedetur") == [free, closed, late]
            assert ids("sedetur", status="open") == [free, late]
            assert ids("sedetur", status="closed") == [closed]
            assert ids("sedetur", relation="custodian") == [closed, late]
            assert ids("sedetur", relation="sent_referral") == [late]
            assert ids("iqm", overdue_at=due) == []
            assert ids("iqm", overdue_at=due + timedelta(seconds=1)) == [late]
            assert ids("iqm", owing=True) == [late]  # the referral it must answer
            assert ids("sedetur", owing=True) == []  # a referral it sent is not owed by it
            assert ids("sedetur", moved_after=before_free) == [free]  # moved since
            assert ids("sedetur", moved_after=before_free - timedelta(seconds=1)) == [
                free,
                closed,
                late,
            ]
            assert ids("sedetur", moved_after=clock()) == []
            page = view.caseload("sedetur", limit=2)
            assert ids("sedetur", after=page[-1].cursor) == [late]
            assert ids("ssc") == []

            entry = view.entry("iqm", late)
            assert entry is not None
            assert entry.next_due_at == due
            assert entry.detected_at == writer.get_case(late).detection.detected_at
            assert entry.last_event_at == before_free
            assert (entry.level, entry.relations, entry.is_child) == (
                Level.METADATA,
                ("referral_pending",),
                False,
            )
            assert view.entry("ssc", late) is None

    def test_the_rows_of_a_case_are_replaced_not_added_to(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        case_id = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(case_id, ["dif"], ["shelter"])
            handoff = writer.initiate_handoff(case_id, "dif")
        with self.runner(caseload_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            assert runner.view.entry("dif", case_id) is not None

            with writer.acting_as(DIF):
                position = writer.refuse_handoff(case_id, handoff.id, "no_capacity")
            runner.wait(position, timeout=WAIT)
            assert runner.view.entry("dif", case_id) is None
            assert runner.view.caseload("dif") == []

    def test_concurrent_writers_lose_no_event_to_the_follower(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        """Commit order must be position order, or a follower skips what commits late.

        (It did on PostgreSQL with the library's database insert function, which takes no
        table lock: the runner then failed on a case whose earlier event it never saw.)
        """
        from concurrent.futures import ThreadPoolExecutor

        def open_and_refer(_: int) -> int:
            with writer.acting_as(SEDETUR):
                case_id = writer.open_case(adult_report(writer.clock())).case_id
                writer.record_consent(case_id, ["dif"], ["shelter"])
                return writer.issue_referral(case_id, "dif", "shelter").position

        with self.runner(caseload_store) as runner:
            with ThreadPoolExecutor(max_workers=8) as pool:
                positions = list(pool.map(open_and_refer, range(48)))
            runner.wait(max(positions), timeout=WAIT * 3)
            rows = runner.view.caseload("dif", limit=100)
        assert len(rows) == 48
        assert all(row.pending_referrals == 1 for row in rows)

    def test_a_batch_is_written_whole_or_not_at_all(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        first, second = open_adult(writer), open_adult(writer)
        with self.runner(caseload_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            view = runner.view
            tracked = view.max_tracking_id(writer.name) or 0
            stored = {case_id: view.stored_case(case_id) for case_id in (first, second)}
            entries = {case_id: view.entry("sedetur", case_id) for case_id in (first, second)}
            changed = []
            for case_id in (first, second):
                state, entry = stored[case_id], entries[case_id]
                assert state is not None
                assert entry is not None
                changed.append((replace(state, version=99), [replace(entry, pending_referrals=9)]))

            # The second case's rows fail (one agency twice), after the first case's are written.
            case, rows = changed[1]
            with pytest.raises(IntegrityError):
                view.replace_cases(
                    [changed[0], (case, rows * 2)], [Tracking(writer.name, tracked + 1)]
                )
            # A position of the batch already tracked.
            with pytest.raises(IntegrityError):
                view.replace_cases(changed, [Tracking(writer.name, tracked)])

            assert {case_id: view.stored_case(case_id) for case_id in (first, second)} == stored
            assert {case_id: view.entry("sedetur", case_id) for case_id in (first, second)} == (
                entries
            )
            assert view.max_tracking_id(writer.name) == tracked

    def test_a_case_moved_many_times_in_a_batch_is_written_once_in_its_latest_state(
        self, caseload_store: ViewStore, writer: Hub
    ) -> None:
        case_id = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(case_id, ["iqm", "dif"], ["psychological", "shelter"])
            writer.issue_referral(case_id, "iqm", "psychological")
            last = writer.issue_referral(case_id, "dif", "shelter").position
        with writer.acting_as(ADMIN):
            head = writer.open_account("dif", ["caseworker"]).position  # tracked in the batch
        view = open_view(CaseloadProjection.name, caseload_store.env, caseload_store.data_dir)
        try:
            written: list[list[UUID]] = []
            replace_cases = view.replace_cases

            def counted(cases: list[Any], tracked: list[Tracking]) -> None:
                written.append([case.case_id for case, _ in cases])
                replace_cases(cases, tracked)

            view.replace_cases = counted
            projection = CaseloadProjection(view, catalogue=writer.catalogue)
            projection.log_head = writer.recorder.max_notification_id
            for n in writer.recorder.select_notifications(1, 100):
                projection.process_event(
                    writer.mapper.to_domain_event(n), Tracking(writer.name, n.id)
                )

            assert written == [[case_id]]
            stored, entry = view.stored_case(case_id), view.entry(ALL_CASES, case_id)
            assert stored is not None
            assert stored.version == len(list(writer.events.get(case_id)))
            assert entry is not None
            assert (entry.pending_referrals, entry.last_position) == (2, last)
            assert view.max_tracking_id(writer.name) == head
        finally:
            view.close()
