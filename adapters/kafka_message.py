"""The data of a case event's message: the explicit schema of what Kafka carries.

One JSON object per event and audience (``CaseEvent`` in docs/asyncapi.yaml): where the event is
(case, version, position), then what the audience may see of it (type, time, agency, account,
data), and with the event that first involves an agency the case's earlier entries as
``history``. It is built here from the read side's plain values (``queries.event_stream``), never
from an HTTP schema: the API's responses may change without changing a byte on a topic. The feed
carries the same data in its CloudEvents, so that a consumer may switch between the two.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from queries.event_stream import StreamEvent
from queries.timeline import Entry


def message_data(event: StreamEvent) -> dict[str, Any]:
    """The message's data, JSON-ready, its members in the order they have always been sent."""
    shown = event.shown
    data = {
        "case_id": str(event.case_id),
        "version": shown.version,
        "position": event.position,
        "type": shown.type,
        # The audit stream has always written the stored time as Python writes it (+00:00),
        # the agencies' topics as their timeline entries (Z); both are RFC 3339.
        "at": shown.at.isoformat() if event.whole else _time(shown.at),
        "agency": shown.agency,
        "account": shown.account,
        "data": dict(shown.data),
    }
    if event.history is not None:
        data["history"] = [_entry(entry) for entry in event.history]
    return data


def _entry(entry: Entry) -> dict[str, Any]:
    """An earlier entry of the case's timeline (``TimelineEntry`` in docs/asyncapi.yaml)."""
    return {
        "version": entry.version,
        "type": entry.type,
        "at": _time(entry.at),
        "agency": entry.agency,
        "account": entry.account,
        "data": dict(entry.data),
    }


def _time(at: datetime) -> str:
    """RFC 3339 with ``Z`` for UTC: ``2026-10-11T12:00:00Z``."""
    written = at.isoformat()
    return written.removesuffix("+00:00") + "Z" if written.endswith("+00:00") else written
