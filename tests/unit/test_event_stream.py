"""What each audience sees of each stored event: the relay's topics and the feed, one policy.

An agency learns of a case once it is involved; it sees what its caseworkers see in the timeline,
decided on the case as it stood right after the event; the commission sees every case's events
without personal data; the audit stream has every case event whole, sealed values still sealed.
"""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

from adapters.kafka_message import message_data
from api.schemas.timeline import TimelineEntry
from domain.access import CaseAccess
from domain.hub import Hub
from domain.past_access import PastAccess
from queries.event_stream import EventStream, Present, StreamEvent
from queries.timeline import Entry, timeline_entries
from tests.builders import (
    COMMISSION,
    DIF,
    SEDETUR,
    SESA,
    adult_report,
    open_adult,
    referred_to_dif,
)

FICTITIOUS = ["Marisol", "2002-03-14", "F0000000", "Relato ficticio", "Calle Falsa", "Albergue"]


def stored(hub: Hub) -> list[Notification]:
    return list(hub.recorder.select_notifications(start=1, limit=10_000))


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    """Detected by SEDETUR, referred to DIF with a note, which accepts and takes custody."""
    return referred_to_dif(hub)


def audiences(stream: EventStream, hub: Hub) -> list[tuple[str, list[str]]]:
    """Each stored case event's type, and the agencies whose topic carries it."""
    found = []
    for notification in stored(hub):
        if seen := stream.for_agencies(notification):
            event = next(iter(seen.values()))
            found.append((event.type, sorted(seen)))
    return found


def test_an_agency_joining_a_case_gets_its_history_then_each_event(hub: Hub, case_id: UUID) -> None:
    referral = next(n for n in stored(hub) if n.topic.endswith("ReferralIssued"))
    accepted = next(n for n in stored(hub) if n.topic.endswith("ReferralAccepted"))
    stream = EventStream(hub)
    joined = message_data(stream.for_agencies(referral)["dif"])
    assert [entry["type"] for entry in joined["history"]] == ["case_opened", "consent_recorded"]
    assert "history" not in message_data(stream.for_agencies(referral)["sedetur"])
    assert "history" not in message_data(stream.for_agencies(accepted)["dif"])


def test_an_agency_sees_a_case_once_involved_and_the_commission_sees_all(
    hub: Hub, case_id: UUID
) -> None:
    assert audiences(EventStream(hub), hub) == [
        ("case_opened", ["cdheqroo", "sedetur"]),
        ("consent_recorded", ["cdheqroo", "sedetur"]),
        ("referral_issued", ["cdheqroo", "dif", "sedetur"]),
        ("referral_accepted", ["cdheqroo", "dif", "sedetur"]),
        ("custody_handoff_initiated", ["cdheqroo", "dif", "sedetur"]),
        ("custody_handoff_acknowledged", ["cdheqroo", "dif", "sedetur"]),
    ]


def test_an_agency_never_involved_sees_nothing(hub: Hub, case_id: UUID) -> None:
    stream = EventStream(hub)
    for notification in stored(hub):
        assert "sesa" not in stream.for_agencies(notification)
        assert stream.for_actor(notification, SESA, Present(hub)) is None


def test_each_agency_sees_an_event_as_its_timeline_showed_it_then(hub: Hub, case_id: UUID) -> None:
    """Each event as the case's timeline showed it to the agency's caseworkers right after it,
    bounded by what they may see now; the event that involves an agency brings that timeline's
    earlier entries as history."""
    stream = EventStream(hub)
    events = hub.timeline(case_id)
    for actor in (SEDETUR, DIF, SESA, COMMISSION):
        agency = hub.catalogue.get(actor.agency)
        now = CaseAccess(actor, agency, hub.get_case(case_id))
        for notification in stored(hub):
            if notification.originator_id != case_id:
                continue
            version = notification.originator_version
            then = PastAccess.of(now, hub.get_case(case_id, version=version))
            shown = [as_shown(e) for e in timeline_entries(events[:version], then)]
            seen = stream.for_actor(notification, actor, Present(hub))
            if not shown or shown[-1]["version"] != version:
                assert seen is None, (actor.agency, version)
                continue
            assert seen is not None, (actor.agency, version)
            body = message_data(seen)
            assert body.pop("history", shown[:-1]) == shown[:-1], (actor.agency, version)
            assert without_place(body) == shown[-1], (actor.agency, version)


