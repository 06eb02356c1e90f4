"""The Kafka relay against a real Kafka-protocol broker (Tansu), over SQLite and PostgreSQL.

One topic per agency with what it may see, ``ruta.audit`` with every case event sealed, each a
CloudEvent keyed by its case; per-case order; topics created by the relay; and, with the broker
stopped, a hub that goes on accepting commands while the relay waits, says it is not ready, and
catches up when a broker answers again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Tracking
from kafka import KafkaAdminClient, KafkaConsumer

from adapters.bootstrap.relay import relay_runner
from adapters.cloudevents import AUDIT_TOPIC, agency_topic, attributes_of, to_cloud_event
from adapters.kafka_publisher import KafkaPublisher
from adapters.kafka_relay import KafkaRelay, RelayOptions
from adapters.relay_runner import RelayRunner
from adapters.relay_tracking import open_tracking
from domain.hub import Hub
from queries.event_stream import EventStream
from tests.builders import STYPS, open_adult, referred_to_dif
from tests.fakes import FakeSealer, ManualClock
from tests.kafka_broker import Broker, read_topics

pytestmark = pytest.mark.kafka

SOURCE = "ruta.mx/pruebas"
FICTITIOUS = ["Marisol", "2002-03-14", "F0000000", "Relato ficticio", "Calle Falsa", "Albergue"]
PACE: dict[str, Any] = {"backoff": 0.05, "max_backoff": 0.5, "heartbeat": 0.2, "probe_every": 0.3}


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "ruta.db"),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    env: dict[str, str] = request.getfixturevalue("postgres_env")
    return env


@pytest.fixture
def hub(store: dict[str, str]) -> Iterator[Hub]:
    hub = Hub(store, sealer=FakeSealer(), clock=ManualClock())
    yield hub
    hub.close()


@pytest.fixture
def relay(
    store: dict[str, str], tmp_path: Path, hub: Hub, kafka_broker: Broker
) -> Iterator[RelayRunner]:
    with relay_runner(
        store,
        tmp_path,
        bootstrap_servers=[kafka_broker.bootstrap_servers],
        catalogue=hub.catalogue,
        source=SOURCE,
        timeout=2.0,
        **PACE,
    ) as runner:
        yield runner


def referred_case(hub: Hub) -> UUID:
    """Scenario 1: detected by SEDETUR, referred to DIF, which takes custody of her."""
    return referred_to_dif(hub)


def head(hub: Hub) -> int:
    return int(hub.recorder.max_notification_id() or 0)


def expected_messages(hub: Hub) -> dict[str, list[tuple[bytes, list[tuple[str, bytes]], bytes]]]:
    """What each topic should carry, by the event stream's policy, in log order."""
    stream = EventStream(hub)
    expected: dict[str, list[tuple[bytes, list[tuple[str, bytes]], bytes]]] = {}
    for notification in hub.recorder.select_notifications(start=1, limit=10_000):
        seen = [(agency_topic(c), c, e) for c, e in stream.for_agencies(notification).items()]
        if (whole := stream.for_audit(notification)) is not None:
            seen.append((AUDIT_TOPIC, "audit", whole))
        for topic, audience, event in seen:
            message = to_cloud_event(event, audience, topic, SOURCE)
            expected.setdefault(topic, []).append((message.key, message.headers, message.value))
    return expected


def count(total: int) -> Callable[[list[object]], bool]:
    return lambda records: len(records) >= total


def test_each_agency_topic_carries_what_it_may_see_and_the_audit_topic_every_event(
    hub: Hub, relay: RelayRunner, kafka_broker: Broker
) -> None:
    referred_case(hub)
    open_adult(hub, by=STYPS)
    relay.wait(head(hub), timeout=20)
    expected = expected_messages(hub)
    assert set(expected) == {
        AUDIT_TOPIC,
        *(agency_topic(c) for c in ("sedetur", "dif", "styps", "cdheqroo")),
    }
    topics = [AUDIT_TOPIC, *(agency_topic(a.code) for a in hub.catalogue)]
    total = sum(len(messages) for messages in expected.values())
    records = read_topics(kafka_broker.bootstrap_servers, topics, count(total + 1), timeout=2)
    assert len(records) == total  # nothing for agencies that are not involved (fge, oim...)
    for topic, messages in expected.items():
        received = sorted(
            (r for r in records if r.topic == topic), key=lambda r: json.loads(r.value)["position"]
        )
        assert [(r.key, r.headers, r.value) for r in received] == messages
    for record in records:
        raw = record.key + record.value + b"".join(value for _, value in record.headers)
        for text in FICTITIOUS:  # sealed in the audit stream, left out of the agencies'
            assert text.encode() not in raw


