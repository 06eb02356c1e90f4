"""An agency's subscription to its events: its Kafka topic, or the hub's HTTP feed.

Both hand each event to a handler as a CloudEvent (its attributes and ``data``), and both move
their place only after the handler returned: the Kafka consumer commits a record's offset once
it is handled, the feed keeps the cursor of the last event handled. An event may therefore come
again (a crash between handling and committing, or the relay's own redelivery), always with the
same ``id``; the last ``remember`` ids are kept, and a repeated one is not handed on again.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from threading import Event
from typing import Any

from cachetools import LRUCache
from kafka import KafkaConsumer
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition
from opentelemetry.trace import NoOpTracer, Span, SpanKind, Tracer

from adapters.cloudevents import TRACEPARENT, agency_topic, attributes_of
from adapters.telemetry import context_from

Handler = Callable[[dict[str, Any]], None]
REMEMBER = 10_000  # event ids kept to drop a repeated delivery
POLL_INTERVAL_MS = 5_000  # Tansu waits max_poll_interval_ms for a group to rebalance
BOOTSTRAP_TIMEOUT_MS = 5_000  # no broker answers within it: the brokers cannot be reached
PATIENCE = 60.0  # seconds a hub or brokers reached once may stay unreachable before giving up
PROBE_EVERY = 5.0  # seconds between looks at the brokers while the topic is quiet


class Unreachable(Exception):
    """The brokers or the hub cannot be reached (nothing listens, or nothing answers in time)."""


class RecentIds:
    """The last ``size`` event ids seen: bounded memory, enough to span a redelivered batch.

    Used by one subscription's one thread: no lock."""

    def __init__(self, size: int = REMEMBER) -> None:
        self.size = size
        self._ids: LRUCache[str, None] = LRUCache(maxsize=size)

    def first_time(self, event_id: str) -> bool:
        """Whether ``event_id`` is new; it is remembered either way (a repeated id as the
        newest, so a batch delivered again and again is never forgotten half way)."""
        seen = event_id in self._ids
        self._ids[event_id] = None
        return not seen


def agency_consumer(
    bootstrap_servers: Sequence[str], agency: str, group: str, *, from_beginning: bool
) -> KafkaConsumer:
    """A consumer of the group ``group`` on the agency's topic, committing by hand; raises
    ``Unreachable`` when no broker answers within ``BOOTSTRAP_TIMEOUT_MS``."""
    if not any(_listening(server) for server in bootstrap_servers):
        raise Unreachable("no broker listens")  # said at once, before kafka-python's wait
    try:
        return _consumer(bootstrap_servers, agency, group, from_beginning=from_beginning)
    except KafkaError as e:
        raise Unreachable(type(e).__name__) from None


def _listening(server: str) -> bool:
    """Whether something accepts a connection at ``host[:port]`` (Kafka's 9092 by default)
    within the bootstrap timeout."""
    host, colon, port = server.strip().rpartition(":")
    if not colon or host.endswith(":"):  # no port, or a bare IPv6 address
        host, port = server.strip(), "9092"
    try:
        address = (host.strip("[]"), int(port))
        socket.create_connection(address, BOOTSTRAP_TIMEOUT_MS / 1000).close()
    except (OSError, ValueError):
        return False
    return True


def _consumer(
    bootstrap_servers: Sequence[str], agency: str, group: str, *, from_beginning: bool
) -> KafkaConsumer:
    return KafkaConsumer(
        agency_topic(agency),
        bootstrap_servers=list(bootstrap_servers),
        group_id=group,
        client_id=f"ruta-subscribe-{agency}",
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        max_poll_interval_ms=POLL_INTERVAL_MS,
        max_poll_records=100,  # handled well within max_poll_interval_ms
        session_timeout_ms=6_000,  # the group forms (and a member is found gone) in seconds
        heartbeat_interval_ms=1_000,
        bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
    )


def follow_topic(
    consumer: KafkaConsumer,
    handle: Handler,
    stop: Event,
    *,
    count: int | None = None,
    recent: RecentIds | None = None,
    tracer: Tracer | None = None,
    patience: float | None = None,
) -> int:
    """Hand each record's event to ``handle`` and commit it once handled, until ``stop`` is
    set or ``count`` events were handled; returns how many were. When ``handle`` raises, what
    was handled before is committed and the error goes on up. Each handling is a span in the
    trace the record's ``traceparent`` names (the relay's publish). With ``patience``, a quiet
    topic has its brokers looked at every ``PROBE_EVERY`` seconds, and ``Unreachable`` is raised
    once none has listened for ``patience`` seconds (kafka-python itself would wait forever, now
    and then raising a connection error, which is then taken as a quiet topic)."""
    recent = recent or RecentIds()
    tracer = tracer or NoOpTracer()
    handled, probed, lost = 0, time.monotonic(), 0.0
    servers = consumer.config["bootstrap_servers"]
    servers = servers.split(",") if isinstance(servers, str) else list(servers)
    while not stop.is_set():
        done: dict[TopicPartition, OffsetAndMetadata] = {}
        try:
            try:
                polled = consumer.poll(timeout_ms=500)
            except KafkaError:  # a broker gone: kafka-python says so now and then
                if patience is None:
                    raise
                polled = {}
                stop.wait(0.5)
            if patience is not None and not polled and time.monotonic() - probed > PROBE_EVERY:
                probed = time.monotonic()
                lost = 0.0 if any(map(_listening, servers)) else (lost or probed)
                if lost and probed - lost >= patience:
                    raise Unreachable("the brokers went away")
            for partition, records in polled.items():
                for record in records:
                    event = {**attributes_of(record.headers), "data": json.loads(record.value)}
                    if recent.first_time(event.get("id", "")):
                        where = {
                            "messaging.system": "kafka",
                            "messaging.destination.name": record.topic,
                            "messaging.destination.partition.id": str(record.partition),
                            "messaging.kafka.offset": record.offset,
                        }
                        with _handling(tracer, _traceparent(record.headers), event, where):
                            handle(event)
                        handled += 1
                    done[partition] = OffsetAndMetadata(record.offset + 1, "", -1)
                    if count is not None and handled >= count:
                        return handled
        finally:
            if done:
                consumer.commit(done)
    return handled


