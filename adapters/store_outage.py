"""Riding out an outage of the store: which errors say it did not answer, and how long to wait
before asking again.

The ``eventsourcing`` library turns psycopg's and sqlite3's errors into its own
``OperationalError`` and ``InterfaceError`` (a server gone, a connection lost or not to be had
in time, a database locked); code that talks to psycopg directly (the key store, the relay's
tracking) meets psycopg's own, among them ``psycopg_pool.PoolTimeout``. None of them says that
a request was wrong: asked again later, it may well succeed. Integrity and programming errors
are not among them: those are answers, not silence.
"""

from __future__ import annotations

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError

STORE_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


class Backoff:
    """Growing waits between attempts: ``first`` seconds, doubled each time up to ``most``."""

    def __init__(self, first: float = 0.5, most: float = 4.0) -> None:
        self.first = first
        self.most = most
        self._next = first

    def next(self) -> float:
        """The wait before the next attempt (each call doubles the one after it)."""
        delay = self._next
        self._next = min(delay * 2, self.most)
        return delay

    def reset(self) -> None:
        """An attempt succeeded: the next failure waits ``first`` again."""
        self._next = self.first
