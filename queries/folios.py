"""The folio of a case, by its id: what people call a case, for answers that name cases by id.

A folio is given when the case opens and never changes, so the case's first event says it for
good. Views keep ids (findings, disclosures); the answers that list them add the folio here,
one read of one event per case named, so no view has to be rebuilt to name folios.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from domain.case import Case
from domain.hub import Hub


def folio_of(hub: Hub, case_id: UUID) -> str | None:
    """The case's folio; None if no case has that id."""
    for first in hub.events.get(case_id, lte=1, limit=1):
        if isinstance(first, Case.CaseOpened):
            return first.folio
    return None


def folios_of(hub: Hub, case_ids: Iterable[UUID]) -> dict[UUID, str]:
    """The folio of each case named (once each), by id; a case unknown is left out."""
    found: dict[UUID, str] = {}
    for case_id in dict.fromkeys(case_ids):
        if (folio := folio_of(hub, case_id)) is not None:
            found[case_id] = folio
    return found
