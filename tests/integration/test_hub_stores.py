"""The hub on every store: the same suite on memory, an SQLite file and PostgreSQL."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import StoredEvent

from domain.case import Case
from domain.errors import CaseExists, CaseNotFound, ConcurrentUpdate
from domain.hub import Hub
from tests.builders import DIF, SEDETUR, STYPS, adult_report, open_adult
from tests.fakes import ManualClock
from tests.integration.conftest import HubFactory


def lifecycle(hub: Hub) -> UUID:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "sesa"], ["shelter", "medical"], "es")
        referral = hub.issue_referral(case_id, "dif", "shelter", note="Cupo para hoy")
        handoff = hub.initiate_handoff(case_id, "dif", place="Oficina de SEDETUR")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
        hub.acknowledge_handoff(case_id, handoff.id)
        hub.start_measure(case_id, "shelter", "dif", location="CAT")
    return case_id


def test_a_case_is_stored_and_read_back_whole(hub: Hub) -> None:
    case_id = lifecycle(hub)
    case = hub.get_case(case_id)
    assert case.custody.custodian == "dif"
    assert case.referrals[0].status == "accepted"
    assert case.measures[0].provider == "dif"
    replayed = project_aggregate(None, hub.timeline(case_id))
    assert replayed == case


def test_log_positions_grow_and_the_timeline_keeps_the_order(hub: Hub) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        first = hub.assess_risk(case_id, "medium")
        second = hub.assess_risk(case_id, "high")
    assert second > first
    kinds = [type(e).__name__ for e in hub.timeline(case_id)]
    assert kinds == ["CaseOpened", "RiskAssessed", "RiskAssessed"]
    assert hub.get_case(case_id).risk_level == "high"


def test_a_stale_write_is_a_conflict(hub: Hub) -> None:
    case_id = open_adult(hub)
    mine, theirs = hub.get_case(case_id), hub.get_case(case_id)
    with hub.acting_as(SEDETUR):
        mine.assess_risk("high", None)  # type: ignore[arg-type]
        hub._save(mine)
        theirs.assess_risk("low", None)  # type: ignore[arg-type]
        with pytest.raises(ConcurrentUpdate):
            hub._save(theirs)
    assert hub.get_case(case_id).risk_level == "high"


def test_a_case_id_is_never_used_twice(hub: Hub) -> None:
    case_id = uuid4()
    with hub.acting_as(SEDETUR):
        hub.open_case(adult_report(hub.clock()), case_id=case_id)
        with pytest.raises(CaseExists):
            hub.open_case(adult_report(hub.clock()), case_id=case_id)


def test_folios_stay_unique_when_cases_are_opened_concurrently(hub_factory: HubFactory) -> None:
    hubs = [hub_factory(), hub_factory()]  # two writers, as two processes would be

    def open_some(index: int) -> list[str]:
        hub = hubs[index % 2]
        with hub.acting_as(SEDETUR):
            return [hub.open_case(adult_report(hub.clock())).folio for _ in range(6)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        folios = [f for batch in pool.map(open_some, range(6)) for f in batch]
    assert len(folios) == 36
    assert len(set(folios)) == 36
    numbers = sorted(int(f.rsplit("-", 1)[1]) for f in folios)
    assert numbers[0] == 1
    for folio in folios:
        assert hubs[0].get_case(hubs[0].find_folio(folio)).folio == folio


def test_a_group_detection_is_saved_whole(hub: Hub) -> None:
    reports = [adult_report(hub.clock(), sex="male", nationality="MX") for _ in range(12)]
    with hub.acting_as(STYPS):
        opened = hub.open_group(reports)
    assert len({o.folio for o in opened}) == 12
    assert {hub.get_case(o.case_id).detection.operation for o in opened} == {
        hub.get_case(opened[0].case_id).detection.operation
    }


def test_snapshots_keep_long_cases_fast(hub: Hub, clock: ManualClock) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        for i in range(120):
            clock.advance(minutes=1)
            hub.assess_risk(case_id, ("low", "medium", "high")[i % 3])
    assert hub.snapshots is not None
    snapshots = list(hub.snapshots.get(case_id, desc=True, limit=1))
    assert snapshots[0].originator_version == 100
    tail = list(hub.events.get(case_id, gt=snapshots[0].originator_version))
    assert len(tail) == 21
    assert hub.get_case(case_id) == project_aggregate(None, hub.timeline(case_id))


def test_an_event_of_an_older_version_is_upcast_when_read(hub: Hub) -> None:
    case_id = lifecycle(hub)
    with hub.acting_as(DIF):  # DIF holds her, so leads the case
        referral = hub.issue_referral(case_id, "sesa", "medical")
    latest = hub.recorder.select_events(case_id, desc=True, limit=1)[0]
    state = json.loads(latest.state)
    assert state.pop("class_version") == 2
    del state["legal_basis"]
    # What version 1 wrote: no legal_basis, no class_version.
    state.update(referral_id={"_type_": "uuid_hex", "_data_": uuid4().hex}, to_agency="fge")
    stored_v1 = StoredEvent(
        originator_id=latest.originator_id,
        originator_version=latest.originator_version + 1,
        topic=latest.topic,
        state=json.dumps(state).encode(),
    )
    hub.recorder.insert_events([stored_v1])
    case = hub.get_case(case_id)
    upcast = case.referrals[-1]
    assert upcast.to_agency == "fge"
    assert upcast.legal_basis is None
    assert case.referral(referral.id).service == "medical"


def test_an_unknown_case_and_a_folio_index_are_not_cases(hub: Hub) -> None:
    with pytest.raises(CaseNotFound):
        hub.get_case(uuid4())
    case_id = open_adult(hub)
    from domain.folio import Folio

    with pytest.raises(CaseNotFound):
        hub.get_case(Folio.create_id(hub.get_case(case_id).folio))
    assert isinstance(hub.get_case(case_id), Case)
