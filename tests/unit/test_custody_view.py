"""The custody projection on the in-memory view, fed with a real hub's log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import OriginatorVersionError
from eventsourcing.persistence import IntegrityError, Tracking

from domain.custody_chain import CustodyChain, CustodyGap, CustodyInterval, PendingHandoff
from domain.hub import Hub
from projections.custody_chain import CustodyChainProjection
from projections.custody_chain_json import StoredChain, chain_from_json, chain_to_json
from projections.custody_chain_memory import POPOCustodyChainView
from tests.builders import ADMIN, DIF, IQM, SEDETUR, SSC, open_adult, open_child
from tests.fakes import ManualClock


class Custody:
    """The projection fed by hand from the hub's log, as a runner would feed it."""

    def __init__(self, hub: Hub, projection: CustodyChainProjection) -> None:
        self.hub, self.projection, self.view = hub, projection, projection.view

    def catch_up(self) -> None:
        after = self.view.max_tracking_id(self.hub.name) or 0
        for n in self.hub.recorder.select_notifications(after, 1000, inclusive_of_start=False):
            event = self.hub.mapper.to_domain_event(n)
            self.projection.process_event(event, Tracking(self.hub.name, n.id))

    def chain(self, case_id: UUID) -> CustodyChain:
        chain = self.view.chain(case_id)
        assert chain is not None, "the view has no chain for the case"
        return chain


@pytest.fixture
def custody(hub: Hub) -> Custody:
    return Custody(hub, CustodyChainProjection(POPOCustodyChainView()))


def eventful_custody(hub: Hub, clock: ManualClock, custody: Custody) -> UUID:
    """Handoffs acknowledged and refused, a release, a disappearance: compared at every step."""
    case_id = open_adult(hub)

    def step() -> None:
        clock.advance(minutes=25)
        custody.catch_up()
        assert custody.chain(case_id) == hub.custody(case_id)

    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm"], ["shelter", "psychological"])
        handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
    step()
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
    step()
    with hub.acting_as(DIF):
        refused = hub.initiate_handoff(case_id, "iqm")
    step()
    with hub.acting_as(IQM):
        hub.refuse_handoff(case_id, refused.id, "no_capacity")
    step()
    with hub.acting_as(DIF):
        hub.release_custody(case_id, "voluntary_departure")
    step()
    with hub.acting_as(DIF):  # the last to hold her still leads the case
        hub.report_whereabouts_unknown(case_id, clock.now - timedelta(hours=3))
    step()
    with hub.acting_as(DIF):
        hub.report_located(case_id, custody_with="dif")
    step()
    return case_id


def test_the_views_chain_is_the_domains_chain_after_every_event(
    hub: Hub, clock: ManualClock, custody: Custody
) -> None:
    case_id = eventful_custody(hub, clock, custody)

    chain = custody.chain(case_id)
    assert [i.agency for i in chain.intervals] == ["sedetur", "dif", "dif"]
    assert [g.kind for g in chain.gaps] == ["whereabouts_unknown", "no_custodian"]
    assert all(g.ended_at == clock.now - timedelta(minutes=25) for g in chain.gaps)
    assert chain.current_custodian == "dif"


def test_a_pending_handoff_is_in_the_chain_until_it_is_answered(
    hub: Hub, clock: ManualClock, custody: Custody
) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        handoff = hub.initiate_handoff(case_id, "ppnna", legal_basis="child_protection")
    custody.catch_up()

    (pending,) = custody.chain(case_id).pending_handoffs
    assert (pending.handoff_id, pending.to_agency, pending.initiated_by) == (
        handoff.id,
        "ppnna",
        SSC.account,
    )
    assert custody.chain(case_id) == hub.custody(case_id)


def test_a_person_never_held_has_an_empty_chain_and_an_unknown_case_none(
    hub: Hub, custody: Custody
) -> None:
    case_id = open_adult(hub, in_custody=False)
    custody.catch_up()

    assert custody.chain(case_id) == CustodyChain.empty(case_id)
    assert custody.view.chain(uuid4()) is None


