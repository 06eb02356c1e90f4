"""One process per role on one store: the API server, the keeper of each view, the relay.

Two processes keeping one view (or the relay's place in the log) would both write its tracking,
and the loser would stop on a conflict; two API servers on one SQLite data directory would each
keep the views. So each role holds a lock for the life of its process:

- SQLite: an exclusive ``flock`` on ``<data dir>/<role>.lock``, taken without waiting. A second
  process refuses to start (``RoleTaken``), naming the role and the first one's pid, which the
  file holds.
- PostgreSQL: a session advisory lock keyed by the schema and the role. A second process waits,
  asking every second and saying in the log that it waits, and takes over when the first dies.
  A thread checks the lock's session every few seconds: lost (PostgreSQL restarted), the lock is
  taken again; taken by another process meanwhile, ``on_lost`` stops this one.

The kernel releases a ``flock``, and PostgreSQL a dead session's locks, when the process dies, so
a killed process starts again at once. Processes that only read (``ruta serve --projection
elsewhere`` on PostgreSQL, one-shot commands) take none.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from adapters.data_dir import open_private_dir

_log = logging.getLogger(__name__)
POLL = 1.0  # seconds between two asks of a process waiting for a lock
CHECK = 2.0  # seconds between two checks of a held advisory lock's session


class RoleTaken(RuntimeError):
    """Another process holds this role on this SQLite data directory."""

    def __init__(self, role: str, path: Path, holder: int | None) -> None:
        self.role = role
        self.path = path
        self.holder = holder
        super().__init__(
            f"Another process (pid {holder or '?'}) holds the role {role!r} on this data "
            f"directory ({path}); a second one does not start."
        )


class RoleLost(RuntimeError):
    """The role's lock was lost and another process took it: this one must stop."""

    def __init__(self, role: str) -> None:
        super().__init__(f"The lock of the role {role!r} was taken by another process.")


class RoleLock:
    """A held lock; ``release`` it (idempotent). ``on_lost`` is called if it is lost."""

    role: str = ""
    on_lost: Callable[[BaseException], None] | None = None

    def release(self) -> None:
        """Nothing to release: a store no other process shares (in memory)."""


class FileRoleLock(RoleLock):
    """An exclusive ``flock`` on a file of the data directory."""

    def __init__(self, role: str, data_dir: Path) -> None:
        self.role = role
        self.path = open_private_dir(data_dir) / f"{role}.lock"
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise RoleTaken(role, self.path, int(holder) if holder.isdigit() else None) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd: int | None = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the last descriptor releases the lock


class AdvisoryRoleLock(RoleLock):
    """A PostgreSQL session advisory lock, waited for, and kept while the process runs."""

    def __init__(
        self, role: str, conninfo: str, schema: str, *, poll: float = POLL, every: float = CHECK
    ) -> None:
        self.role = role
        self._conninfo = conninfo
        self._where = f"schema {schema}"
        digest = hashlib.sha256(f"ruta/role/{schema}/{role}".encode()).digest()
        self.key = int.from_bytes(digest[:8], "big", signed=True)
        self._poll = poll
        self._checking = threading.Lock()
        self._released = threading.Event()
        self._conn = self._wait()
        self._keeper = threading.Thread(
            target=self._keep, args=(every,), name=f"lock-{role}", daemon=True
        )
        self._keeper.start()

    def release(self) -> None:
        if not self._released.is_set():
            self._released.set()
            self._keeper.join()
            with self._checking:
                self._conn.close()  # the session ends, and its locks with it

    def check(self) -> bool:
        """Whether the lock is still held, taken again if its session was lost (PostgreSQL
        restarted) and nobody took it meanwhile; if somebody did, ``on_lost`` is told."""
        with self._checking:
            if self._released.is_set():
                return False
            try:
                self._conn.execute("SELECT 1")
                return True
            except psycopg.Error:
                self._conn.close()
            while not self._released.is_set():
                if not self._reachable():
                    self._released.wait(self._poll)  # PostgreSQL still away: ask again
                    continue
                conn = self._try()
                if conn is not None:
                    self._conn = conn
                    return True
                _log.warning("%s: lock lost to another process in %s", self.role, self._where)
                if self.on_lost is not None:
                    self.on_lost(RoleLost(self.role))
                return False
            return False

    def _keep(self, every: float) -> None:
        while not self._released.wait(every):
            if not self.check():
                return

    def _wait(self) -> psycopg.Connection[tuple[object, ...]]:
        said = False
        while True:
            conn = self._try()
            if conn is not None:
                if said:
                    _log.warning("%s: lock taken in %s; taking over", self.role, self._where)
                return conn
            if not said:
                _log.warning(
                    "%s: another process holds the lock in %s; waiting to take over when it stops",
                    self.role,
                    self._where,
                )
                said = True
            self._released.wait(self._poll)

    def _try(self) -> psycopg.Connection[tuple[object, ...]] | None:
        """A session holding the lock, or None if another holds it or PostgreSQL is away."""
        try:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
        except psycopg.OperationalError:
            return None  # PostgreSQL restarting: ask again later
        try:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        except psycopg.Error:
            conn.close()
            return None
        if row is not None and row[0] is True:
            return conn
        conn.close()
        return None

    def _reachable(self) -> bool:
        try:
            with psycopg.connect(self._conninfo, connect_timeout=5) as probe:
                probe.execute("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True


def hold_role(role: str, store_env: dict[str, str], data_dir: Path | None) -> RoleLock:
    """The lock of ``role`` on the store of ``store_env``, held until released (waited for on
    PostgreSQL, ``RoleTaken`` at once on SQLite)."""
    module = store_env.get("PERSISTENCE_MODULE")
    if module == "eventsourcing.sqlite":
        if data_dir is None:
            raise ValueError(f"the role {role} on SQLite needs a data directory for its lock")
        return FileRoleLock(role, data_dir)
    if module == "eventsourcing.postgres":
        conninfo = make_conninfo(
            host=store_env["POSTGRES_HOST"],
            port=store_env.get("POSTGRES_PORT", "5432"),
            user=store_env["POSTGRES_USER"],
            dbname=store_env["POSTGRES_DBNAME"],
            password=store_env.get("POSTGRES_PASSWORD") or None,
        )
        return AdvisoryRoleLock(role, conninfo, store_env.get("POSTGRES_SCHEMA") or "public")
    return RoleLock()
