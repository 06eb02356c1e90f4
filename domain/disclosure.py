"""Every read of unsealed personal data is itself recorded: who, when, which case, what for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.stamped import StampedAggregate
from domain.vocabulary import Purpose


class Disclosure(StampedAggregate):
    """One disclosure of sealed values of a case to one account: a stream of one event.

    A stream of its own per read means readers never contend with each other or with the
    case's writers; the log's order still places it among the case's events.
    """

    class PersonalDataDisclosed(StampedAggregate.Event, Aggregate.Created):
        case_id: UUID
        purpose: Purpose
        labels: list[str]

    @event(PersonalDataDisclosed)
    def __init__(self, case_id: UUID, purpose: Purpose, labels: list[str]) -> None:
        self.case_id = case_id
        self.purpose = purpose
        self.labels = list(labels)


@dataclass(frozen=True)
class DisclosureEntry:
    """A line of the access log, as auditors list it."""

    position: int
    case_id: UUID
    agency: str
    account: str
    purpose: str
    labels: tuple[str, ...]
    at: datetime
