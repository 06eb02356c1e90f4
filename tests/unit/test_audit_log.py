"""The audit log on the in-memory view, following a real in-memory hub: every stored record is a
leaf, the tree's roots and proofs are RFC 9162's, and each record is written exactly once."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from eventsourcing.persistence import IntegrityError, Notification, Tracking

import merkle
from domain.hub import Hub
from merkle.leaves import Record
from projections.audit_log import AuditLeaf, AuditLogProjection, record_of
from projections.audit_log_memory import POPOAuditLogView
from tests.builders import ADMIN, SEDETUR, open_adult, open_child
from tests.fakes import ManualClock


def naive_root(leaves: Sequence[bytes]) -> bytes:
    """MTH of RFC 9162 §2.1.1, straight from its definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return merkle.node_hash(naive_root(leaves[:k]), naive_root(leaves[k:]))


def records(hub: Hub, after: int = 0) -> list[Notification]:
    return list(hub.recorder.select_notifications(after, 10_000, inclusive_of_start=False))


def follow(hub: Hub, projection: AuditLogProjection) -> None:
    """What the runner does: every record after the view's position, in order."""
    for record in records(hub, projection.view.max_tracking_id(hub.name) or 0):
        projection.process_event(record, Tracking(hub.name, record.id))


def busy_log(hub: Hub, clock: ManualClock) -> None:
    """Cases, an account, a referral, a disclosure: every kind of record the hub stores."""
    case_id = open_adult(hub)
    open_child(hub)
    with hub.acting_as(ADMIN):
        hub.open_account("iqm", ["caseworker"], label="iqm")
    clock.advance(minutes=5)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm"], ["psychological"])
        hub.issue_referral(case_id, "iqm", "psychological", "normal")
        hub.record_disclosure(case_id, "care", ["full_name"])


@pytest.fixture
def view() -> POPOAuditLogView:
    return POPOAuditLogView()


@pytest.fixture
def projection(view: POPOAuditLogView) -> AuditLogProjection:
    return AuditLogProjection(view)


