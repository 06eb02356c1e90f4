"""The Kafka relay: a projection of the hub's log whose "view" is a set of topics.

It follows the stored records in log order (``adapters.raw_log.RawLog``, the runner the views
use), asks the event stream what each audience may see of each record, and publishes one
CloudEvent per audience: ``ruta.agency.<code>`` for each agency the event concerns, redacted by
the read side's access policy (``queries``), and ``ruta.audit`` with every case event, its
sealed values sealed.

At least once, nothing lost: each record's messages go to the producer as the record is read,
and records are grouped in batches (up to ``batch_size``, or ``max_hold`` seconds, or at once
when the log has nothing after them). A batch's last position is tracked only once the broker
has acknowledged every message of it and of the batches before it: at the log's head the relay
waits for that (a flush); while it catches up, up to ``batches_in_flight`` batches wait for
their acknowledgements while it reads on. A relay stopped or killed in between sends the
untracked records again when it starts, with the same ``ce_id``. While the broker does not
acknowledge, the relay keeps every batch not tracked, sends them again in order with
exponential backoff (``backoff`` doubling up to ``max_backoff``) and reports itself not ready;
the hub does not wait for it, so commands go on being accepted, and the relay catches up from
its position when the broker answers again. Topics are created if missing, at start and again
after a failure (a broker that comes back may be a new, empty one).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from threading import Event
from typing import Any, Protocol

from eventsourcing.persistence import Notification, Tracking
from eventsourcing.projection import Projection
from opentelemetry.trace import NoOpTracer, SpanKind, Tracer

from adapters.cloudevents import (
    AUDIT_AUDIENCE,
    AUDIT_TOPIC,
    TRACEPARENT,
    Message,
    agency_topic,
    to_cloud_event,
)
from adapters.kafka_publisher import PublishError
from adapters.relay_tracking import RELAY, RelayTracking
from adapters.telemetry import context_from, inject
from projections.log_head import FollowsLogHead
from queries.event_stream import StreamEvent

_log = logging.getLogger(__name__)


class Audiences(Protocol):
    """What each audience may see of a stored record (``queries.event_stream.EventStream``)."""

    def for_agencies(self, notification: Notification) -> Mapping[str, StreamEvent]: ...

    def for_audit(self, notification: Notification) -> StreamEvent | None: ...


class Publisher(Protocol):
    """The broker, as the relay uses it (``adapters.kafka_publisher.KafkaPublisher``)."""

    def ensure_topics(self, topics: Sequence[str]) -> None: ...

    def send(self, messages: Sequence[Message]) -> list[Any]: ...

    def acknowledged(self, receipts: Sequence[Any]) -> bool: ...

    def flush(self) -> None: ...

    def probe(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class RelayOptions:
    """The relay's deployment and its pace."""

    source: str  # ce_source: the log's origin
    agencies: tuple[str, ...]  # the catalogue's codes: their topics exist before any event
    batch_size: int = 500  # records held before a flush
    max_hold: float = 0.1  # seconds a record may be held while more arrive
    batches_in_flight: int = 4  # sent while the broker has yet to acknowledge earlier ones
    backoff: float = 0.2  # seconds before the first retry; doubles each time
    max_backoff: float = 5.0
    heartbeat: float = 1.0  # seconds between status rows
    probe_every: float = 5.0  # an idle relay asks the broker whether it answers this often

    @property
    def topics(self) -> tuple[str, ...]:
        return (AUDIT_TOPIC, *(agency_topic(code) for code in self.agencies))


@dataclass(frozen=True)
class _Batch:
    """Records sent together: the last one's tracking, their messages and their receipts."""

    tracking: Tracking
    messages: list[Message]
    receipts: list[Any]


