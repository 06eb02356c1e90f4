"""Limits on failed sign-ins, per login and per client address, derived from recorded events.

Each login typed and each client address has a guard whose id derives from a keyed hash of it
(``Fingerprints``, keyed outside the database): neither a typed login (which may be someone's
password typed in the wrong field) nor an address is stored, and the hash cannot be reversed by
trying names without the key. Every failure is a ``SignInFailed`` event on both guards, so the
limits hold across restarts and across processes sharing the store.

Five failures of one login within 15 minutes lock that login for 15 minutes after the fifth;
twenty from one address lock the address likewise. A known login and an unknown one are locked
alike, so a lock says nothing about whether the login exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.stamped import StampedAggregate

NOT_STAMPED = datetime.min.replace(tzinfo=UTC)  # the stamp always sets it
GUARD_NAMESPACE = uuid5(NAMESPACE_URL, "https://ruta.mx/sign-in-guard")


class Fingerprints(Protocol):
    """A keyed hash (HMAC) of a value for a purpose, hex; the key is not in the database."""

    def of(self, purpose: str, value: str) -> str: ...


class FailureReason(StrEnum):
    UNKNOWN_LOGIN = "unknown_login"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason code, not a password
    WRONG_CODE = "wrong_code"
    REUSED_CODE = "reused_code"
    NOT_ENROLLED = "not_enrolled"
    SUSPENDED = "suspended"
    LOCKED = "locked"  # refused unread while locked: recorded, never counted


class Watched(StrEnum):
    LOGIN = "login"
    ADDRESS = "address"


@dataclass(frozen=True)
class Limit:
    """``failures`` within ``window`` lock for ``lock`` after the last of them."""

    failures: int
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)


LOGIN_LIMIT = Limit(5)
ADDRESS_LIMIT = Limit(20)


class SignInGuard(StampedAggregate):
    """The recent failed sign-ins of one login or one client address."""

    @staticmethod
    def create_id(watched: Watched, fingerprint: str) -> UUID:
        return uuid5(GUARD_NAMESPACE, f"{watched}:{fingerprint}")

    @event("GuardStarted")
    def __init__(self, watched: Watched, fingerprint: str) -> None:
        self.watched = watched
        self.fingerprint = fingerprint
        self.failures: list[datetime] = []  # counted failures, most recent last

    def record_failure(self, reason: FailureReason, account: str) -> None:
        """One failed sign-in: ``SignInFailed`` on the login's guard (the event that tells it),
        ``FailureCounted`` on the address's (so that each failure is told once)."""
        if self.watched == Watched.LOGIN:
            self._failed(reason=reason, failed_account=account)
        else:
            self._counted(reason=reason)

    @event("SignInFailed")
    def _failed(
        self, reason: FailureReason, failed_account: str, timestamp: datetime = NOT_STAMPED
    ) -> None:
        self._count(reason, timestamp)

    @event("FailureCounted")
    def _counted(self, reason: FailureReason, timestamp: datetime = NOT_STAMPED) -> None:
        self._count(reason, timestamp)

    def _count(self, reason: FailureReason, timestamp: datetime) -> None:
        if reason != FailureReason.LOCKED:
            # Older failures can never count again: a guard holds at most a window's worth.
            horizon = timestamp - timedelta(hours=1)
            self.failures = [t for t in self.failures if t > horizon] + [timestamp]

    @event("GuardCleared")
    def clear(self) -> None:
        """A successful sign-in of this login: its earlier failures no longer count."""
        self.failures = []

    def locked_until(self, limit: Limit, now: datetime) -> datetime | None:
        """When the lock ends, if ``limit`` failures fell within its window; else None."""
        times = self.failures
        for last in range(len(times) - 1, limit.failures - 2, -1):
            first = last - limit.failures + 1
            if times[last] - times[first] <= limit.window:
                until = times[last] + limit.lock
                return until if until > now else None
        return None
