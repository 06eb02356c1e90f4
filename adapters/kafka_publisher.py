"""The relay's link to Kafka (kafka-python): topics, batches sent and acknowledged, probes.

Ordering: the producer is idempotent (``enable_idempotence``, ``acks=all``, kafka-python's
defaults, which Tansu and Apache Kafka support), so the broker drops the producer's own retries
and keeps each partition's records in the order they were sent, with up to five requests in
flight rather than one (``max_in_flight_requests_per_connection=1`` would keep the order too,
at one round trip per request). A batch that is not acknowledged in full is given up with its
producer: the relay sends the whole batch again on a new producer, so a case's events arrive in
order, possibly after copies of the first of them, which consumers drop by ``ce_id``. A new
producer is also what a broker that lost its producer ids (a restart) needs.

Errors are reported by class name alone: a broker's error message may quote a record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from threading import Lock
from typing import Any

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from adapters.cloudevents import Message

PARTITIONS = 3  # per topic; never changed afterwards, or a case's key moves to another partition
MAX_REPLICAS = 3
CLIENT_ID = "ruta-relay"
PROBE_TIMEOUT = 3.0  # seconds for the broker to answer the admin client (a probe, topics)

_log = logging.getLogger(__name__)


class PublishError(Exception):
    """The broker did not acknowledge a batch, or could not be reached; ``kind`` names the
    error's class, which is all the message says."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind

    @classmethod
    def of(cls, error: BaseException) -> PublishError:
        return cls(type(error).__name__)


class KafkaPublisher:
    """Sends batches keyed by case id and waits for the broker's acknowledgement of each."""

    def __init__(
        self,
        bootstrap_servers: Sequence[str],
        *,
        timeout: float = 10.0,
        partitions: int = PARTITIONS,
        client_id: str = CLIENT_ID,
    ) -> None:
        self.bootstrap_servers = list(bootstrap_servers)
        self.timeout = timeout  # seconds for a batch to be acknowledged, or a client to connect
        self.partitions = partitions
        self.client_id = client_id
        self._producer: KafkaProducer | None = None
        self._pending: list[Any] = []  # futures of the messages sent since the last flush
        self._admin: KafkaAdminClient | None = None
        self._admin_lock = Lock()  # the relay's thread and its heartbeat's share the admin client

    def send(self, messages: Sequence[Message]) -> list[Any]:
        """Hand the messages to the producer, which sends them in the background; returns
        their receipts, for ``acknowledged``."""
        try:
            producer = self._producer or self._new_producer()
            receipts = [
                producer.send(m.topic, value=m.value, key=m.key, headers=m.headers)
                for m in messages
            ]
        except Exception as e:
            self._drop_producer()
            raise PublishError.of(e) from None
        self._pending.extend(receipts)
        return receipts

    def acknowledged(self, receipts: Sequence[Any]) -> bool:
        """Whether the broker has acknowledged every one of these messages yet;
        ``PublishError`` if it refused one, and the producer is dropped."""
        for receipt in receipts:
            if not receipt.is_done:
                return False
            if receipt.failed():
                self._drop_producer()
                raise PublishError.of(receipt.exception)
        return True

    def flush(self) -> None:
        """Wait until the broker has acknowledged every message sent since the last flush;
        ``PublishError`` otherwise, and the producer is dropped (see the module's comment)."""
        pending, self._pending = self._pending, []
        try:
            if self._producer is not None:
                self._producer.flush(timeout=self.timeout)
            self.acknowledged(pending)
            if not all(receipt.is_done for receipt in pending):
                raise TimeoutError("not acknowledged in time")
        except PublishError:
            raise
        except Exception as e:
            self._drop_producer()
            raise PublishError.of(e) from None

    def ensure_topics(self, topics: Iterable[str]) -> None:
        """Create the topics that the broker does not have, with ``partitions`` each."""
        with self._admin_lock:
            try:
                admin = self._admin_client()
                missing = sorted(set(topics) - set(admin.list_topics()))
                if not missing:
                    return
                brokers = len(admin.describe_cluster()["brokers"])
                replicas = max(1, min(MAX_REPLICAS, brokers))
                for topic in missing:  # one at a time: one that exists does not fail the rest
                    try:
                        admin.create_topics([NewTopic(topic, self.partitions, replicas)])
                    except TopicAlreadyExistsError:
                        continue
                _log.info("relay: %d topics created", len(missing))
            except Exception as e:
                self._drop_admin()
                raise PublishError.of(e) from None

    def probe(self) -> None:
        """Ask the broker for the cluster's description: ``PublishError`` if it does not answer."""
        with self._admin_lock:
            try:
                self._admin_client().describe_cluster()
            except Exception as e:
                self._drop_admin()
                raise PublishError.of(e) from None

    def close(self) -> None:
        self._drop_producer()
        with self._admin_lock:
            self._drop_admin()

    def _new_producer(self) -> KafkaProducer:
        millis = int(self.timeout * 1000)
        self._producer = KafkaProducer(
            bootstrap_servers=self.bootstrap_servers,
            client_id=self.client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=200,
            batch_size=256 * 1024,
            request_timeout_ms=max(millis // 2, 1000),
            delivery_timeout_ms=millis,
            max_block_ms=millis,
            bootstrap_timeout_ms=millis,
            reconnect_backoff_max_ms=1000,
        )
        return self._producer

    def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        self._pending = []
        if producer is not None:
            _quietly(producer.close, timeout=0)

    def _admin_client(self) -> KafkaAdminClient:
        if self._admin is None:
            # Short: the heartbeat probes with it, and must go on writing the status row.
            millis = int(min(self.timeout, PROBE_TIMEOUT) * 1000)
            self._admin = KafkaAdminClient(
                bootstrap_servers=self.bootstrap_servers,
                client_id=f"{self.client_id}-admin",
                request_timeout_ms=millis,
                bootstrap_timeout_ms=millis,
                reconnect_backoff_max_ms=1000,
            )
        return self._admin

    def _drop_admin(self) -> None:
        admin, self._admin = self._admin, None
        if admin is not None:
            _quietly(admin.close)


def _quietly(close: Any, **kwargs: Any) -> None:
    try:
        close(**kwargs)
    except Exception as e:  # closing a client of a broker that is gone
        _log.debug("relay: closing a Kafka client failed (%s)", type(e).__name__)
