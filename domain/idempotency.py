"""Commands retried with the same idempotency key record nothing twice.

The record of a command is saved in the same transaction as the command's events, under an id
derived from the account and the key: a retry finds it and gets the first answer back, and two
retries racing each other cannot both commit, because the store refuses the second record.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import IdempotencyKey
from domain.stamped import StampedAggregate

__all__ = ["CommandOutcome", "CommandRecord", "IdempotencyKey"]

COMMAND_NAMESPACE = uuid5(NAMESPACE_URL, "https://ruta.mx/command")


class CommandRecord(StampedAggregate):
    """What one keyed command asked and what it created (ids, never personal data)."""

    class CommandRecorded(StampedAggregate.Event, Aggregate.Created):
        key: str
        fingerprint: str
        outcome: dict[str, str]
        after: int

    @staticmethod
    def create_id(account: str, key: str) -> UUID:
        """The acting account (from the event's stamp) and its key."""
        return uuid5(COMMAND_NAMESPACE, f"{account}\x00{key}")

    @event(CommandRecorded)
    def __init__(self, key: str, fingerprint: str, outcome: dict[str, str], after: int) -> None:
        # ``after`` is the log position before the command: the record's own position, which
        # is the command's answer, is found by reading forward from it.
        self.fingerprint = fingerprint
        self.outcome = dict(outcome)
        self.after = after


@dataclass(frozen=True)
class CommandOutcome:
    """The first answer to a keyed command."""

    fingerprint: str
    outcome: dict[str, str]
    position: int
