"""How many waits and streams each account may hold at once; one more is refused with 429.

A wait (a long poll that finds nothing yet, a ``min_position`` read of a view that is behind)
and an event stream each hold a connection and a place among the process's waiters for as long
as they last. Without a bound, one account (or one leaked token) could open them by the
thousand; with it, a client that needs more connections than this is refused and told when to
try again (``Retry-After``), and every other account is served as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException

from api.openapi import PROBLEM_REF

# Long polls, event streams and min_position waits under way, per account: an agency's system
# needs one stream or a few polls; eight leaves room for a few clients of one account.
WAITS_PER_ACCOUNT = 8
RETRY_AFTER = 5  # seconds a refused caller is asked to wait: long enough for a poll to end

# The refusal, as the OpenAPI document of each waiting route says it.
TOO_MANY_WAITS: dict[int | str, dict[str, Any]] = {
    429: {
        "description": "the account already holds as many waits and event streams as it may",
        "headers": {
            "Retry-After": {
                "description": "seconds to wait before asking again",
                "schema": {"type": "integer"},
            }
        },
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
    }
}


class TooManyWaits(HTTPException):
    """The account holds as many waits and streams as it may: answered 429 problem+json."""

    def __init__(self) -> None:
        super().__init__(status_code=429, headers={"Retry-After": str(RETRY_AFTER)})


class Slot:
    """One wait or stream of an account; ``release`` gives its place back, once."""

    def __init__(self, limits: WaitLimits, account: str) -> None:
        self._limits = limits
        self._account = account
        self._held = True

    def release(self) -> None:
        with self._limits.lock:
            if self._held:
                self._held = False
                self._limits.give_back(self._account)


class WaitLimits:
    """Counts each account's waits and streams under way, across the process's event loops."""

    def __init__(self, per_account: int = WAITS_PER_ACCOUNT) -> None:
        self.per_account = per_account
        self.lock = threading.Lock()
        self._held: dict[str, int] = {}

    def take(self, account: str) -> Slot:
        """A place for one more wait of ``account``; ``TooManyWaits`` when it has none left."""
        with self.lock:
            held = self._held.get(account, 0)
            if held >= self.per_account:
                raise TooManyWaits()
            self._held[account] = held + 1
        return Slot(self, account)

    @contextmanager
    def hold(self, account: str) -> Iterator[Slot]:
        """A place for the block's wait, given back however the block ends (an answer, an
        error, the client leaving: the task is cancelled)."""
        slot = self.take(account)
        try:
            yield slot
        finally:
            slot.release()

    def held(self, account: str | None = None) -> int:
        """Waits under way: of one account, or of all."""
        with self.lock:
            if account is None:
                return sum(self._held.values())
            return self._held.get(account, 0)

    def give_back(self, account: str) -> None:
        """Called by a slot, under the lock."""
        left = self._held[account] - 1
        if left:
            self._held[account] = left
        else:
            del self._held[account]  # no entry per account that ever waited
