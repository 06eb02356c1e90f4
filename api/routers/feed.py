"""The caller's feed: the case events its account may see, in log order, after a cursor.

The same events, redacted by the same policy, as the agency's Kafka topic (``api.event_stream``),
as CloudEvents in JSON: a long-poll page (``GET /feed?after=``), or Server-Sent Events when the
caller asks for ``text/event-stream`` (each event's SSE id is its cursor; a reconnecting client's
``Last-Event-ID`` resumes after it). A cursor is a position in the hub's log, so a client that
resumes with the last cursor it handled misses nothing and sees nothing twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.dependencies import ActorDep, HubDep, parts
from api.event_stream import EventStream, StreamEvent
from api.schemas.bounds import Position
from domain.actor import Actor, Role
from domain.hub import Hub

router = APIRouter(tags=["feed"])

SSE = "text/event-stream"
PAGE = 100  # events a page holds at most
SCAN = 2_000  # log records one request reads at most, so that a quiet feed still answers
POLL = 0.25  # seconds between looks at the log's head while waiting
WAIT = 20.0  # how long a long poll waits for an event by default (seconds)
KEEP_ALIVE = 15.0  # seconds between SSE comments that keep an idle connection open
_CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


class FeedPage(BaseModel):
    """A page of the feed: CloudEvents (JSON format), and the cursor to ask from next."""

    items: list[dict[str, Any]] = Field(
        description="CloudEvents 1.0 in JSON, with the extension `position` (the cursor)"
    )
    next: str = Field(description="the cursor to send as `after` for the next page")


CursorQuery = Annotated[
    Position, Query(description="the cursor of the last event handled (0: from the start)")
]
WaitQuery = Annotated[
    float, Query(ge=0, le=60, description="seconds to wait for an event when there is none")
]


@router.get(
    "/feed",
    response_model=FeedPage,
    responses={200: {"content": {SSE: {"schema": {"type": "string"}}}}},
)
def feed(
    request: Request,
    hub: HubDep,
    who: ActorDep,
    after: CursorQuery = 0,
    wait: WaitQuery = WAIT,
    limit: Annotated[int, Query(ge=1, le=PAGE)] = PAGE,
    accept: Annotated[str | None, Header()] = None,
    last_event_id: Annotated[
        Position | None,
        Header(
            alias="Last-Event-ID",
            description="with `text/event-stream`: the cursor a reconnecting client resumes "
            "after (its last event's id); it takes the place of `after`",
        ),
    ] = None,
) -> FeedPage | StreamingResponse:
    """The caller's events after the cursor `after`: what its account may see of each case,
    sealed values always left out. A page waits up to `wait` seconds for a first event; with
    `Accept: text/event-stream` the events stream as they happen."""
    feed = Feed(_stream(request), hub, who, parts(request).origin)
    if SSE in (accept or ""):
        start = after if last_event_id is None else last_event_id
        return StreamingResponse(
            feed.sse(start), media_type=SSE, headers={"Cache-Control": "no-store"}
        )
    items, cursor = feed.page(after, limit, wait)
    return FeedPage(items=items, next=str(cursor))


class Feed:
    """One account's feed over the hub's log."""

    def __init__(self, stream: EventStream, hub: Hub, actor: Actor, source: str) -> None:
        self.stream = stream
        self.hub = hub
        self.actor = actor
        self.source = source
        # The id of an event for the agency's own systems is its topic's; other roles see more.
        roles = actor.roles - _CASE_ROLES
        self.audience = "+".join([actor.agency, *sorted(roles)])

    def page(self, after: int, limit: int, wait: float) -> tuple[list[dict[str, Any]], int]:
        """Up to ``limit`` events after ``after``, waiting up to ``wait`` seconds for one; and
        the cursor to go on from (past the records read, even those the caller may not see)."""
        deadline = time.monotonic() + wait
        while True:
            items, cursor = self._read(after, limit)
            if items or time.monotonic() >= deadline:
                return items, cursor
            if cursor == after:  # nothing new in the log: wait for it to grow
                time.sleep(POLL)
            after = cursor

    def sse(self, after: int) -> Iterator[str]:
        """SSE frames: each event with its cursor as id; a comment now and then while idle."""
        yield f"retry: {int(POLL * 4000)}\n\n"
        idle_since = time.monotonic()
        while True:
            items, cursor = self._read(after, PAGE)
            for item in items:
                yield _frame(item)
            if items:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= KEEP_ALIVE:
                yield ": sin eventos\n\n"
                idle_since = time.monotonic()
            if cursor == after:
                time.sleep(POLL)
            after = cursor

    def _read(self, after: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        items: list[dict[str, Any]] = []
        cursor = after
        records = self.hub.recorder.select_notifications(start=after + 1, limit=SCAN)
        for record in records:
            seen = self.stream.for_actor(record, self.actor)
            if seen is not None:
                items.append(self._cloud_event(seen))
            cursor = record.id
            if len(items) == limit:
                break
        return items, cursor

    def _cloud_event(self, seen: StreamEvent) -> dict[str, Any]:
        return seen.attributes(self.audience, self.source) | {
            "datacontenttype": "application/json",
            "position": seen.position,
            "data": seen.data,
        }


def _frame(item: dict[str, Any]) -> str:
    data = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    return f"id: {item['position']}\nevent: {item['type']}\ndata: {data}\n\n"


def _stream(request: Request) -> EventStream:
    """The app's one event stream: it keeps the cases it has read, for every caller."""
    state = request.app.state
    if getattr(state, "event_stream", None) is None:
        state.event_stream = EventStream(parts(request).hub)
    stream: EventStream = state.event_stream
    return stream
