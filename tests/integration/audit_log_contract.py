"""The audit log's contract on a real store, written once: the runner follows a hub that writes to
the same store, every stored record is a leaf of its exact bytes exactly once, a new runner
resumes with the same tree, and what the view answers (roots, proofs, checkpoints) holds."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from eventsourcing.persistence import IntegrityError, Notification, Tracking

import merkle
from adapters.bootstrap.view_runners import start_audit
from adapters.view_runner import AuditRunner
from adapters.view_settings import open_view
from domain.hub import Hub
from projections.audit_log import AuditLeaf, AuditLogProjection, AuditLogView, record_of
from tests.builders import ADMIN, SEDETUR, adult_report, open_adult, open_child
from tests.fakes import FakeSealer, ManualClock
from tests.integration.view_stores import WAIT, ViewStore


def stored_records(hub: Hub) -> list[Notification]:
    return list(hub.recorder.select_notifications(0, 100_000, inclusive_of_start=False))


def leaf_hashes(records: Sequence[Notification]) -> list[bytes]:
    return [merkle.leaf_hash(record_of(record).leaf()) for record in records]


def tree_of(records: Sequence[Notification]) -> merkle.RootAccumulator:
    tree = merkle.RootAccumulator()
    for value in leaf_hashes(records):
        tree.append(value)
    return tree


class AuditLogContract:
    """Subclass as ``Test...`` and provide the fixture ``audit_store``."""

    @pytest.fixture
    def clock(self) -> ManualClock:
        return ManualClock()

    @pytest.fixture
    def writer(self, audit_store: ViewStore, clock: ManualClock) -> Iterator[Hub]:
        """The hub as the API process has it, writing to the store the runner follows."""
        hub = Hub(audit_store.env, sealer=FakeSealer(), clock=clock)
        yield hub
        hub.close()

    def runner(self, store: ViewStore) -> AuditRunner:
        return start_audit(store.env, store.data_dir)

    def caught_up(self, runner: AuditRunner, writer: Hub) -> AuditLogView:
        runner.wait(writer.recorder.max_notification_id(), timeout=WAIT * 3)
        return runner.view

    @contextmanager
    def followed(self, store: ViewStore, writer: Hub, cases: int) -> Iterator[AuditLogView]:
        """The view, caught up with ``cases`` adults' cases opened before its runner started."""
        for _ in range(cases):
            open_adult(writer)
        with self.runner(store) as runner:
            yield self.caught_up(runner, writer)

    def test_the_runner_follows_the_hub_and_every_kind_of_record_is_a_leaf(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        with self.runner(audit_store) as runner:
            case_id = open_adult(writer)
            with writer.acting_as(ADMIN):
                writer.open_account("iqm", ["caseworker"], label="iqm")
            with writer.acting_as(SEDETUR):
                writer.record_disclosure(case_id, "care", ["full_name"])
            view = self.caught_up(runner, writer)

            records = stored_records(writer)
            assert [leaf.position for leaf in view.leaves(0, 1000)] == [r.id for r in records]
            assert view.leaf_hashes(0, 1000) == leaf_hashes(records)
            assert view.root() == tree_of(records).root()
            kinds = {r.topic.partition(":")[0] for r in records}
            assert {
                "ruta.case",
                "ruta.folio",
                "ruta.account",
                "ruta.credential",
                "ruta.disclosure",
            } <= kinds

    def test_the_leaves_are_the_records_exact_stored_bytes(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        open_child(writer)
        with self.runner(audit_store) as runner:
            view = self.caught_up(runner, writer)
            for leaf, record in zip(view.leaves(0, 10), stored_records(writer), strict=True):
                assert record_of(record).state == bytes(record.state)
                assert leaf.leaf_hash == merkle.leaf_hash(record_of(record).leaf())

    def test_a_new_runner_resumes_with_the_same_tree_and_writes_nothing_twice(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        open_adult(writer)
        open_child(writer)
        with self.runner(audit_store) as runner:
            view = self.caught_up(runner, writer)
            size, root = view.size(), view.root()

        open_adult(writer)  # while no runner follows
        # Leaving the block re-raises any error of the runner's thread, such as the
        # IntegrityError of a record delivered twice.
        with self.runner(audit_store) as runner:
            view = self.caught_up(runner, writer)
            records = stored_records(writer)
            assert view.size() == len(records) == size + 2
            assert view.root(size) == root
            assert view.root() == tree_of(records).root()
            proof = view.consistency_proof(size, view.size())
            assert merkle.verify_consistency(size, view.size(), root, view.root(), proof)

    def test_a_position_already_tracked_is_refused_and_nothing_is_written(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        open_adult(writer)
        with self.runner(audit_store) as runner:
            view = self.caught_up(runner, writer)
        last = writer.recorder.max_notification_id()
        assert last is not None
        view = open_view(AuditLogProjection.name, audit_store.env, audit_store.data_dir)
        try:
            size, root = view.size(), view.root()
            leaf = merkle.leaf_hash(b"a record written twice")
            with pytest.raises(IntegrityError):
                view.append_leaves(
                    [AuditLeaf(size, last, leaf), AuditLeaf(size + 1, last + 1, leaf)],
                    [(1, size // 2, merkle.node_hash(leaf, leaf))],
                    [Tracking(writer.name, last), Tracking(writer.name, last + 1)],
                )
            assert (view.size(), view.root()) == (size, root)
            assert view.max_tracking_id(writer.name) == last
            with pytest.raises(KeyError):
                view.node(1, size // 2)
        finally:
            view.close()

    def test_concurrent_writers_lose_no_record_to_the_audit_log(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        def open_and_consent(_: int) -> int:
            with writer.acting_as(SEDETUR):
                case_id = writer.open_case(adult_report(writer.clock())).case_id
                return writer.record_consent(case_id, ["dif"], ["shelter"])

        with self.runner(audit_store) as runner:
            with ThreadPoolExecutor(max_workers=8) as pool:
                positions = list(pool.map(open_and_consent, range(48)))
            runner.wait(max(positions), timeout=WAIT * 3)
            view = self.caught_up(runner, writer)
            records = stored_records(writer)
            assert len(records) == 48 * 3
            assert [leaf.position for leaf in view.leaves(0, 1000)] == [r.id for r in records]
            assert view.root() == tree_of(records).root()

    def test_the_views_proofs_verify(self, audit_store: ViewStore, writer: Hub) -> None:
        with self.followed(audit_store, writer, 4) as view:
            size = view.size()
            for new in (1, 5, size):
                root = view.root(new)
                for index in range(new):
                    proof = view.inclusion_proof(index, new)
                    assert merkle.verify_inclusion(view.leaf_hash(index), index, new, proof, root)
                for old in range(1, new):
                    proof = view.consistency_proof(old, new)
                    assert merkle.verify_consistency(old, new, view.root(old), root, proof)

    def test_the_nodes_a_proof_needs_are_read_at_once_and_only_the_stored_ones(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        with self.followed(audit_store, writer, 3) as view:
            size = view.size()
            stored = [(0, 0), (0, size - 1), (1, 0), (2, 0)]
            absent = [(0, size), (1, size), (40, 0)]
            found = view.nodes(stored + absent)
            assert found == {(level, index): view.node(level, index) for level, index in stored}
            assert view.nodes([]) == {}

    def test_the_view_finds_records_and_keeps_checkpoints(
        self, audit_store: ViewStore, writer: Hub
    ) -> None:
        with self.followed(audit_store, writer, 3) as view:
            records = stored_records(writer)
            assert view.index_of(records[3].id) == 3
            assert view.position_of(3) == records[3].id
            assert view.index_of(records[-1].id + 1) is None
            assert [leaf.index for leaf in view.leaves_after(records[1].id, 2)] == [2, 3]

            assert view.checkpoint() is None
            view.add_checkpoint(2, "two\n")
            view.add_checkpoint(6, "six\n")
            assert view.add_checkpoint(2, "another two\n").note == "two\n"
            latest = view.checkpoint()
            assert latest is not None
            assert (latest.size, latest.note) == (6, "six\n")
            assert view.checkpoint(3) is None
            assert [c.size for c in view.checkpoints_between(2, 5)] == [2]
            assert [c.note for c in view.checkpoints_between(1, 6)] == ["two\n", "six\n"]