def test_every_stored_record_is_a_leaf_of_its_exact_bytes_in_log_order(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    follow(hub, projection)

    stored = records(hub)
    assert view.size() == len(stored)
    assert [leaf.position for leaf in view.leaves(0, 100)] == [r.id for r in stored]
    for index, notification in enumerate(stored):
        leaf = Record(
            notification.id,
            notification.originator_id,  # type: ignore[arg-type]
            notification.originator_version,
            notification.topic,
            notification.state,
        ).leaf()
        assert view.leaf_hash(index) == merkle.leaf_hash(leaf)
        assert Record.from_leaf(leaf).state == notification.state  # never decoded, re-encoded
    topics = {r.topic for r in stored}
    assert {
        "ruta.case:CaseOpened",
        "ruta.folio:Assigned",
        "ruta.account:AccountOpened",
        "ruta.case:ReferralIssued",
        "ruta.disclosure:PersonalDataDisclosed",
    } <= topics
    assert view.max_tracking_id(hub.name) == stored[-1].id


def test_the_root_after_each_append_is_the_root_computed_over_the_leaves(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    hashes: list[bytes] = []
    for _ in range(3):
        busy_log(hub, clock)
    for record in records(hub):
        projection.process_event(record, Tracking(hub.name, record.id))
        hashes.append(merkle.leaf_hash(record_of(record).leaf()))
        assert view.root() == naive_root(hashes)
    assert len(hashes) > 16  # past a power of two, and not on one
    for size in range(len(hashes) + 1):
        assert view.root(size) == naive_root(hashes[:size])
    with pytest.raises(ValueError, match="leaves"):
        view.root(len(hashes) + 1)


def test_the_views_proofs_verify_and_fail_for_another_leaf(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    busy_log(hub, clock)
    follow(hub, projection)
    size = view.size()
    for new in range(1, size + 1):
        root = view.root(new)
        for index in range(new):
            proof = view.inclusion_proof(index, new)
            assert merkle.verify_inclusion(view.leaf_hash(index), index, new, proof, root)
            if new > 1:
                other = view.leaf_hash((index + 1) % new)
                assert not merkle.verify_inclusion(other, index, new, proof, root)
        for old in range(1, new):
            proof = view.consistency_proof(old, new)
            assert merkle.verify_consistency(old, new, view.root(old), root, proof)


def test_the_records_held_while_the_log_has_more_are_written_together_with_their_tracking(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    stored = records(hub)
    projection.log_head = hub.recorder.max_notification_id
    projection.max_hold = float("inf")
    for record in stored[:-1]:
        projection.process_event(record, Tracking(hub.name, record.id))
        assert view.size() == 0  # the log has more: held
        assert view.max_tracking_id(hub.name) is None
    projection.process_event(stored[-1], Tracking(hub.name, stored[-1].id))
    assert view.size() == len(stored)  # the last record: all written at once
    assert view.max_tracking_id(hub.name) == stored[-1].id
    assert view.root() == naive_root([merkle.leaf_hash(record_of(r).leaf()) for r in stored])


def test_a_batch_is_written_at_its_size_even_while_the_log_has_more(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    projection.batch_size = 3
    projection.max_hold = float("inf")
    projection.log_head = lambda: 10**9  # the log always has more
    follow(hub, projection)
    assert view.size() == len(records(hub)) // 3 * 3


def test_a_record_is_held_no_longer_than_the_longest_hold(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    projection.max_hold = 0.0  # a log whose next record is slow to come
    projection.log_head = lambda: 10**9
    follow(hub, projection)
    assert view.size() == len(records(hub))


def test_a_new_projection_resumes_from_the_stored_tree(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    follow(hub, projection)
    busy_log(hub, clock)  # the runner was down meanwhile
    follow(hub, AuditLogProjection(view))
    hashes = [merkle.leaf_hash(record_of(r).leaf()) for r in records(hub)]
    assert view.size() == len(hashes)
    assert view.root() == naive_root(hashes)


def test_a_record_delivered_twice_is_refused_and_the_tree_stays_as_stored(
    hub: Hub, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    open_adult(hub)
    follow(hub, projection)
    size, root = view.size(), view.root()
    again = records(hub)[-1]
    with pytest.raises(IntegrityError):
        projection.process_event(again, Tracking(hub.name, again.id))
    assert (view.size(), view.root()) == (size, root)
    open_adult(hub)
    follow(hub, projection)  # the projection goes on from what is stored
    assert view.root() == naive_root([merkle.leaf_hash(record_of(r).leaf()) for r in records(hub)])


def test_a_batch_with_a_tracked_position_writes_nothing(view: POPOAuditLogView) -> None:
    leaf = merkle.leaf_hash(b"leaf")
    view.append_leaves([AuditLeaf(0, 5, leaf)], [], [Tracking("Hub", 5)])
    with pytest.raises(IntegrityError):
        view.append_leaves(
            [AuditLeaf(1, 5, leaf), AuditLeaf(2, 6, leaf)],
            [(1, 0, merkle.node_hash(leaf, leaf))],
            [Tracking("Hub", 5), Tracking("Hub", 6)],
        )
    assert view.size() == 1
    assert view.max_tracking_id("Hub") == 5
    with pytest.raises(KeyError):
        view.node(1, 0)


def test_the_view_finds_leaves_by_index_and_by_position(
    hub: Hub, clock: ManualClock, view: POPOAuditLogView, projection: AuditLogProjection
) -> None:
    busy_log(hub, clock)
    follow(hub, projection)
    stored = records(hub)
    third = stored[2].id
    assert view.index_of(third) == 2
    assert view.position_of(2) == third
    assert view.index_of(10**6) is None
    assert view.position_of(view.size()) is None
    assert [leaf.index for leaf in view.leaves_after(third, 2)] == [3, 4]
    assert view.leaf_hashes(1, 2) == [view.leaf_hash(1), view.leaf_hash(2)]


def test_checkpoints_are_kept_by_size_and_never_replaced(view: POPOAuditLogView) -> None:
    assert view.checkpoint() is None
    view.add_checkpoint(4, "four\n")
    view.add_checkpoint(9, "nine\n")
    assert view.add_checkpoint(4, "another four\n").note == "four\n"
    latest = view.checkpoint()
    assert latest is not None
    assert (latest.size, latest.note) == (9, "nine\n")
    assert view.checkpoint(5) is None
    assert [c.size for c in view.checkpoints_between(4, 8)] == [4]
    assert [c.size for c in view.checkpoints_between(1, 9)] == [4, 9]
