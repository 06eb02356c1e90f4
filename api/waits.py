"""Waiting in a route without holding a thread: the process's log watcher, each account's limit,
and the client's departure, which ends a wait at once.

Routes that wait are ``async``: what they read is a short call in the threadpool, and between
reads they await the log watcher (``adapters.log_watch``), which holds no thread per waiter. A
wait takes one of its account's places (``api.wait_limits``) and gives it back however it ends.
``create_app`` builds one ``Waits`` per app around the watcher it is handed (``Parts.watch``),
and closes the watcher when the app shuts down.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from adapters.log_watch import LogWatch
from api.dependencies import parts
from api.wait_limits import Slot, WaitLimits
from domain.actor import Actor

# Seconds between checks that an event stream's account still stands (suspended, token revoked,
# roles changed): an open stream ends at most this long after its account is revoked.
ACCOUNT_CHECK = 5.0


@dataclass(frozen=True)
class Waits:
    """The app's log watcher, its accounts' limits, and how often a stream re-checks its
    account."""

    watch: LogWatch
    limits: WaitLimits
    account_check: float = ACCOUNT_CHECK

    async def until(self, request: Request, source: str, position: int, timeout: float) -> bool:
        """Whether ``source`` reaches ``position`` within ``timeout`` seconds; False as well as
        soon as the client has left (then nobody reads the answer)."""
        reached = False
        async with anyio.create_task_group() as group:

            async def client_leaves() -> None:
                await _departure(request)
                group.cancel_scope.cancel()

            group.start_soon(client_leaves)
            reached = await self.watch.reached(source, position, timeout)
            group.cancel_scope.cancel()
        return reached


def waits_of(request: Request) -> Waits:
    found: Waits = request.app.state.waits
    return found


async def reached(request: Request, who: Actor, view: str, position: int) -> bool:
    """Wait, a few seconds at most (``Parts.wait_timeout``) and within the caller's limit, for
    the view named ``view`` to reach ``position`` (read-your-writes)."""
    waits = waits_of(request)
    if await run_in_threadpool(waits.watch.position, view) >= position:
        return True  # no wait, so no place taken
    with waits.limits.hold(who.account):
        return await waits.until(request, view, position, parts(request).wait_timeout)


class HeldStream(StreamingResponse):
    """A streamed answer that gives its account's place back however it ends: finished, the
    client gone (the stream is cancelled), or an error."""

    def __init__(self, content: AsyncIterator[str], slot: Slot, **options: Any) -> None:
        super().__init__(content, **options)
        self._content = content
        self._slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._slot.release()
            aclose = getattr(self._content, "aclose", None)
            if aclose is not None:
                await aclose()  # its own clean-up, now rather than when collected


async def _departure(request: Request) -> None:
    """Returns once the client has gone (or the answer was sent). The routes that wait read no
    body, so reading the request's messages here takes nothing from them."""
    while (await request.receive())["type"] != "http.disconnect":
        continue
