"""Folios (``QR-2026-000123``): the human name of a case, unique, allowed to have gaps.

Each folio is reserved by an aggregate whose id is derived from the folio itself and saved in the
same transaction as its case, so two cases can never get one folio: the second save fails on the
store's unique key and the hub tries the next number. Numbers are handed out from a hint kept in
memory; after a restart, or when another process took numbers meanwhile, the hint is found again
by galloping and binary search over which folios exist, in O(log n) reads.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import Lock
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

FOLIO_NAMESPACE = uuid5(NAMESPACE_URL, "https://ruta.mx/folio")


def format_folio(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:06d}"


class Folio(Aggregate):
    """The reservation of one folio for one case."""

    @staticmethod
    def create_id(folio: str) -> UUID:
        return uuid5(FOLIO_NAMESPACE, folio)

    @event("Assigned")
    def __init__(self, folio: str, case_id: UUID) -> None:
        self.folio = folio
        self.case_id = case_id


class FolioNumbers:
    """Hands out folio numbers per series (prefix and year); thread-safe, gap-tolerant."""

    def __init__(self, exists: Callable[[str], bool]) -> None:
        self._exists = exists
        self._next: dict[tuple[str, int], int] = {}
        self._lock = Lock()

    def reserve(self, prefix: str, year: int) -> int:
        with self._lock:
            series = (prefix, year)
            number = self._next.get(series) or self._first_free(prefix, year, after=0)
            self._next[series] = number + 1
            return number

    def taken(self, prefix: str, year: int, number: int) -> None:
        """Another writer took ``number``: look for the first free number after it."""
        with self._lock:
            series = (prefix, year)
            found = self._first_free(prefix, year, after=number)
            self._next[series] = max(self._next.get(series, 0), found)

    def _first_free(self, prefix: str, year: int, *, after: int) -> int:
        def taken(number: int) -> bool:
            return self._exists(format_folio(prefix, year, number))

        low, step = after, 1  # low is taken (or 0); search above it
        while taken(low + step):
            low += step
            step *= 2
        high = low + step  # free
        while high - low > 1:
            middle = (low + high) // 2
            if taken(middle):
                low = middle
            else:
                high = middle
        return high