class FeedRefused(Exception):
    """The hub refused the feed's request (a token it does not know, a bad cursor)."""

    def __init__(self, status: int, title: str) -> None:
        super().__init__(f"{status} {title}")
        self.status = status
        self.title = title


def follow_feed(
    url: str,
    token: str,
    handle: Handler,
    stop: Event,
    *,
    after: int = 0,
    cursor_file: Path | None = None,
    count: int | None = None,
    wait: float = 20.0,
    patience: float = PATIENCE,
    recent: RecentIds | None = None,
    tracer: Tracer | None = None,
) -> int:
    """Long-poll ``GET <url>/feed?after=<cursor>`` and hand each event to ``handle``; the cursor
    moves past an event once it is handled (and is written to ``cursor_file`` then). A hub that
    cannot be reached at the first request raises ``Unreachable`` at once (a wrong address, a
    hub not started); one reached before is asked again after a growing wait, for ``patience``
    seconds at most, then ``Unreachable`` too. A refusal raises ``FeedRefused``."""
    recent = recent or RecentIds()
    tracer = tracer or NoOpTracer()
    if cursor_file is not None and cursor_file.exists():
        after = int(cursor_file.read_text().strip() or after)
    handled, delay, reached, lost = 0, 0.5, False, 0.0
    while not stop.is_set():
        try:
            page = _get_page(feed_url(url), token, after, wait)
        except urllib.error.HTTPError as e:
            if e.code < 500:
                raise FeedRefused(e.code, _title(e)) from None
            stop.wait(delay)
            delay = min(delay * 2, 10.0)
            continue
        except (urllib.error.URLError, OSError) as e:
            lost = lost or time.monotonic()
            if not reached or time.monotonic() - lost > patience:
                raise Unreachable(type(e).__name__) from None
            stop.wait(delay)
            delay = min(delay * 2, 10.0)
            continue
        delay, reached, lost = 0.5, True, 0.0
        for item in page["items"]:
            if recent.first_time(str(item.get("id", ""))):
                with _handling(tracer, item.get("traceparent"), item, {"ruta.feed": True}):
                    handle(item)
                handled += 1
            after = int(item.get("position", after))
            _keep(cursor_file, after)
            if count is not None and handled >= count:
                return handled
        after = int(page["next"])
        _keep(cursor_file, after)
    return handled


def _handling(
    tracer: Tracer, traceparent: str | None, event: dict[str, Any], where: dict[str, Any]
) -> AbstractContextManager[Span]:
    """The span of one event's handling: its type and where it came from, never its data."""
    attributes = {"cloudevents.event_type": str(event.get("type", "")), **where}
    return tracer.start_as_current_span(
        "subscriber.handle",
        context=context_from(traceparent),
        kind=SpanKind.CONSUMER,
        attributes=attributes,
    )


def _traceparent(headers: Sequence[tuple[str, bytes]] | None) -> str | None:
    for name, value in headers or ():
        if name == TRACEPARENT and value:
            return value.decode("ascii", "replace")
    return None


def feed_url(url: str) -> str:
    """The feed's address: ``url`` itself if it names ``/feed``, else ``url`` + ``/feed``."""
    return url if urllib.parse.urlsplit(url).path.endswith("/feed") else url.rstrip("/") + "/feed"


def _get_page(url: str, token: str, after: int, wait: float) -> dict[str, Any]:
    query = urllib.parse.urlencode({"after": after, "wait": wait})
    request = urllib.request.Request(  # noqa: S310 (http or https, as the operator names it)
        f"{url}?{query}",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=wait + 10) as response:  # noqa: S310
        page: dict[str, Any] = json.load(response)
    return page


def _title(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.load(error).get("title", error.reason))
    except (ValueError, AttributeError, OSError):
        return str(error.reason)


def _keep(cursor_file: Path | None, cursor: int) -> None:
    if cursor_file is not None:
        temporary = cursor_file.with_suffix(".tmp")
        temporary.write_text(f"{cursor}\n")
        temporary.replace(cursor_file)  # never half written
