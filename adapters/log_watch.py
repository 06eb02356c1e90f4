"""Wakes asyncio waiters when the hub's log, or a view, reaches a position: one thread for all.

A long poll, an event stream or a ``min_position`` read waits for a position (the log's head,
a view's tracking position). Waiting in a worker thread would hold one of the few the server
has, so a waiter is a future on its own event loop instead, and one thread per process looks at
the positions every few tens of milliseconds, only while someone waits, and settles the futures
whose position is reached (``loop.call_soon_threadsafe``). ``poke`` makes it look at once: the
API pokes it after each write of this process.

Polling rather than the store's notifications: SQLite has none, a view's tracking table has none
on any store, and PostgreSQL's LISTEN would deliver every record, which the waiters read anyway.
A look is one indexed ``max`` per source that someone waits for.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

INTERVAL = 0.02  # seconds between looks while someone waits: how late a waiter may learn
IDLE = 1.0  # seconds the thread stays on after the last waiter left, then ends
JOIN = 5.0  # seconds ``close`` gives a look under way to end

Position = Callable[[], int]

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Waiter:
    source: str
    position: int
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[bool]


class LogWatch:
    """Follows named positions for the waiters of one process, with one thread while any waits."""

    def __init__(
        self, positions: Mapping[str, Position], interval: float = INTERVAL, idle: float = IDLE
    ) -> None:
        self._positions = dict(positions)
        self._interval = interval
        self._idle = idle
        self._lock = threading.Lock()
        self._waiters: set[_Waiter] = set()
        self._thread: threading.Thread | None = None
        self._poked = threading.Event()
        self._closed = False
        self._failing: set[str] = set()  # sources whose last look failed (logged once)

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    @property
    def closed(self) -> bool:
        return self._closed

    def position(self, source: str) -> int:
        """Where ``source`` is now (a read of the store: call it off the event loop)."""
        return self._positions[source]()

    def poke(self) -> None:
        """Look now rather than at the next tick: this process has just written."""
        self._poked.set()

    async def reached(self, source: str, position: int, timeout: float) -> bool:
        """Whether ``source`` reaches ``position`` within ``timeout`` seconds; False at once
        once the watch is closed."""
        if source not in self._positions:
            raise KeyError(source)
        loop = asyncio.get_running_loop()
        waiter = _Waiter(source, position, loop, loop.create_future())
        with self._lock:
            if self._closed:
                return False
            self._waiters.add(waiter)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="log-watch", daemon=True)
                self._thread.start()
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            return False
        finally:
            with self._lock:
                self._waiters.discard(waiter)

    def close(self) -> None:
        """End every wait (answered False) and the thread; later waits answer False at once."""
        with self._lock:
            self._closed = True
            waiters, thread = list(self._waiters), self._thread
        for waiter in waiters:
            _settle(waiter, False)
        self._poked.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(JOIN)

    def _run(self) -> None:
        idle_since: float | None = None
        while True:
            self._poked.wait(self._interval)
            self._poked.clear()  # before looking: a poke from now on makes another look
            with self._lock:
                waiters = list(self._waiters)
                if self._closed or (not waiters and _idle(idle_since, self._idle)):
                    self._thread = None  # a waiter from now on starts another thread
                    return
            if not waiters:
                idle_since = idle_since or time.monotonic()
                continue
            idle_since = None
            found = self._look({waiter.source for waiter in waiters})
            for waiter in waiters:
                if found.get(waiter.source, -1) >= waiter.position:
                    _settle(waiter, True)

    def _look(self, sources: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for source in sources:
            try:
                found[source] = self._positions[source]()
            except Exception as e:  # a store that does not answer now may answer at the next look
                if source not in self._failing:
                    self._failing.add(source)
                    log.warning("cannot read the position of %s: %s", source, type(e).__name__)
            else:
                self._failing.discard(source)
        return found


def _idle(since: float | None, idle: float) -> bool:
    return since is not None and time.monotonic() - since >= idle


def _settle(waiter: _Waiter, reached: bool) -> None:
    try:
        waiter.loop.call_soon_threadsafe(_set, waiter.future, reached)
    except RuntimeError:  # its event loop has closed: nobody waits on it any more
        return


def _set(future: asyncio.Future[bool], reached: bool) -> None:
    if not future.done():  # a waiter that timed out, or was woken already
        future.set_result(reached)
