"""Every message the relay makes of the demo's scenarios, for the tests of the Kafka contract."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.cloudevents import AUDIT_AUDIENCE, AUDIT_TOPIC, Message, agency_topic, to_cloud_event
from adapters.settings import Settings
from demo.runner import ScriptClock, play
from demo.scenarios import SCENARIOS
from domain.hub import Hub
from queries.event_stream import EventStream
from tests.fakes import FakeSealer


def demo_messages() -> list[Message]:
    """The relay's messages for the scenarios, in log order: each agency's, then the audit's."""
    clock = ScriptClock(datetime(2026, 11, 20, 8, tzinfo=UTC))
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=clock)
    play(hub, clock, SCENARIOS)
    stream, origin = EventStream(hub), Settings.log_origin
    messages = []
    for record in hub.recorder.select_notifications(start=1, limit=100_000):
        for code, seen in stream.for_agencies(record).items():
            messages.append(to_cloud_event(seen, code, agency_topic(code), origin))
        if (audited := stream.for_audit(record)) is not None:
            messages.append(to_cloud_event(audited, AUDIT_AUDIENCE, AUDIT_TOPIC, origin))
    hub.close()
    return messages
