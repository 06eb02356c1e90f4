"""The review view's findings as the commission reads them: each with its case's folio.

The same read for the API's lists and exports and for the findings board: filtered by the
caller's rights before it gets here (``FindingFilter.agency`` is already the caller's own agency
for a supervisor). Folios come from the process's ``queries.folios.Folios``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from domain.review_rules import Finding
from projections.review import ReviewView
from projections.review_query import MAX_LIMIT, State
from queries.folios import Folios

EXPORT_LIMIT = 5000  # the most rows an export reads


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


def finding_lines(
    view: ReviewView,
    folios: Folios,
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
    return FindingLines([FindingLine(folios(f.case_id), f) for f in page], page.next_cursor)


def every_finding(
    view: ReviewView,
    folios: Folios,
    at: datetime,
    asked: FindingFilter,
    most: int = EXPORT_LIMIT,
    after: str | None = None,
) -> Iterator[FindingLine]:
    """Every finding that matches (from ``after`` on), page by page, at most ``most``."""
    given = 0
    while given < most:
        page = finding_lines(view, folios, at, asked, after, min(MAX_LIMIT, most - given))
        yield from page.lines
        given += len(page.lines)
        after = page.next_cursor
        if after is None:
            return


def count_findings(view: ReviewView, at: datetime, asked: FindingFilter) -> int:
    """How many findings match (one count in the view, not a read of them)."""
    return view.count(
        at=at,
        agency=asked.agency,
        rule=asked.rule,
        severity=asked.severity,
        state=asked.state,
        since_from=asked.since_from,
        since_to=asked.since_to,
    )
