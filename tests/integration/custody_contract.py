"""The custody view's contract on a real store, written once: the runner follows a hub that writes
to the same store, each event is applied exactly once, a new runner resumes, and the view's chain
is the chain the domain computes from the case's stored events."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from adapters.bootstrap.view_runners import start_custody
from adapters.view_runner import CustodyRunner
from domain.custody_chain import CustodyChain, custody_chain
from domain.hub import Hub
from projections.custody_chain_json import StoredChain
from tests.builders import ADMIN, DIF, IQM, SEDETUR, adult_report, open_adult, open_child
from tests.fakes import FakeSealer, ManualClock
from tests.integration.view_stores import WAIT, ViewStore


def handed_over_and_lost(hub: Hub, clock: ManualClock) -> UUID:
    """SEDETUR hands her to DIF; IQM refuses her; DIF's custody ends for a reason other than her
    own decision (so a custody gap), and she goes missing; found."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm"], ["shelter", "psychological"])
        handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
    clock.advance(minutes=40)
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
        refused = hub.initiate_handoff(case_id, "iqm")
    clock.advance(hours=1)
    with hub.acting_as(IQM):
        hub.refuse_handoff(case_id, refused.id, "no_capacity")
    clock.advance(days=2)
    with hub.acting_as(DIF):
        hub.release_custody(case_id, "other")
    clock.advance(hours=5)
    with hub.acting_as(DIF):  # the last to hold her still leads the case
        hub.report_whereabouts_unknown(case_id, clock.now - timedelta(hours=2))
    clock.advance(days=1)
    with hub.acting_as(DIF):
        hub.report_located(case_id, custody_with="dif")
    return case_id


class CustodyContract:
    """Subclass as ``Test...`` and provide the fixture ``custody_store``."""

    @pytest.fixture
    def clock(self) -> ManualClock:
        return ManualClock()

    @pytest.fixture
    def writer(self, custody_store: ViewStore, clock: ManualClock) -> Iterator[Hub]:
        """The hub as the API process has it, writing to the store the runner follows."""
        hub = Hub(custody_store.env, sealer=FakeSealer(), clock=clock)
        yield hub
        hub.close()

    def runner(self, store: ViewStore) -> CustodyRunner:
        return start_custody(store.env, store.data_dir)

    def chain(self, runner: CustodyRunner, case_id: UUID) -> CustodyChain:
        chain = runner.view.chain(case_id)
        assert chain is not None, "the view has no chain for the case"
        return chain

    def test_the_runner_follows_the_hub_and_wait_returns_once_the_view_has_the_position(
        self, custody_store: ViewStore, writer: Hub
    ) -> None:
        with self.runner(custody_store) as runner:
            with writer.acting_as(SEDETUR):
                opened = writer.open_case(adult_report(writer.clock()))
            runner.wait(opened.position, timeout=WAIT)
            assert self.chain(runner, opened.case_id).current_custodian == "sedetur"

            with writer.acting_as(SEDETUR):
                writer.record_consent(opened.case_id, ["dif"], ["shelter"])
                handoff = writer.initiate_handoff(opened.case_id, "dif")
            runner.wait(handoff.position, timeout=WAIT)
            (pending,) = self.chain(runner, opened.case_id).pending_handoffs
            assert pending.handoff_id == handoff.id

    def test_waiting_for_the_position_of_another_aggregate_returns(
        self, custody_store: ViewStore, writer: Hub
    ) -> None:
        with self.runner(custody_store) as runner:
            with writer.acting_as(ADMIN):
                position = writer.open_account("dif", ["caseworker"]).position
            runner.wait(position, timeout=WAIT)
            assert runner.view.max_tracking_id(writer.name) == position

    def test_the_views_chain_is_the_chain_computed_from_the_stored_events(
        self, custody_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        lost = handed_over_and_lost(writer, clock)
        child = open_child(writer)
        free = open_adult(writer, in_custody=False)
        with self.runner(custody_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            for case_id in (lost, child, free):
                expected = custody_chain(case_id, writer.timeline(case_id))
                assert self.chain(runner, case_id) == expected
            chain = self.chain(runner, lost)
            assert [i.agency for i in chain.intervals] == ["sedetur", "dif", "dif"]
            assert [g.kind for g in chain.gaps] == ["no_custodian", "whereabouts_unknown"]
            # The times come back with the offsets they were recorded with.
            detected_at = writer.get_case(lost).detection.detected_at
            assert chain.intervals[0].started_at.utcoffset() == detected_at.utcoffset()

    def test_a_position_already_tracked_is_refused_and_the_chain_stays_as_it_was(
        self, custody_store: ViewStore, writer: Hub
    ) -> None:
        case_id = open_adult(writer)
        with self.runner(custody_store) as runner:
            last = writer.recorder.max_notification_id()
            assert last is not None
            runner.wait(last, timeout=WAIT)
            view = runner.view
            stored = view.stored_chain(case_id)
            assert stored is not None

            tracking = Tracking(writer.name, last)
            with pytest.raises(IntegrityError):
                view.replace_chain(StoredChain(7, CustodyChain.empty(case_id)), tracking)
            first = writer.recorder.select_notifications(start=last, limit=1)[0]
            with pytest.raises(IntegrityError):
                runner.projection.process_event(writer.mapper.to_domain_event(first), tracking)

            assert view.stored_chain(case_id) == stored

    def test_a_new_runner_resumes_where_the_last_stopped_and_applies_nothing_twice(
        self, custody_store: ViewStore, writer: Hub, clock: ManualClock
    ) -> None:
        quiet = open_adult(writer)
        busy = open_adult(writer)
        with writer.acting_as(SEDETUR):
            writer.record_consent(busy, ["dif"], ["shelter"])
            handoff = writer.initiate_handoff(busy, "dif")
        with self.runner(custody_store) as runner:
            runner.wait(writer.recorder.max_notification_id(), timeout=WAIT)
            before = runner.view.stored_chain(quiet)
        assert before is not None

        clock.advance(minutes=30)
        with writer.acting_as(DIF):
            writer.acknowledge_handoff(busy, handoff.id)
        added = open_adult(writer)
        last = writer.recorder.max_notification_id()

        # Leaving the block re-raises any error of the runner's thread, such as the
        # IntegrityError of an event delivered twice.
        with self.runner(custody_store) as runner:
            runner.wait(last, timeout=WAIT)
            assert runner.view.stored_chain(quiet) == before  # not applied again
            assert self.chain(runner, busy) == writer.custody(busy)
            assert self.chain(runner, busy).current_custodian == "dif"
            assert self.chain(runner, added) == writer.custody(added)
            assert runner.view.max_tracking_id(writer.name) == last

    def test_concurrent_writers_lose_no_event_to_the_follower(
        self, custody_store: ViewStore, writer: Hub
    ) -> None:
        def open_and_hand_over(_: int) -> tuple[UUID, int]:
            with writer.acting_as(SEDETUR):
                case_id = writer.open_case(adult_report(writer.clock())).case_id
                writer.record_consent(case_id, ["dif"], ["shelter"])
                return case_id, writer.initiate_handoff(case_id, "dif").position

        with self.runner(custody_store) as runner:
            with ThreadPoolExecutor(max_workers=8) as pool:
                handed = list(pool.map(open_and_hand_over, range(48)))
            runner.wait(max(position for _, position in handed), timeout=WAIT * 3)
            chains = [self.chain(runner, case_id) for case_id, _ in handed]
        assert [len(chain.pending_handoffs) for chain in chains] == [1] * 48
