"""Authentication without reading the credential and the account on every request.

``hub.authenticate`` reads two aggregates per request; this cache keeps what they said, per
token hash, and keeps it true against the shared log: each request reads, in one statement, the
log's head and the account and credential events written since the cache last looked (a range
of the notifications' primary key, filtered by topic), and drops the entries of every account or
credential they touch. One statement, not two: under load a read waits for the writers (SQLite's
reader-writer interlock), and the two aggregate reads it replaces waited twice. So a revoked
token, a suspended account or a removed role is refused at the next request in every process
that shares the store, not only in the one that wrote it. The token's hourly ``TokenUsed`` is
still recorded: an entry whose last recorded use is an hour old is read again through the hub,
which records it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cachetools import LRUCache
from eventsourcing.domain import CanMutateAggregate
from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic, retry
from psycopg.sql import SQL, Identifier

from domain.accounts import USE_RECORDED_EVERY, Account, Credential, token_hash
from domain.actor import Actor
from domain.hub import Hub
from domain.stored_names import STORED_NAMES, topics_of
from domain.use_cases.accounts import Authenticated

ENTRIES = 4096  # tokens in use at once: far more than the hub's agencies hold
TOUCHED = 4096  # accounts and credentials remembered as touched, for entries read meanwhile
PAGE = 500
STORED = {entry.cls for entry in STORED_NAMES}


def account_topics() -> tuple[str, ...]:
    """Every topic an event of an account or a credential may be stored under, old names too:
    the events declared on the two aggregates and on every class they are made of."""
    topics: dict[str, None] = {}
    for aggregate in (Account, Credential):
        for part in aggregate.__mro__:
            for value in vars(part).values():
                if isinstance(value, type) and issubclass(value, CanMutateAggregate):
                    names = topics_of(value) if value in STORED else (get_topic(value),)
                    topics.update(dict.fromkeys(names))
    return tuple(topics)


@dataclass
class _Position:
    checked: int  # the log position up to which every entry's account and credential are known
    floor: int  # ``touched`` holds every id touched after this position


class AuthenticationCache:
    """``hub.authenticate``, cached per token hash and checked against the log's head."""

    def __init__(self, hub: Hub, size: int = ENTRIES) -> None:
        self._hub = hub
        self._read = hub.authenticated  # the hub's own, uncached
        self._topics = account_topics()
        self._statement = _changes_statement(hub.recorder, len(self._topics))
        self._lock = threading.Lock()
        self._entries: LRUCache[str, Authenticated] = LRUCache(maxsize=size)
        self._touched: dict[UUID, int] = {}  # account or credential id -> last position seen
        head = self._head()
        self._position = _Position(checked=head, floor=head)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def authenticate(self, token: str) -> Actor:
        return self.authenticated(token).actor

    def authenticated(self, token: str) -> Authenticated:
        key = token_hash(token) if token else ""
        head = self._catch_up()
        with self._lock:
            found = self._entries.get(key) if key else None
        if found is not None and not self._use_due(found):
            return found
        read = self._read(token)  # NotAuthenticated for a token that is not good
        with self._lock:
            self._entries.pop(key, None)
            if self._unchanged_since(head, read):
                self._entries[key] = read
        return read

    def _use_due(self, entry: Authenticated) -> bool:
        return entry.last_used is None or self._hub.clock() - entry.last_used >= USE_RECORDED_EVERY

    def _head(self) -> int:
        return int(self._hub.recorder.max_notification_id() or 0)

    def _changes(self, after: int) -> tuple[int, dict[UUID, int]]:
        """The log's head, and the accounts and credentials written after ``after`` up to it.

        On SQLite and PostgreSQL one statement reads both, so a request waits for the store
        once, as it would for a single read; elsewhere (in memory) two calls.
        """
        recorder = self._hub.recorder
        if self._statement is not None:
            datastore = recorder.datastore  # type: ignore[attr-defined]
            read = _rows_retried if isinstance(recorder, PostgresApplicationRecorder) else _rows
            rows = read(datastore, self._statement, (after, *self._topics))
            [head] = [position for position, originator in rows if originator is None] or [0]
            return int(head or 0), {
                UUID(str(originator)): int(position)
                for position, originator in rows
                if originator is not None
            }
        head = self._head()
        touched: dict[UUID, int] = {}
        while after < head:
            page = recorder.select_notifications(
                start=after, limit=PAGE, stop=head, topics=self._topics, inclusive_of_start=False
            )
            for notification in page:
                touched[UUID(str(notification.originator_id))] = notification.id
            if len(page) < PAGE:
                break
            after = page[-1].id
        return head, touched

    def _catch_up(self) -> int:
        """Drop the entries of accounts and credentials written since the cache last looked;
        the log's head, read with them: every entry holds as of it."""
        with self._lock:
            start = self._position.checked
        head, touched = self._changes(start)
        if head > start:
            with self._lock:
                self._forget(touched)
                self._position.checked = max(self._position.checked, head)
        return head

    def _forget(self, touched: dict[UUID, int]) -> None:
        if not touched:
            return
        stale = [
            key
            for key, entry in self._entries.items()
            if entry.account_id in touched or entry.credential_id in touched
        ]
        for key in stale:
            del self._entries[key]
        for originator, position in touched.items():
            self._touched[originator] = max(position, self._touched.get(originator, 0))
        if len(self._touched) > TOUCHED:  # forget them all; entries read before then are not kept
            self._position.floor = max(self._touched.values())
            self._touched.clear()

    def _unchanged_since(self, head: int, read: Authenticated) -> bool:
        """Whether an entry read after ``head`` was seen is still true as of the cache's position:
        nothing touched its account or credential since ``head`` (holding the lock)."""
        if self._position.checked <= head:
            return True
        if self._position.floor > head:
            return False
        return all(
            self._touched.get(originator, 0) <= head
            for originator in (read.account_id, read.credential_id)
        )