def test_an_agency_involved_throughout_ends_with_its_timeline(hub: Hub, case_id: UUID) -> None:
    stream = EventStream(hub)
    for actor in (DIF, COMMISSION):
        received: list[dict[str, object]] = []
        for notification in stored(hub):
            if (seen := stream.for_actor(notification, actor, Present(hub))) is not None:
                body = message_data(seen)
                received += [*body.pop("history", []), without_place(body)]
        access = CaseAccess(actor, hub.catalogue.get(actor.agency), hub.get_case(case_id))
        timeline = [as_shown(e) for e in timeline_entries(hub.timeline(case_id), access)]
        assert received == timeline, actor.agency


def as_shown(entry: Entry) -> dict[str, object]:
    """A timeline entry as the case's timeline shows it over HTTP (JSON, every member)."""
    return TimelineEntry.of(entry).model_dump(mode="json")


def without_place(body: dict[str, object]) -> dict[str, object]:
    """A message body as a timeline entry: without where in the log it is."""
    return {k: v for k, v in body.items() if k not in ("case_id", "position")}


def test_sealed_values_never_reach_an_agency_and_stay_sealed_for_auditors(
    hub: Hub, case_id: UUID
) -> None:
    stream = EventStream(hub)
    audit = [stream.for_audit(n) for n in stored(hub)]
    sealed = [e for e in audit if e is not None and "sealed" in json.dumps(message_data(e))]
    assert [e.type for e in sealed] == [
        "case_opened",
        "referral_issued",
        "custody_handoff_initiated",
    ]
    for notification in stored(hub):
        for seen in stream.for_agencies(notification).values():
            assert "sealed" not in json.dumps(message_data(seen))
    everything = json.dumps([message_data(e) for e in audit if e is not None])
    for text in FICTITIOUS:
        assert text not in everything


def test_records_of_no_case_are_in_no_stream(hub: Hub, case_id: UUID) -> None:
    stream = EventStream(hub)
    others = [n for n in stored(hub) if n.topic.startswith("ruta.folio:")]
    assert others  # the folio reservation, at least
    for notification in others:
        assert stream.for_agencies(notification) == {}
        assert stream.for_audit(notification) is None
        assert stream.for_actor(notification, COMMISSION, Present(hub)) is None


def test_event_ids_are_stable_per_event_and_audience(hub: Hub, case_id: UUID) -> None:
    opened = next(n for n in stored(hub) if n.topic.endswith("CaseOpened"))
    first = EventStream(hub).for_agencies(opened)
    again = EventStream(hub).for_agencies(opened)
    ids = {code: event.event_id(code) for code, event in first.items()}
    assert ids == {code: event.event_id(code) for code, event in again.items()}
    assert len(set(ids.values())) == len(ids)


def test_events_asked_out_of_order_or_past_the_cache_are_seen_the_same(
    hub: Hub, case_id: UUID
) -> None:
    open_adult(hub, detected_at=adult_report(hub.clock()).detected_at)
    records = stored(hub)
    in_order = [EventStream(hub).for_agencies(n) for n in records]
    stream = EventStream(hub, cached_cases=1)
    backwards = [stream.for_agencies(n) for n in reversed(records)]
    assert backwards[::-1] == in_order


def test_a_stream_event_carries_what_the_message_headers_need(hub: Hub, case_id: UUID) -> None:
    referral = next(n for n in stored(hub) if n.topic.endswith("ReferralIssued"))
    seen: StreamEvent = EventStream(hub).for_agencies(referral)["dif"]
    assert (seen.case_id, seen.position, seen.type) == (case_id, referral.id, "referral_issued")
    assert seen.type_version == 2  # ReferralIssued was upcast once
    assert seen.time.tzinfo is not None
    assert message_data(seen)["data"]["to_agency"] == "dif"
    assert "note" not in message_data(seen)["data"]
