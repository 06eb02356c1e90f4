"""``ruta relay`` as a process: killed in the middle of a stream, started again, nothing lost.

The relay runs as its own process over an SQLite store that the test writes with a hub of its
own, publishing to a Tansu broker; ``ruta relay status`` is the health check a supervisor runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from threading import Event, Thread

import pytest
from kafka.consumer.fetcher import ConsumerRecord

from adapters.bootstrap import store_env
from adapters.cloudevents import AUDIT_TOPIC, agency_topic, attributes_of
from adapters.relay_tracking import open_tracking
from adapters.settings import Settings
from domain.hub import Hub
from queries.event_stream import AUDIT, EventStream
from tests.builders import SEDETUR, open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.kafka_broker import Broker, read_topics

pytestmark = pytest.mark.kafka

CASES = 150  # four events each: enough for the relay to be killed between two batches


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def env(data_dir: Path, kafka_broker: Broker) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RUTA_")}
    return {
        **clean,
        "RUTA_DATA_DIR": str(data_dir),
        "RUTA_KAFKA_BOOTSTRAP_SERVERS": kafka_broker.bootstrap_servers,
    }


@pytest.fixture
def hub(data_dir: Path) -> Iterator[Hub]:
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    hub = Hub(store_env(settings), sealer=FakeSealer(), clock=ManualClock())
    yield hub
    hub.close()


def write_cases(hub: Hub, count: int) -> None:
    for _ in range(count):
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
            hub.issue_referral(case_id, "dif", "shelter")


def keep_writing(hub: Hub, done: Event) -> None:
    """Cases, one after another, until ``done`` (or a few hundred)."""
    for _ in range(400):
        if done.is_set():
            return
        write_cases(hub, 1)


def relay(env: dict[str, str], *verb: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "relay", *verb],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def status(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "relay", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def tracked(data_dir: Path) -> int:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    tracking = open_tracking(store_env(settings), data_dir)
    try:
        return int(tracking.max_tracking_id(Hub.name) or 0)
    finally:
        tracking.close()


def wait_until(condition: Callable[[], bool], timeout: float = 60.0, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(every)


def covering(ids: set[str]) -> Callable[[list[ConsumerRecord]], bool]:
    """Whether the records read so far hold every event of ``ids``."""
    return lambda records: {attributes_of(r.headers)["id"] for r in records} >= ids


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_relay_killed_mid_stream_and_started_again_delivers_every_event(
    hub: Hub, env: dict[str, str], data_dir: Path, kafka_broker: Broker
) -> None:
    write_cases(hub, CASES)
    first = relay(env)
    writing = Event()
    writer = Thread(target=keep_writing, args=(hub, writing), daemon=True)
    writer.start()  # the stream goes on while the relay follows it
    try:
        wait_until(lambda: 0 < tracked(data_dir) < int(hub.recorder.max_notification_id() or 0))
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        writing.set()
        writer.join()
        stop(first)
    at_kill = tracked(data_dir)
    head = int(hub.recorder.max_notification_id() or 0)
    assert 0 < at_kill < head  # killed in the middle of the stream

    # What the relay tracked, the broker had acknowledged.
    stream = EventStream(hub)
    records = list(hub.recorder.select_notifications(start=1, limit=head))
    audit_ids = {n.id: e.event_id(AUDIT) for n in records if (e := stream.for_audit(n))}
    acked = {i for position, i in audit_ids.items() if position <= at_kill}
    seen = read_topics(kafka_broker.bootstrap_servers, [AUDIT_TOPIC], lambda r: False, timeout=3)
    assert acked <= {attributes_of(r.headers)["id"] for r in seen}

    second = relay(env)
    try:
        wait_until(lambda: tracked(data_dir) == head)
        wait_until(lambda: status(env).returncode == 0, every=0.5)
    finally:
        stop(second)
    assert "no está en marcha" in status(env).stdout  # stopped: the health check says so

    dif_ids = {e.event_id("dif"): n.id for n in records if (e := stream.for_agencies(n).get("dif"))}
    wanted = {AUDIT_TOPIC: set(audit_ids.values()), agency_topic("dif"): set(dif_ids)}
    for topic, expected in wanted.items():
        delivered = read_topics(kafka_broker.bootstrap_servers, [topic], covering(expected))
        copies: dict[str, set[tuple[bytes, bytes]]] = defaultdict(set)
        for record in delivered:
            copies[attributes_of(record.headers)["id"]].add((record.key, record.value))
        assert set(copies) == expected  # every event, under its stable id
        assert all(len(same) == 1 for same in copies.values())  # a duplicate is the same message


def test_relay_status_tells_a_health_check_whether_the_relay_can_publish(
    hub: Hub, env: dict[str, str], data_dir: Path, kafka_broker: Broker
) -> None:
    never = status(env)
    assert never.returncode == 1
    assert "sin estado" in never.stdout
    write_cases(hub, 1)
    process = relay(env)
    try:
        wait_until(lambda: status(env).returncode == 0, every=0.5)
        ready = status({**env, "LANG": "C"})
        assert "listo" in ready.stdout
        kafka_broker.stop()
        wait_until(lambda: status(env).returncode == 1, every=0.5)
        assert "no listo" in status(env).stdout
        english = subprocess.run(
            [sys.executable, "-m", "cli.main", "--lang", "en", "relay", "status"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "not ready, the broker does not answer" in english.stdout
        kafka_broker.start()
        wait_until(lambda: status(env).returncode == 0, every=0.5)
    finally:
        stop(process)
    assert process.returncode == 0
    out, err = process.communicate(timeout=10)
    assert "Relevo a Kafka en marcha" in out
    assert "relay: the broker did not answer" in err
    assert "relay: the broker answers; publishing" in err
    for text in ("Marisol", "2002-03-14", "Relato ficticio"):
        assert text not in out + err  # never personal data in what it logs
