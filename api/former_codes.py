"""Requests that still name an agency by a former code: accepted for a while, with a warning.

When the catalogue renames an agency (``formerly``), systems built against the old code keep
working until ``formerly_accepted_until``: the request is read with the code of now, and the
answer carries ``Warning: 299`` (RFC 9111 §5.5 retired the header, but clients and proxies still
log it, and it names the code to change) and ``Deprecation: true`` (the flag form clients
already read; the header says the request used something deprecated, the warning says what).
After that date the old code is an unknown agency, as any other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from contextvars import ContextVar
from datetime import date
from types import MappingProxyType
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_NONE: Mapping[str, str] = MappingProxyType({})
_accepted: ContextVar[Mapping[str, str]] = ContextVar("accepted_former_codes", default=_NONE)
_used: ContextVar[dict[str, str] | None] = ContextVar("former_codes_used", default=None)


def current_code(code: str) -> str:
    """``code``, or the code now of an agency this request names by a former one."""
    new = _accepted.get().get(code)
    if new is None:
        return code
    used = _used.get()
    if used is not None:
        used[code] = new
    return new


def warning(used: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    """The headers of an answer to a request that used ``used`` (former code -> code now)."""
    said = "; ".join(f"agency code '{old}' is now '{new}'" for old, new in sorted(used.items()))
    return [
        (b"warning", f'299 ruta "{said}: send the new code"'.encode("ascii")),
        (b"deprecation", b"true"),
    ]


class FormerCodes:
    """Reads the request's agency codes with the catalogue's renames still accepted today, and
    warns in the answer when one was used."""

    def __init__(
        self, app: ASGIApp, accepted: Callable[[date], Mapping[str, str]], today: Callable[[], date]
    ) -> None:
        self.app = app
        self.accepted = accepted
        self.today = today

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        used: dict[str, str] = {}
        accepted_token = _accepted.set(self.accepted(self.today()))
        used_token = _used.set(used)

        async def send_warned(message: Message) -> None:
            if message["type"] == "http.response.start" and used:
                message["headers"] = [*message.get("headers", []), *warning(used)]
            await send(message)

        try:
            await self.app(scope, receive, send_warned)
        finally:
            _used.reset(used_token)
            _accepted.reset(accepted_token)
