"""The caller's feed: the case events its account may see, in log order, after a cursor.

The same events, redacted by the same policy, as the agency's Kafka topic
(``queries.event_stream``), as CloudEvents in JSON: a long-poll page (``GET /feed?after=``), or
Server-Sent Events when the caller asks for ``text/event-stream`` (each event's SSE id is its
cursor; a reconnecting client's ``Last-Event-ID`` resumes after it). A cursor is a position in the
hub's log, so a client that resumes with the last cursor it handled misses nothing and sees
nothing twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from adapters.bootstrap.parts import LOG
from adapters.kafka_message import message_data
from api.dependencies import ActorDep, HubDep, bearer_token, parts
from api.schemas.bounds import Position
from api.wait_limits import TOO_MANY_WAITS
from api.waits import HeldStream, Waits, waits_of
from domain.actor import Actor, Role
from domain.errors import NotAuthenticated
from domain.hub import Hub
from queries.event_stream import EventStream, StreamEvent
from queries.feed import read_events

router = APIRouter(tags=["feed"])

SSE = "text/event-stream"
PAGE = 100  # events a page holds at most
RETRY_MS = 1000  # how long an SSE client waits before reconnecting (the stream's `retry:`)
WAIT = 20.0  # how long a long poll waits for an event by default (seconds)
KEEP_ALIVE = 15.0  # seconds between SSE comments that keep an idle connection open
_CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


class FeedPage(BaseModel):
    """A page of the feed: CloudEvents (JSON format), and the cursor to ask from next."""

    items: list[dict[str, Any]] = Field(
        description="CloudEvents 1.0 in JSON, with the extension `position` (the cursor); "
        "`data` is the Kafka message's data (docs/asyncapi.yaml) plus the case's `folio`"
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
    responses={200: {"content": {SSE: {"schema": {"type": "string"}}}}, **TOO_MANY_WAITS},
)
async def feed(
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
    `Accept: text/event-stream` the events stream as they happen. An account holds a few waits
    and streams at once (429 beyond); a stream ends once its account is suspended."""
    running = parts(request)
    feed = Feed(running.events, hub, who, running.origin, bearer_token(request))
    waits = waits_of(request)
    if SSE in (accept or ""):
        start = after if last_event_id is None else last_event_id
        slot = waits.limits.take(who.account)  # 429 when the account holds its share already
        return HeldStream(
            feed.sse(request, waits, start),
            slot,
            media_type=SSE,
            headers={"Cache-Control": "no-store"},
        )
    items, cursor = await feed.page(request, waits, after, limit, wait)
    return FeedPage(items=items, next=str(cursor))


class Feed:
    """One account's feed over the hub's log.

    Reading a batch is a short call in the threadpool; waiting for the log to grow awaits the
    app's log watcher and holds no thread. The account is checked again (its token, that it is
    not suspended, that its roles are the same) before events that waited are delivered: a
    revoked account's stream ends, and its long poll is refused.
    """

    def __init__(
        self, stream: EventStream, hub: Hub, actor: Actor, source: str, token: str
    ) -> None:
        self.stream = stream
        self.hub = hub
        self.actor = actor
        self.source = source
        self._token = token
        # The id of an event for the agency's own systems is its topic's; other roles see more.
        roles = actor.roles - _CASE_ROLES
        self.audience = "+".join([actor.agency, *sorted(roles)])

    async def page(
        self, request: Request, waits: Waits, after: int, limit: int, wait: float
    ) -> tuple[list[dict[str, Any]], int]:
        """Up to ``limit`` events after ``after``, waiting up to ``wait`` seconds for one; and
        the cursor to go on from (past the records read, even those the caller may not see)."""
        deadline = time.monotonic() + wait
        items, cursor = await run_in_threadpool(self._read, after, limit)
        if items or wait <= 0:
            return items, cursor  # answered at once: no wait, no place taken
        with waits.limits.hold(self.actor.account):  # 429 beyond the account's share
            while not items and (left := deadline - time.monotonic()) > 0:
                if not await waits.until(request, LOG, cursor + 1, left):
                    break  # the time is up, or the client has gone
                items, cursor = await run_in_threadpool(self._read, cursor, limit)
        if not await run_in_threadpool(self._still_acting):
            raise NotAuthenticated()  # suspended (or changed) while it waited
        return items, cursor

    async def sse(self, request: Request, waits: Waits, after: int) -> AsyncIterator[str]:
        """SSE frames: each event with its cursor as id; a comment now and then while idle.
        Each batch is read and sent together, right after a check of the account; an idle
        stream checks it every ``waits.account_check`` seconds. The stream ends when the
        account no longer stands as it did."""
        yield f"retry: {RETRY_MS}\n\n"
        idle_since = checked = time.monotonic()
        while True:
            due = time.monotonic() - checked >= waits.account_check
            items, cursor, acting = await run_in_threadpool(self._read_checked, after, due)
            if not acting:
                return
            now = time.monotonic()
            if items or due:
                checked = now
            if items:
                idle_since = now
                yield "".join(_frame(item) for item in items)
            elif now - idle_since >= KEEP_ALIVE:
                idle_since = now
                yield ": sin eventos\n\n"
            if cursor == after:  # nothing new in the log: wait for it to grow
                left = min(KEEP_ALIVE - (now - idle_since), waits.account_check - (now - checked))
                grown = await waits.until(request, LOG, cursor + 1, max(left, 0.0))
                if not grown and (waits.watch.closed or await request.is_disconnected()):
                    return  # the app is shutting down, or the client has gone
            after = cursor

    def _read_checked(self, after: int, check: bool) -> tuple[list[dict[str, Any]], int, bool]:
        """A batch, and whether the account still stands: checked after the read, so that no
        event written after a revocation is ever sent."""
        items, cursor = self._read(after, PAGE)
        return items, cursor, self._still_acting() if items or check else True

    def _still_acting(self) -> bool:
        try:
            return self.hub.authenticate(self._token) == self.actor
        except NotAuthenticated:
            return False

    def _read(self, after: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        events, cursor = read_events(self.hub, self.stream, self.actor, after, limit)
        return [self._cloud_event(seen) for seen in events], cursor

    def _cloud_event(self, seen: StreamEvent) -> dict[str, Any]:
        return seen.attributes(self.audience, self.source) | {
            "datacontenttype": "application/json",
            "position": seen.position,
            # The same data as the agency's topic, and the case's folio: Kafka's messages are
            # pinned byte for byte, so the folio is the feed's alone.
            "data": {**message_data(seen), "folio": seen.folio},
        }


def _frame(item: dict[str, Any]) -> str:
    data = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    return f"id: {item['position']}\nevent: {item['type']}\ndata: {data}\n\n"
