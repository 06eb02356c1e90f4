"""A subscriber whose brokers go away says so and ends, rather than waiting forever."""

from __future__ import annotations

import threading
import time
from threading import Event

import pytest

from adapters.subscriber import PROBE_EVERY, Unreachable, agency_consumer, follow_topic
from tests.kafka_broker import Broker

pytestmark = pytest.mark.kafka


def test_a_subscriber_whose_brokers_went_away_ends_once_its_patience_is_spent(
    kafka_broker: Broker,
) -> None:
    servers = [kafka_broker.bootstrap_servers]
    consumer = agency_consumer(servers, "dif", "dif-perdido", from_beginning=True)
    stop = Event()
    guard = threading.Timer(90, stop.set)  # the test never hangs, whatever happens
    guard.start()
    try:
        kafka_broker.stop()
        started = time.monotonic()
        with pytest.raises(Unreachable):
            follow_topic(consumer, lambda _: None, stop, patience=2.0)
        assert not stop.is_set(), "it waited for the guard instead of giving up"
        assert time.monotonic() - started < 3 * PROBE_EVERY + 10
    finally:
        guard.cancel()
        consumer.close(autocommit=False, timeout_ms=1000)
        kafka_broker.start()