def test_the_events_of_a_case_arrive_in_order_on_each_topic(
    hub: Hub, relay: RelayRunner, kafka_broker: Broker
) -> None:
    cases = [referred_case(hub) for _ in range(4)]
    relay.wait(head(hub), timeout=20)
    topics = [AUDIT_TOPIC, agency_topic("dif")]
    expected = expected_messages(hub)
    total = sum(len(expected[topic]) for topic in topics)
    records = read_topics(kafka_broker.bootstrap_servers, topics, count(total))
    assert len(records) == total
    for topic in topics:
        for case_id in cases:
            versions = [
                json.loads(r.value)["version"]
                for r in records
                if r.topic == topic and r.key == str(case_id).encode()
            ]
            assert versions
            assert versions == sorted(set(versions))  # in order, each once


def test_the_relay_creates_a_topic_for_each_agency_and_the_audit_stream(
    hub: Hub, relay: RelayRunner, kafka_broker: Broker
) -> None:
    wait_until(lambda: relay.ready)
    wanted = {AUDIT_TOPIC, *(agency_topic(a.code) for a in hub.catalogue)}
    admin = KafkaAdminClient(bootstrap_servers=kafka_broker.bootstrap_servers)
    consumer = KafkaConsumer(bootstrap_servers=kafka_broker.bootstrap_servers)
    try:
        assert set(admin.list_topics()) == wanted  # created before any event
        assert {len(consumer.partitions_for_topic(topic)) for topic in wanted} == {3}
    finally:
        consumer.close()
        admin.close()


def test_with_the_broker_down_commands_go_on_and_the_relay_catches_up_when_it_returns(
    hub: Hub, relay: RelayRunner, kafka_broker: Broker
) -> None:
    first = referred_case(hub)
    relay.wait(head(hub), timeout=20)
    before = read_topics(kafka_broker.bootstrap_servers, [AUDIT_TOPIC], count(6))
    published = relay.position()
    assert relay.tracking.status() is not None

    kafka_broker.stop()
    second = referred_case(hub)  # the hub does not wait for the relay, nor for Kafka
    wait_until(lambda: not relay.ready)
    wait_until(lambda: (s := relay.tracking.status()) is not None and not s.ready)
    status = relay.tracking.status()
    assert status is not None
    assert status.problem is not None
    assert status.problem.isidentifier()  # an error's class name, nothing it might quote
    time.sleep(1.0)  # several retries: nothing acknowledged, nothing tracked
    assert relay.position() == published < head(hub)

    # A broker answers again, on the same address, empty (memory storage), as a cluster rebuilt
    # from scratch would: the relay creates the topics again and sends what was not tracked.
    kafka_broker.start()
    relay.wait(head(hub), timeout=30)
    wait_until(lambda: relay.ready)
    after = read_topics(kafka_broker.bootstrap_servers, [AUDIT_TOPIC], count(6))
    cases = [r.key for r in before + after]
    assert cases.count(str(first).encode()) == 6
    assert cases.count(str(second).encode()) == 6
    ids = [attributes_of(r.headers)["id"] for r in before + after]
    assert len(set(ids)) == len(ids) == 12


class Killed(Exception):
    """The relay's process dies: after the broker acknowledged, before the position is kept."""


def test_a_batch_acknowledged_but_not_tracked_is_sent_again_under_the_same_ids(
    store: dict[str, str],
    tmp_path: Path,
    hub: Hub,
    kafka_broker: Broker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    referred_case(hub)
    records = list(hub.recorder.select_notifications(start=1, limit=100))
    tracking = open_tracking(store, tmp_path)
    publisher = KafkaPublisher([kafka_broker.bootstrap_servers], timeout=2.0)
    options = RelayOptions(source=SOURCE, agencies=("dif",), max_hold=60)
    relay = KafkaRelay(tracking, EventStream(hub), publisher, options)
    relay.log_head = lambda: records[-1].id  # one batch: the whole case

    def killed(tracked: Tracking) -> None:
        raise Killed

    monkeypatch.setattr(tracking, "insert_tracking", killed)
    for record in records[:-1]:
        relay.process_event(record, Tracking(Hub.name, record.id))  # held
    with pytest.raises(Killed):
        relay.process_event(records[-1], Tracking(Hub.name, records[-1].id))
    publisher.close()
    tracking.close()
    first = read_topics(kafka_broker.bootstrap_servers, [AUDIT_TOPIC], count(6))
    assert len(first) == 6  # acknowledged by the broker, but not tracked

    with relay_runner(
        store,
        tmp_path,
        bootstrap_servers=[kafka_broker.bootstrap_servers],
        catalogue=hub.catalogue,
        source=SOURCE,
        **PACE,
    ) as runner:
        runner.wait(head(hub), timeout=20)
    both = read_topics(kafka_broker.bootstrap_servers, [AUDIT_TOPIC], count(12))
    copies: dict[str, list[tuple[bytes, bytes]]] = {}
    for record in both:
        copies.setdefault(attributes_of(record.headers)["id"], []).append(
            (record.key, record.value)
        )
    assert len(copies) == 6
    assert all(len(same) == 2 and same[0] == same[1] for same in copies.values())


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.05)
