"""The Kafka relay without a broker: what it sends, in which batches, and when it tracks.

A fake publisher stands for the broker (``FakePublisher.sent``), so that every rule can be seen:
a position is tracked only after the broker acknowledged the batch that holds it, a batch that
was not acknowledged is sent again whole after a growing wait, and messages are CloudEvents in
binary mode with no personal data outside the (redacted) value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from threading import Event
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification, Tracking
from eventsourcing.popo import POPOTrackingRecorder

from adapters.cloudevents import AUDIT_TOPIC, Message, agency_topic, attributes_of
from adapters.kafka_message import message_data
from adapters.kafka_publisher import PublishError
from adapters.kafka_relay import KafkaRelay, RelayOptions
from adapters.relay_tracking import RelayStatus, RelayTracking
from domain.hub import Hub
from queries.event_stream import EventStream
from tests.builders import DIF, SEDETUR, open_adult, referred_to_dif
from tests.fakes import FakeSealer, ManualClock

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
FICTITIOUS = ["Marisol", "2002-03-14", "F0000000", "Relato ficticio", "Calle Falsa", "Albergue"]
SOURCE = "ruta.mx/pruebas"
MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


class MemoryRelayTracking(POPOTrackingRecorder, RelayTracking):
    """The relay's tracking in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.row: RelayStatus | None = None

    def record_status(self, status: RelayStatus) -> None:
        self.row = status

    def status(self) -> RelayStatus | None:
        return self.row


class FakePublisher:
    """The broker: it records what each acknowledgement covered, and fails ``failures`` times
    first (a failure loses what was sent and not acknowledged)."""

    def __init__(self, tracking: RelayTracking, failures: int = 0) -> None:
        self.tracking = tracking
        self.failures = failures
        self.sent: list[list[Message]] = []  # what each acknowledgement covered
        self.tracked_when_sent: list[int | None] = []
        self.topics_created: list[list[str]] = []
        self._pending: list[Message] = []

    def ensure_topics(self, topics: Sequence[str]) -> None:
        self.topics_created.append(list(topics))

    def send(self, messages: Sequence[Message]) -> list[Any]:
        self._pending.extend(messages)
        return list(messages)

    def acknowledged(self, receipts: Sequence[Any]) -> bool:
        if receipts:
            self.flush()
        return True

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if self.failures:
            self.failures -= 1
            raise PublishError("KafkaConnectionError")
        if pending:
            self.tracked_when_sent.append(self.tracking.max_tracking_id("Hub"))
            self.sent.append(pending)

    def probe(self) -> None:
        return None

    def close(self) -> None:
        return None


class Waits(Event):
    """The relay's stop event, recording how long each retry would wait (without waiting)."""

    def __init__(self, stop_after: int | None = None) -> None:
        super().__init__()
        self.waited: list[float] = []
        self.stop_after = stop_after

    def wait(self, timeout: float | None = None) -> bool:
        self.waited.append(timeout or 0.0)
        return self.stop_after is not None and len(self.waited) >= self.stop_after


def stored(hub: Hub) -> list[Notification]:
    return list(hub.recorder.select_notifications(start=1, limit=10_000))


def relay_over(hub: Hub, failures: int = 0, **pace: float) -> tuple[KafkaRelay, FakePublisher]:
    tracking = MemoryRelayTracking()
    publisher = FakePublisher(tracking, failures)
    options = RelayOptions(source=SOURCE, agencies=("dif", "sedetur"), **pace)  # type: ignore[arg-type]
    return KafkaRelay(tracking, EventStream(hub), publisher, options), publisher


def run(relay: KafkaRelay, records: list[Notification]) -> None:
    for notification in records:
        relay.process_event(notification, Tracking("Hub", notification.id))


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    """Detected by SEDETUR, referred to DIF with a note, which accepts it."""
    return referred_to_dif(hub, custody=False)


def test_each_record_at_the_log_head_is_sent_then_tracked(hub: Hub, case_id: UUID) -> None:
    relay, broker = relay_over(hub)
    records = stored(hub)
    run(relay, records)  # no log head known: each record is the last one
    published = [i for i, n in enumerate(records) if relay.messages(n)]
    assert len(published) == len(records) - 1  # all but the folio's reservation
    assert broker.sent == [relay.messages(records[i]) for i in published]
    # When a record was sent, the record before it was tracked, and not the record itself.
    assert broker.tracked_when_sent == [records[i - 1].id if i else None for i in published]
    assert relay.view.max_tracking_id("Hub") == records[-1].id
    assert relay.ready


