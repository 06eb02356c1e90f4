"""The hub's reads of its own store: a case, its folio, its events, custody, unsealed values.

The use cases load what they change through these; the read side (``queries/``) asks them for a
case or its events as stored, and decides there who may see what.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import DomainEventProtocol

from domain.case import Case
from domain.custody_chain import CustodyChain, custody_chain
from domain.errors import CaseNotFound, DataKeyMissing, PersonalDataUnavailable
from domain.folio import Folio
from domain.hub_base import HubBase
from domain.personal_data import PlainValue, SealedValue


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored events in order.

    The library's default projector checks a runtime protocol on every event, which cost a
    seventh of a command's time; every event of a case can mutate it, so the check is not needed.
    """
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


class HubReads(HubBase):
    """A case and what hangs from it, read back from the hub's own store."""

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        try:
            case: object = self.repository.get(case_id, version=version, projector_func=replay)
        except AggregateNotFoundError:
            raise CaseNotFound(case_id=str(case_id)) from None
        if not isinstance(case, Case):
            raise CaseNotFound(case_id=str(case_id))
        return case

    def find_folio(self, folio: str) -> UUID:
        try:
            index: object = self.repository.get(Folio.create_id(folio))
        except AggregateNotFoundError:
            raise CaseNotFound(case_id=folio) from None
        assert isinstance(index, Folio)
        return index.case_id

    def timeline(
        self, case_id: UUID, until: datetime | None = None
    ) -> list[DomainEventProtocol[UUID]]:
        """The case's events; with ``until``, those recorded by then (``CaseNotFound`` if the
        case did not exist yet)."""
        events = list(self.events.get(case_id))
        if not events or not isinstance(events[0], Case.CaseOpened):
            raise CaseNotFound(case_id=str(case_id))
        if until is not None:
            events = [e for e in events if e.timestamp <= until]  # type: ignore[attr-defined]
            if not events:
                raise CaseNotFound(case_id=str(case_id))
        return events

    def case_as_of(self, case_id: UUID, at: datetime) -> Case:
        """The case as it stood at ``at``: its events recorded by then, nothing after."""
        case = replay(None, self.timeline(case_id, until=at))
        assert isinstance(case, Case)
        return case

    def custody(self, case_id: UUID, at: datetime | None = None) -> CustodyChain:
        """The chain of custody, now or as it stood at ``at``."""
        return custody_chain(case_id, self.timeline(case_id, until=at))

    def personal_data(self, case_id: UUID) -> dict[str, PlainValue]:
        """The case's personal data, unsealed; the edge decides who may ask, and records it."""
        case = self.get_case(case_id)
        if case.personal_data_erased:
            raise PersonalDataUnavailable(case_id=str(case_id))
        return {
            name: self.unseal(case_id, f"personal_data.{name}", sealed)
            for name, sealed in case.personal_data.items()
        }

    def unseal(self, case_id: UUID, label: str, sealed: SealedValue) -> PlainValue:
        """A sealed free text of the case (a note, a place), for a caller entitled to it.

        ``PersonalDataUnavailable`` if the case was erased, ``DataKeyMissing`` if its key is
        gone otherwise. The case's events decide which: the key store's tombstone may have been
        lost with the key store, its events not.
        """
        try:
            return self.sealer.unseal(case_id, label, sealed)
        except DataKeyMissing:
            if self.get_case(case_id).personal_data_erased:
                raise PersonalDataUnavailable(case_id=str(case_id)) from None
            raise
