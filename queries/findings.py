"""The review view's findings as the commission reads them: each with its case's folio.

The same read for the API's lists and exports and for the findings board: filtered by the
caller's rights before it gets here (``FindingFilter.agency`` is already the caller's own agency
for a supervisor). A folio never changes once a case is opened, so folios are kept in a bounded
cache rather than read from the case each time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from cachetools import LRUCache

from domain.hub import Hub
from domain.review_rules import Finding
from projections.review import ReviewView
from projections.review_query import MAX_LIMIT, State
from queries.folios import folio_of

CACHED_FOLIOS = 4096
EXPORT_LIMIT = 5000  # the most rows an export or a count reads


@dataclass(frozen=True)
class FindingFilter:
    """What a reader asks for: every field optional but the state."""

    state: State = "open"
    agency: str | None = None
    rule: str | None = None
    severity: str | None = None
    since_from: datetime | None = None
    since_to: datetime | None = None


@dataclass(frozen=True)
class FindingLine:
    """A finding and the folio of its case."""

    folio: str
    finding: Finding


@dataclass(frozen=True)
class FindingLines:
    lines: list[FindingLine]
    next_cursor: str | None


class Folios:
    """Case id -> folio, read from the case's first event once and kept (bounded)."""

    def __init__(self, hub: Hub, size: int = CACHED_FOLIOS) -> None:
        self.hub = hub
        self._cache: LRUCache[UUID, str] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def __call__(self, case_id: UUID) -> str:
        with self._lock:
            known = self._cache.get(case_id)
        if known is not None:
            return known
        folio = folio_of(self.hub, case_id) or ""
        with self._lock:
            self._cache[case_id] = folio
        return folio


_folios: dict[int, Folios] = {}
_folios_lock = threading.Lock()


def folio_cache(hub: Hub) -> Folios:
    """The folio cache of this hub (one per hub for the process)."""
    with _folios_lock:
        found = _folios.get(id(hub))
        if found is None or found.hub is not hub:
            found = _folios[id(hub)] = Folios(hub)
        return found


def finding_lines(
    view: ReviewView,
    hub: Hub,
    at: datetime,
    asked: FindingFilter,
    after: str | None = None,
    limit: int = 50,
) -> FindingLines:
    """One page of findings begun by ``at``, with folios; ValueError for a bad cursor."""
    page = view.findings(
        at=at,
        agency=asked.agency,
        rule=asked.rule,
        severity=asked.severity,
        state=asked.state,
        since_from=asked.since_from,
        since_to=asked.since_to,
        after=after,
        limit=limit,
    )
    folio = folio_cache(hub)
    return FindingLines([FindingLine(folio(f.case_id), f) for f in page], page.next_cursor)


def every_finding(
    view: ReviewView,
    hub: Hub,
    at: datetime,
    asked: FindingFilter,
    most: int = EXPORT_LIMIT,
    after: str | None = None,
) -> Iterator[FindingLine]:
    """Every finding that matches (from ``after`` on), page by page, at most ``most``."""
    given = 0
    while given < most:
        page = finding_lines(view, hub, at, asked, after, min(MAX_LIMIT, most - given))
        yield from page.lines
        given += len(page.lines)
        after = page.next_cursor
        if after is None:
            return


def count_findings(
    view: ReviewView, at: datetime, asked: FindingFilter, most: int = EXPORT_LIMIT
) -> int:
    """How many findings match, counted up to ``most``."""
    after: str | None = None
    counted = 0
    while counted < most:
        page = view.findings(
            at=at,
            agency=asked.agency,
            rule=asked.rule,
            severity=asked.severity,
            state=asked.state,
            since_from=asked.since_from,
            since_to=asked.since_to,
            after=after,
            limit=MAX_LIMIT,
        )
        counted += len(page)
        after = page.next_cursor
        if after is None:
            break
    return min(counted, most)