def test_records_are_held_and_sent_in_batches_while_the_log_has_more(
    hub: Hub, case_id: UUID
) -> None:
    relay, broker = relay_over(hub, batch_size=2, max_hold=60)
    records = stored(hub)
    relay.log_head = lambda: records[-1].id
    run(relay, records)
    assert [len(batch) for batch in broker.sent] == [
        len(relay.messages(records[i])) + len(relay.messages(records[i + 1]))
        for i in range(0, len(records) - 1, 2)
    ] + ([len(relay.messages(records[-1]))] if len(records) % 2 else [])
    # Tracked once per batch, each time after the broker acknowledged it.
    ends = [records[i].id for i in range(1, len(records) - 1, 2)]
    assert broker.tracked_when_sent == [None, *ends]
    assert relay.view.max_tracking_id("Hub") == records[-1].id


def test_an_unacknowledged_batch_waits_longer_each_time_then_is_sent_whole(
    hub: Hub, case_id: UUID
) -> None:
    relay, broker = relay_over(hub, failures=5, backoff=0.5, max_backoff=3.0)
    relay.stopping = waits = Waits()
    first = stored(hub)[0]
    run(relay, [first])
    assert waits.waited == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert broker.sent == [relay.messages(first)]
    assert relay.view.max_tracking_id("Hub") == first.id
    # Topics are created again after a failure: the broker that answers may have lost them.
    assert broker.topics_created.count(list(relay.options.topics)) == 6


def test_a_relay_stopped_while_the_broker_is_down_tracks_nothing(hub: Hub, case_id: UUID) -> None:
    relay, broker = relay_over(hub, failures=100)
    relay.stopping = Waits(stop_after=3)
    run(relay, stored(hub)[:1])
    assert broker.sent == []
    assert relay.view.max_tracking_id("Hub") is None
    assert not relay.ready
    assert relay.problem == "KafkaConnectionError"


def test_messages_are_cloudevents_in_binary_mode_keyed_by_case(
    clock: ManualClock, sealer: FakeSealer
) -> None:
    # The commands ran inside a traced request.
    hub = Hub(MEMORY, sealer=sealer, clock=clock, trace=lambda: TRACEPARENT)
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
        referral = hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
        position = hub.assess_risk(case_id, "high")
    relay, _ = relay_over(hub)
    record = next(n for n in stored(hub) if n.id == position)
    messages = {m.topic: m for m in relay.messages(record)}
    assert set(messages) >= {agency_topic("dif"), agency_topic("cdheqroo"), AUDIT_TOPIC}
    dif = messages[agency_topic("dif")]
    seen = EventStream(hub).for_agencies(record)["dif"]
    assert dif.key == str(case_id).encode()
    assert attributes_of(dif.headers) == {
        "specversion": "1.0",
        "id": seen.event_id("dif"),
        "source": SOURCE,
        "type": "mx.ruta.risk_assessed.v1",
        "subject": str(case_id),
        "time": seen.time.isoformat(),
    }
    assert datetime.fromisoformat(attributes_of(dif.headers)["time"]).tzinfo is not None
    assert dif.header("content-type") == b"application/json"
    assert dif.header("traceparent") == TRACEPARENT.encode()
    assert json.loads(dif.value) == message_data(seen)
    ids = {attributes_of(m.headers)["id"] for m in messages.values()}
    assert len(ids) == len(messages)  # one id per audience


def test_keys_and_headers_hold_no_personal_data(hub: Hub, case_id: UUID) -> None:
    relay, _ = relay_over(hub)
    messages = [m for n in stored(hub) for m in relay.messages(n)]
    assert {m.topic for m in messages} >= {AUDIT_TOPIC, agency_topic("dif")}
    allowed = re.compile(rb"[0-9a-zA-Z_.:/+\-]*")
    for message in messages:
        for name, value in [("key", message.key), *message.headers]:
            assert allowed.fullmatch(value), name
        for text in FICTITIOUS:
            assert text.encode() not in message.value  # sealed for auditors, left out for agencies
