"""The per-case projection's skeleton, on the smallest projection built on it: one that keeps the
types of each case's events. Caseload, custody and review add only their own state to this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

import pytest
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.popo import POPOTrackingRecorder

from domain.case_state import CaseBase
from domain.hub import Hub
from projections.per_case import PerCaseProjection
from tests.builders import SEDETUR, open_adult


@dataclass(frozen=True)
class Kinds:
    """A case's event types so far."""

    case_id: UUID
    types: tuple[str, ...]

    @property
    def version(self) -> int:
        return len(self.types)


class KindsView(POPOTrackingRecorder):
    """Each case's event types, written with their tracking record; counts its reads."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: dict[UUID, Kinds] = {}
        self.reads = 0

    def replace(self, kinds: Kinds, tracking: Tracking) -> None:
        with self._database_lock:
            self._assert_tracking_uniqueness(tracking)
            self.kinds[kinds.case_id] = kinds
            self._insert_tracking(tracking)


class KindsProjection(PerCaseProjection[KindsView, Kinds]):
    """Keeps the types of each case's events, and three cases in memory."""

    cached_cases: ClassVar[int] = 3

    def stored_state(self, case_id: UUID) -> Kinds | None:
        self.view.reads += 1
        return self.view.kinds.get(case_id)

    def apply(self, before: Kinds | None, event: CaseBase.Event, tracking: Tracking) -> Kinds:
        types = (() if before is None else before.types) + (type(event).__name__,)
        after = Kinds(event.originator_id, types)
        self.view.replace(after, tracking)
        return after


@pytest.fixture
def projection() -> KindsProjection:
    return KindsProjection(KindsView())


def feed(hub: Hub, projection: KindsProjection) -> None:
    """Every record of the hub's log not yet tracked, as a runner would feed them."""
    after = projection.view.max_tracking_id(hub.name) or 0
    for n in hub.recorder.select_notifications(after, 1000, inclusive_of_start=False):
        projection.process_event(hub.mapper.to_domain_event(n), Tracking(hub.name, n.id))


def consented(hub: Hub) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
    return case_id


def events_of(hub: Hub, case_id: UUID) -> list[Any]:
    return list(hub.events.get(case_id))


def types_of(hub: Hub, case_id: UUID) -> tuple[str, ...]:
    return tuple(type(event).__name__ for event in events_of(hub, case_id))


def test_each_case_event_moves_its_case_on_and_every_record_is_tracked(
    hub: Hub, projection: KindsProjection
) -> None:
    case_id = consented(hub)
    feed(hub, projection)

    assert projection.view.kinds[case_id].types == types_of(hub, case_id)
    assert len(types_of(hub, case_id)) == 2
    assert projection.view.max_tracking_id(hub.name) == hub.recorder.max_notification_id()


def test_an_event_delivered_again_is_only_tracked(hub: Hub, projection: KindsProjection) -> None:
    case_id = consented(hub)
    feed(hub, projection)
    position = (projection.view.max_tracking_id(hub.name) or 0) + 1

    projection.process_event(events_of(hub, case_id)[0], Tracking(hub.name, position))

    assert projection.view.kinds[case_id].version == 2
    assert projection.view.max_tracking_id(hub.name) == position


def test_a_position_already_tracked_is_refused(hub: Hub, projection: KindsProjection) -> None:
    case_id = open_adult(hub)
    feed(hub, projection)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
    tracked = projection.view.max_tracking_id(hub.name) or 0

    with pytest.raises(IntegrityError):
        projection.process_event(events_of(hub, case_id)[1], Tracking(hub.name, tracked))
    assert projection.view.kinds[case_id].version == 1


def test_an_event_after_a_missing_one_stops_the_projection_and_writes_nothing(
    hub: Hub, projection: KindsProjection
) -> None:
    case_id = consented(hub)

    with pytest.raises(OriginatorVersionError, match="version 2 of case"):
        projection.process_event(events_of(hub, case_id)[1], Tracking(hub.name, 9))
    assert projection.view.kinds == {}
    assert projection.view.max_tracking_id(hub.name) is None


def test_recent_cases_are_read_from_the_view_once_and_older_ones_again(
    hub: Hub, projection: KindsProjection
) -> None:
    cases = [open_adult(hub) for _ in range(4)]  # one more than the projection keeps
    feed(hub, projection)
    assert projection.view.reads == 4  # each new case looked for once

    with hub.acting_as(SEDETUR):
        for case_id in reversed(cases):  # the newest three are kept, the first is not
            hub.record_consent(case_id, ["dif"], ["shelter"])
    feed(hub, projection)

    assert projection.view.reads == 5
    assert all(projection.view.kinds[c].types == types_of(hub, c) for c in cases)
    assert all(projection.view.kinds[c].version == 2 for c in cases)


def test_a_new_projection_goes_on_from_the_stored_state(hub: Hub) -> None:
    view = KindsView()
    case_id = open_adult(hub)
    feed(hub, KindsProjection(view))
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])

    feed(hub, KindsProjection(view))  # nothing in memory

    assert view.kinds[case_id].types == types_of(hub, case_id)
    assert len(types_of(hub, case_id)) == 2
