"""Consuming an agency's topic on a real broker (Tansu): commit after handling, drop duplicates.

``adapters.subscriber`` (behind ``ruta subscribe``) and the documented example an agency starts
from (``examples/consume_agency_topic.py``) follow the same rules: an offset is committed only
once its record is handled, and a redelivered event (the same ``ce_id``) is handled once.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from threading import Event
from types import ModuleType
from typing import Any

import pytest
from kafka import KafkaAdminClient, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from adapters.cloudevents import agency_topic
from adapters.subscriber import agency_consumer, follow_topic
from tests.kafka_broker import Broker

pytestmark = pytest.mark.kafka

TOPIC = agency_topic("dif")
CASE = "0b6f7c1e-3d1a-4c2e-9a55-1f0e8d7c6b5a"
EXAMPLE = Path(__file__).parents[2] / "examples" / "consume_agency_topic.py"


class HandlerFailed(Exception):
    """The agency's system could not handle an event."""


def publish(broker: Broker, *ids: str, first: int = 1) -> None:
    """Events of one case from version ``first`` on, as the relay sends them (a repeated id is a
    redelivery)."""
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
    try:
        if TOPIC not in admin.list_topics():
            admin.create_topics([NewTopic(TOPIC, 1, 1)])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers)
    for version, event_id in enumerate(ids, start=first):
        headers = [
            ("ce_specversion", b"1.0"),
            ("ce_id", event_id.encode()),
            ("ce_type", b"mx.ruta.referral_issued.v2"),
            ("ce_subject", CASE.encode()),
        ]
        body = {"case_id": CASE, "version": version, "type": "referral_issued", "data": {}}
        producer.send(TOPIC, key=CASE.encode(), value=json.dumps(body).encode(), headers=headers)
    producer.flush()
    producer.close()


def test_an_offset_is_committed_only_once_its_record_was_handled(kafka_broker: Broker) -> None:
    publish(kafka_broker, "a", "b", "c", "d")
    handled: list[str] = []

    def handle(event: dict[str, Any]) -> None:
        if event["id"] == "c":
            raise HandlerFailed
        handled.append(event["id"])

    consumer = agency_consumer([kafka_broker.bootstrap_servers], "dif", "g", from_beginning=True)
    with pytest.raises(HandlerFailed):
        follow_topic(consumer, handle, Event())
    assert handled == ["a", "b"]
    assert consumer.committed(TopicPartition(TOPIC, 0)) == 2  # "c" is next: it comes again
    consumer.close()

    again = agency_consumer([kafka_broker.bootstrap_servers], "dif", "g", from_beginning=True)
    try:
        follow_topic(again, lambda event: handled.append(event["id"]), Event(), count=2)
    finally:
        again.close()
    assert handled == ["a", "b", "c", "d"]


def test_a_redelivered_event_is_handed_on_once(kafka_broker: Broker) -> None:
    publish(kafka_broker, "a", "b", "a", "b", "c")
    handled: list[str] = []
    consumer = agency_consumer([kafka_broker.bootstrap_servers], "dif", "g", from_beginning=True)
    try:
        follow_topic(consumer, lambda event: handled.append(event["id"]), Event(), count=3)
    finally:
        consumer.close()
    assert handled == ["a", "b", "c"]


def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("consume_agency_topic", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_documented_example_handles_each_event_once_across_runs(
    kafka_broker: Broker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    consumer = example()
    db = consumer.open_store(str(tmp_path / "dif-handled.db"))
    publish(kafka_broker, "a", "b", "a")
    assert consumer.consume(kafka_broker.bootstrap_servers, "dif", db, max_events=2) == 2
    publish(kafka_broker, "b", "c", first=2)  # a late redelivery of "b", then a new event
    assert consumer.consume(kafka_broker.bootstrap_servers, "dif", db, max_events=1) == 1
    printed = capsys.readouterr().out.splitlines()
    assert [line.split()[-1] for line in printed] == ["1", "2", "3"]  # each event once
