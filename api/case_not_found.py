"""A case the caller may not know exists costs what a case that does not exist costs.

An uninvolved agency gets the same 404 for an existing case as for a random id
(``domain/access.py``), but finding that out loads and replays the case, which a random id
skips: a few milliseconds that would tell an agency holding a case id that the case exists. So
every ``CaseNotFound`` is answered no sooner than a floor after the request began, set well above
what loading a case costs (snapshots keep that to under 50 events' replay). The wait is
asynchronous: it holds no worker thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request

FLOOR = 0.05  # seconds: loading a case of 50 events takes a few milliseconds
_STARTED = "ruta.started"

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class RequestStart:
    """Notes when each request began, for the floor."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})[_STARTED] = time.monotonic()
        await self.app(scope, receive, send)


async def wait_for_floor(request: Request) -> None:
    """Return once the app's ``not_found_floor`` (``FLOOR`` unless a test says otherwise) has
    passed since the request began."""
    floor: float = request.app.state.not_found_floor
    started = request.scope.get("state", {}).get(_STARTED)
    if started is None:
        return
    remaining = floor - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
