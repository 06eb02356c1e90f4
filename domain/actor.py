"""Who is acting, and when: the context every command runs in and every event records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from domain.agencies import Agency

Clock = Callable[[], datetime]
# The W3C ``traceparent`` of the span under way, asked for when an event is recorded (so that
# it names the command's own span, opened inside the acting block); None without tracing.
TraceContext = Callable[[], str | None]


@dataclass(frozen=True)
class IdempotencyKey:
    """The caller's key and a fingerprint of what it asked (method, path, body)."""

    key: str
    fingerprint: str


def system_clock() -> datetime:
    return datetime.now(UTC)


def no_trace() -> str | None:
    return None


class Role(StrEnum):
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    COMMISSION = "commission"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """An account of one agency, with its roles."""

    agency: str
    account: str
    roles: frozenset[Role] = frozenset({Role.CASEWORKER})

    def has(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Acting:
    """The actor of the commands under way, the clock that dates them, an idempotency key,
    where their trace context comes from, and the actor's agency as the catalogue has it
    (None when the catalogue does not know it)."""

    actor: Actor
    clock: Clock
    idempotency: IdempotencyKey | None = None
    trace: TraceContext = no_trace
    agency: Agency | None = None

    def now(self) -> datetime:
        return self.clock()

    def traceparent(self) -> str | None:
        return self.trace()


_acting: ContextVar[Acting | None] = ContextVar("ruta_acting", default=None)


class NoActor(RuntimeError):
    """A command ran outside ``acting_as``: a programming error, never a user's."""


@contextmanager
def acting_as(
    actor: Actor,
    clock: Clock = system_clock,
    idempotency: IdempotencyKey | None = None,
    trace: TraceContext = no_trace,
    agency: Agency | None = None,
) -> Iterator[Acting]:
    """Run the commands of this block as ``actor``, dated by ``clock``, traced by ``trace``."""
    acting = Acting(actor, clock, idempotency, trace, agency)
    token = _acting.set(acting)
    try:
        yield acting
    finally:
        _acting.reset(token)


def current() -> Acting:
    acting = _acting.get()
    if acting is None:
        raise NoActor("no actor: run commands inside Hub.acting_as(actor)")
    return acting
