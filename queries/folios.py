"""The folio of a case, by its id: what people call a case, for answers that name cases by id.

A folio is given when the case opens and never changes, so the case's first event says it for
good. Views keep ids (findings, disclosures); the answers that list them add the folio here,
one read of one event per case named, so no view has to be rebuilt to name folios. A process
keeps the folios it has read in one bounded cache (``Folios``), built by the composition root
and handed to whoever names cases.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from uuid import UUID

from cachetools import LRUCache

from domain.case import Case
from domain.hub import Hub

CACHED = 4096  # folios kept: a findings board's pages, an export's cases


def folio_of(hub: Hub, case_id: UUID) -> str | None:
    """The case's folio; None if no case has that id."""
    for first in hub.events.get(case_id, lte=1, limit=1):
        if isinstance(first, Case.CaseOpened):
            return first.folio
    return None


class Folios:
    """Case id -> folio, read from the case's first event once and kept (bounded, thread-safe).
    A case unknown reads as ``""`` and is not kept: it may be opened later."""

    def __init__(self, hub: Hub, size: int = CACHED) -> None:
        self.hub = hub
        self._cache: LRUCache[UUID, str] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def __call__(self, case_id: UUID) -> str:
        with self._lock:
            known = self._cache.get(case_id)
        if known is not None:
            return known
        folio = folio_of(self.hub, case_id)
        if folio is None:
            return ""
        with self._lock:
            self._cache[case_id] = folio
        return folio

    def of(self, case_ids: Iterable[UUID]) -> dict[UUID, str]:
        """The folio of each case named, by id; a case unknown is left out."""
        found = {case_id: self(case_id) for case_id in dict.fromkeys(case_ids)}
        return {case_id: folio for case_id, folio in found.items() if folio}
