"""The wire format of the relay's messages: CloudEvents 1.0, Kafka protocol binding, binary mode.

The context attributes travel as ``ce_*`` headers (``ce_specversion``, ``ce_id``, ``ce_source``,
``ce_type``, ``ce_time``, ``ce_subject``), the data as the JSON value with ``content-type:
application/json``, the W3C trace context of the command that recorded the event as
``traceparent``, and the case id as the key, so that every event of a case lands on one partition
and keeps its order. Keys and headers hold ids, codes, types and times only, never personal data:
the case id is a random UUID, not a folio or a name. ``ce_source`` is the log's origin
(``RUTA_LOG_ORIGIN``, a URI reference such as ``ruta.mx/quintana-roo``), as in the feed. The
data's own schema is ``adapters.kafka_message``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from adapters.kafka_message import message_data
from queries.event_stream import StreamEvent

CONTENT_TYPE = b"application/json"
TRACEPARENT = "traceparent"
AUDIT_TOPIC = "ruta.audit"
AUDIT_AUDIENCE = "audit"  # the audience of ``ruta.audit`` in event ids


def agency_topic(code: str) -> str:
    """The topic of one agency: ``ruta.agency.<code>``."""
    return f"ruta.agency.{code}"


@dataclass(frozen=True)
class Message:
    """One Kafka record, ready for ``KafkaProducer.send``."""

    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]

    def header(self, name: str) -> bytes | None:
        return next((value for key, value in self.headers if key == name), None)


def to_cloud_event(
    event: StreamEvent, audience: str, topic: str, source: str, traceparent: str | None = None
) -> Message:
    """The event as a binary-mode message on ``topic``; its ``ce_id`` is stable per event and
    audience, so a redelivered message carries the id of the first delivery. ``traceparent``:
    the relay's publish span, when it traces; else the one stored with the event."""
    headers = [
        (f"ce_{name}", value.encode())
        for name, value in event.attributes(audience, source).items()
        if name != TRACEPARENT
    ]
    headers.append(("content-type", CONTENT_TYPE))
    if traced := traceparent or event.traceparent:
        headers.append((TRACEPARENT, traced.encode("ascii")))
    value = json.dumps(message_data(event), ensure_ascii=False, separators=(",", ":")).encode()
    return Message(topic=topic, key=str(event.case_id).encode(), value=value, headers=headers)


def attributes_of(headers: list[tuple[str, bytes]]) -> dict[str, str]:
    """The CloudEvents attributes of a received record (``ce_`` headers, without the prefix)."""
    return {
        name.removeprefix("ce_"): value.decode()
        for name, value in headers
        if name.startswith("ce_") and value is not None
    }