def test_chains_of_several_cases_are_kept_apart(hub: Hub, custody: Custody) -> None:
    held, free, child = open_adult(hub), open_adult(hub, in_custody=False), open_child(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(held, ["dif"], ["shelter"])
        hub.initiate_handoff(held, "dif")
    custody.catch_up()

    for case_id in (held, free, child):
        assert custody.chain(case_id) == hub.custody(case_id)


def test_events_of_other_aggregates_are_tracked_and_change_nothing(
    hub: Hub, custody: Custody
) -> None:
    case_id = open_adult(hub)
    custody.catch_up()
    before = custody.view.stored_chain(case_id)

    with hub.acting_as(ADMIN):
        position = hub.open_account("dif", ["caseworker"]).position
    custody.catch_up()

    assert custody.view.max_tracking_id(hub.name) == position
    assert custody.view.stored_chain(case_id) == before


def test_an_event_already_tracked_is_refused_and_changes_nothing(
    hub: Hub, custody: Custody
) -> None:
    case_id = open_adult(hub)
    custody.catch_up()
    stored = custody.view.stored_chain(case_id)
    assert stored is not None
    position = custody.view.max_tracking_id(hub.name)
    assert position is not None
    tracking = Tracking(hub.name, position)

    with pytest.raises(IntegrityError):
        custody.view.replace_chain(StoredChain(9, CustodyChain.empty(case_id)), tracking)
    first = hub.recorder.select_notifications(start=position, limit=1)[0]
    with pytest.raises(IntegrityError):
        custody.projection.process_event(hub.mapper.to_domain_event(first), tracking)

    assert custody.view.stored_chain(case_id) == stored


def test_an_event_delivered_again_at_a_later_position_is_only_tracked(
    hub: Hub, custody: Custody
) -> None:
    case_id = open_adult(hub)
    custody.catch_up()
    stored = custody.view.stored_chain(case_id)
    (opened,) = hub.events.get(case_id)

    for projection in (custody.projection, CustodyChainProjection(custody.view)):  # warm, cold
        position = (custody.view.max_tracking_id(hub.name) or 0) + 1
        projection.process_event(opened, Tracking(hub.name, position))
        assert custody.view.max_tracking_id(hub.name) == position
        assert custody.view.stored_chain(case_id) == stored


def test_an_event_after_a_missing_one_stops_the_projection_and_writes_nothing(
    hub: Hub, custody: Custody
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        hub.initiate_handoff(case_id, "dif")
    opened, _, initiated = hub.events.get(case_id)
    custody.projection.process_event(opened, Tracking(hub.name, 1))

    with pytest.raises(OriginatorVersionError):
        custody.projection.process_event(initiated, Tracking(hub.name, 3))

    assert custody.view.max_tracking_id(hub.name) == 1
    assert custody.chain(case_id).pending_handoffs == ()


def test_a_new_projection_goes_on_from_the_stored_chain(
    hub: Hub, clock: ManualClock, custody: Custody
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        handoff = hub.initiate_handoff(case_id, "dif")
    custody.catch_up()

    clock.advance(hours=1)
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(case_id, handoff.id)
    restarted = Custody(hub, CustodyChainProjection(custody.view))  # nothing in memory
    restarted.catch_up()

    assert restarted.chain(case_id) == hub.custody(case_id)
    assert [i.agency for i in restarted.chain(case_id).intervals] == ["sedetur", "dif"]


def test_the_stored_document_gives_back_the_chain_with_its_offsets() -> None:
    local = timezone(timedelta(hours=-5))
    at = datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=local)
    handoff_id = uuid4()
    chain = CustodyChain(
        case_id=uuid4(),
        current_custodian=None,
        intervals=(
            CustodyInterval(
                "sedetur",
                at,
                "detection",
                at + timedelta(hours=1),
                "handoff",
                ended_handoff=handoff_id,
            ),
            CustodyInterval(
                "dif",
                at + timedelta(hours=1),
                "handoff",
                began_handoff=handoff_id,
                acknowledged_by="cat-dif-02",
            ),
        ),
        pending_handoffs=(PendingHandoff(uuid4(), "dif", "iqm", at.astimezone(UTC), "cat-dif"),),
        gaps=(CustodyGap("no_custodian", at, "dif", reason="voluntary_departure"),),
    )

    back = chain_from_json(chain.case_id, chain_to_json(chain))

    assert back == chain
    assert back.intervals[0].started_at.utcoffset() == timedelta(hours=-5)
    assert back.pending_handoffs[0].initiated_at.tzinfo == UTC


def test_a_value_the_document_cannot_hold_is_refused() -> None:
    interval = CustodyInterval("dif", datetime(2026, 11, 20, tzinfo=UTC), "assumed")
    chain = CustodyChain(uuid4(), "dif", (), (), (interval,))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="CustodyGap"):
        chain_to_json(chain)