def _rows(datastore: Any, statement: Any, params: tuple[object, ...]) -> list[tuple[Any, Any]]:
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        return [(row["position"], row["originator"]) for row in cursor.fetchall()]


# As the library's own PostgreSQL reads (its SQLite ones do not retry): a connection the store
# dropped while it was down is replaced.
_rows_retried = retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)(_rows)


def _changes_statement(recorder: object, topics: int) -> Any:
    """One statement for the head and the rows of the topics after a position, or ``None``."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        table = recorder.events_table_name
        return (  # the library's own table name, and placeholders only
            f"SELECT rowid AS position, originator_id AS originator FROM {table} "  # noqa: S608
            f"WHERE rowid>? AND topic IN ({','.join('?' * topics)}) "
            f"UNION ALL SELECT MAX(rowid), NULL FROM {table}"
        )
    if isinstance(recorder, PostgresApplicationRecorder):
        qualified = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        return SQL(
            "SELECT notification_id AS position, originator_id AS originator FROM {table} "
            "WHERE notification_id>%s AND topic IN ({topics}) "
            "UNION ALL SELECT MAX(notification_id), NULL FROM {table}"
        ).format(table=qualified, topics=SQL(", ").join([SQL("%s")] * topics))
    return None


def cache_authentication(hub: Hub, size: int = ENTRIES) -> AuthenticationCache:
    """Make ``hub.authenticate`` (and ``authenticated``) go through a cache; the cache. A hub
    cached already keeps its cache."""
    if isinstance(vars(hub).get("_authentication_cache"), AuthenticationCache):
        found: AuthenticationCache = vars(hub)["_authentication_cache"]
        return found
    cache = AuthenticationCache(hub, size)
    setattr(hub, "_authentication_cache", cache)  # noqa: B010
    # setattr: mypy refuses an assignment to a method, which is what this is, on purpose.
    setattr(hub, "authenticate", cache.authenticate)  # noqa: B010
    setattr(hub, "authenticated", cache.authenticated)  # noqa: B010
    return cache
