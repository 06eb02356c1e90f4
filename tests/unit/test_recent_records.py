"""The relay's hub reads the events it has just read from the log without asking the store."""

from __future__ import annotations

from eventsourcing.persistence import Notification

from adapters.recent_records import FollowingHub, RecentRecords
from domain.hub import Hub
from tests.builders import SEDETUR, open_adult


def stored(hub: Hub) -> list[Notification]:
    return list(hub.recorder.select_notifications(start=1, limit=100))


def test_a_read_of_versions_just_read_is_answered_without_the_store(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
    follower = FollowingHub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, catalogue=hub.catalogue)
    records = [n for n in stored(hub) if n.originator_id == case_id]
    for record in records:
        follower.remember(record)
    # The follower's own store is empty: what it answers comes from the records it was told of.
    assert [e.originator_version for e in follower.events.get(case_id, lte=2)] == [1, 2]
    assert [type(e).__name__ for e in follower.events.get(case_id, gt=1, lte=2)] == [
        "ConsentRecorded"
    ]
    assert list(follower.events.get(case_id, gt=1, lte=3)) == []  # not all kept: the store's


def test_only_the_last_records_are_kept(hub: Hub) -> None:
    recent = RecentRecords(size=2)
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
        hub.record_consent(case_id, ["iqm"], ["legal"], informed_in="es")
    for record in stored(hub):  # the case's three events and the folio's reservation
        recent.add(record)
    assert recent.between(case_id, 0, 1) is None
    found = recent.between(case_id, 1, 3)
    assert found is not None
    assert [r.originator_version for r in found] == [2, 3]