class KafkaRelay(FollowsLogHead, Projection[RelayTracking]):
    """Publishes each stored case event to its audiences' topics, tracking what was acked."""

    name = RELAY
    topics = ()  # every record: those of no case are tracked and publish nothing

    def __init__(
        self,
        view: RelayTracking,
        audiences: Audiences,
        publisher: Publisher,
        options: RelayOptions,
        tracer: Tracer | None = None,
    ) -> None:
        super().__init__(view)
        self.audiences = audiences
        self.publisher = publisher
        self.options = options
        self.tracer = tracer or NoOpTracer()
        self.stopping = Event()  # set by the runner: a retry waits no longer
        self.ready = False
        self.problem: str | None = None
        self.busy = False  # records are held: being sent, or waiting for the broker
        self.last_contact = 0.0  # monotonic time of the broker's last answer
        self._topics: set[str] = set()  # topics known to exist on the broker
        self._held: list[Message] = []
        self._last: Tracking | None = None
        self._count = 0
        self._held_since = 0.0
        self._receipts: list[Any] = []  # of the messages held
        self._sent: deque[_Batch] = deque()  # batches sent, not yet tracked, in log order
        self._unsent: PublishError | None = None  # why a batch could not be sent

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """``domain_event`` is the stored record itself (``RawLog``'s pass-through mapper)."""
        if self._last is None:
            self._held_since = time.monotonic()
            self.busy = True
        messages = self.messages(domain_event)
        self._held.extend(messages)
        if self._unsent is None:  # sent as they come, while the next records are read
            try:
                self._receipts.extend(self._send(messages))
            except PublishError as e:
                self._unsent = e  # sent again, with every batch not tracked yet, when settled
        self._last = tracking
        self._count += 1
        more = self._more_after(tracking.notification_id)
        if (
            not more
            or self._count >= self.options.batch_size
            or time.monotonic() - self._held_since >= self.options.max_hold
        ):
            # At the log's head, wait for the broker; while catching up, only as many
            # batches as ``batches_in_flight`` wait for it, and the next ones are read.
            self._close_batch()
            self.settle(wait=not more or len(self._sent) >= self.options.batches_in_flight)

    def messages(self, notification: Notification) -> list[Message]:
        """The record's messages: one per agency that may see it, then the audit stream's;
        published under a span continuing the trace of the command that recorded the event."""
        seen: list[tuple[str, str, StreamEvent]] = [
            (code, agency_topic(code), event)
            for code, event in self.audiences.for_agencies(notification).items()
        ]
        if (whole := self.audiences.for_audit(notification)) is not None:
            seen.append((AUDIT_AUDIENCE, AUDIT_TOPIC, whole))
        if not seen:
            return []
        stored = seen[0][2].traceparent
        with self.tracer.start_as_current_span(
            "relay.publish",
            context=context_from(stored),
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": "kafka",
                "messaging.operation.type": "publish",
                "messaging.batch.message_count": len(seen),
                "ruta.position": notification.id,
            },
        ):
            carrier: dict[str, str] = {}
            inject(carrier)  # the publish span's, if this relay traces
        traced = carrier.get(TRACEPARENT)
        source = self.options.source
        return [to_cloud_event(e, who, topic, source, traced) for who, topic, e in seen]

    def settle(self, *, wait: bool = True) -> None:
        """Track the last batch the broker has acknowledged with every batch before it; with
        ``wait``, wait for all of them. When a batch is not acknowledged, every batch not yet
        tracked is sent again, in order, after a growing wait, until the broker acknowledges
        them; when stopped first, nothing more is tracked (the next start sends it again)."""
        self._close_batch()
        done: list[_Batch] = []
        try:
            if self._unsent is not None:
                raise self._unsent
            if wait:
                self.publisher.flush()
            while self._sent and self.publisher.acknowledged(self._sent[0].receipts):
                done.append(self._sent.popleft())
        except PublishError as e:
            again = list(self._sent)  # from the first batch not acknowledged, in order
            self._sent.clear()
            self._unsent = None
            if self._retry(e, [m for batch in again for m in batch.messages]):
                done.extend(again)
        if any(batch.messages for batch in done):
            self._answered()  # the broker acknowledged something: it answers
        if done:
            self.view.insert_tracking(done[-1].tracking)
        self.busy = bool(self._sent)

    def forget(self) -> None:
        """Drop every record held or sent and not tracked: after an outage of the store the
        runner reads the log again from the tracked position, and those records are sent
        again, under the same ``ce_id`` (at least once)."""
        self._held, self._receipts, self._last, self._count = [], [], None, 0
        self._sent.clear()
        self._unsent = None
        self.busy = False

    def _close_batch(self) -> None:
        if self._last is not None:
            self._sent.append(_Batch(self._last, self._held, self._receipts))
            self._held, self._receipts, self._last, self._count = [], [], None, 0

    def _retry(self, error: PublishError, messages: Sequence[Message]) -> bool:
        """Send ``messages`` again until acknowledged (True), or until stopped (False)."""
        delay = self.options.backoff
        while True:
            self._failed(error, delay)
            if self.stopping.wait(delay):
                return False
            delay = min(delay * 2, self.options.max_backoff)
            try:
                self._send(messages)
                self.publisher.flush()
                return True
            except PublishError as e:
                error = e

    def probe(self) -> None:
        """Ask an idle broker whether it answers, creating the topics if it has not yet (the
        heartbeat calls this)."""
        if self.busy or time.monotonic() - self.last_contact < self.options.probe_every:
            return
        try:
            if self._topics:
                self.publisher.probe()
            else:  # the topics exist before any event, for consumers that subscribe first
                self.publisher.ensure_topics(self.options.topics)
                self._topics = set(self.options.topics)
        except PublishError as e:
            if not self.busy:
                self._failed(e, None)
            return
        self._answered()

    def _send(self, messages: Sequence[Message]) -> list[Any]:
        if not self._topics:
            self.publisher.ensure_topics(self.options.topics)
            self._topics = set(self.options.topics)
        if missing := sorted({m.topic for m in messages} - self._topics):
            self.publisher.ensure_topics(missing)  # an agency added to the catalogue since
            self._topics.update(missing)
        return self.publisher.send(messages) if messages else []

    def _answered(self) -> None:
        if not self.ready:
            _log.info("relay: the broker answers; publishing")
        self.ready, self.problem = True, None
        self.last_contact = time.monotonic()

    def _failed(self, error: PublishError, retry_in: float | None) -> None:
        if self.ready or self.problem != error.kind:
            again = f", trying again in {retry_in:.1f} s" if retry_in is not None else ""
            _log.warning("relay: the broker did not answer (%s)%s", error.kind, again)
        self.ready, self.problem = False, error.kind
        self._topics = set()  # the broker that answers next may have lost them
