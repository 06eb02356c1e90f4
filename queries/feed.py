"""Reading one account's events after a cursor: the feed's page, before the feed gives it a format.

A cursor is a position in the hub's log. The page goes on past the records the account may not
see, so that a client resuming with the cursor it was given misses nothing and sees nothing twice;
and reads at most ``scan`` records, so that a quiet feed still answers.
"""

from __future__ import annotations

from domain.actor import Actor
from domain.hub import Hub
from queries.event_stream import EventStream, Present, StreamEvent

SCAN = 2_000  # log records one read goes through at most


def read_events(
    hub: Hub, stream: EventStream, actor: Actor, after: int, limit: int, scan: int = SCAN
) -> tuple[list[StreamEvent], int]:
    """Up to ``limit`` events the account may see after ``after``, and the cursor to go on from
    (past the records read, even those it may not see)."""
    events: list[StreamEvent] = []
    cursor = after
    present = Present(hub)  # each case as it stands now, read once for the page
    for record in hub.recorder.select_notifications(start=after + 1, limit=scan):
        seen = stream.for_actor(record, actor, present)
        if seen is not None:
            events.append(seen)
        cursor = record.id
        if len(events) == limit:
            break
    return events, cursor
