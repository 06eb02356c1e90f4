"""The review view's rows and queries: which findings exist at a moment, in a stable order.

A case's findings are stored as the rules compute them, ``since`` included even when it is later
than the last event (a deadline): whether a finding exists at a time is decided when the view is
asked, so a rule whose deadline passes fires without another event.

Pages run oldest ``since`` first, then by case, rule, subject and agency: an order of what a
finding is, not of when the view wrote it, so a finding keeps its place while someone pages
through the list. The rules may give one case two findings alike in all of those (the same rule
on the same subject, from the same moment); ``n`` tells them apart.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID

from domain.review_rules import FINDING_RULES, Finding, Severity

State = Literal["open", "resolved", "all"]
STATES: tuple[State, ...] = ("open", "resolved", "all")
SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
MAX_LIMIT = 1000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# since (UTC microseconds), case id (hex), rule, subject id (hex, or "" for none), agency, n
FindingKey = tuple[int, str, str, str, str, int]


def micros(at: datetime) -> int:
    """A time as UTC microseconds: how the SQLite view stores times, and how cursors hold them."""
    return (at - _EPOCH) // _MICROSECOND


def from_micros(value: int) -> datetime:
    return _EPOCH + value * _MICROSECOND


@dataclass(frozen=True)
class FindingRow:
    """A stored finding, with what orders it among alike ones of its case."""

    finding: Finding
    n: int = 0

    @property
    def subject(self) -> str:
        subject_id = self.finding.subject_id
        return "" if subject_id is None else subject_id.hex

    @property
    def key(self) -> FindingKey:
        f = self.finding
        return (micros(f.since), f.case_id.hex, f.rule, self.subject, f.agency, self.n)

    @property
    def cursor(self) -> str:
        """What to pass as ``after`` for the page that follows this row."""
        text = json.dumps(list(self.key), separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def finding_rows(findings: Iterable[Finding]) -> list[FindingRow]:
    """The rows of one case's findings: ``n`` counts the alike ones before each."""
    seen: Counter[tuple[datetime, str, UUID | None, str]] = Counter()
    rows = []
    for f in findings:
        alike = (f.since, f.rule, f.subject_id, f.agency)
        rows.append(FindingRow(f, seen[alike]))
        seen[alike] += 1
    return rows


def parse_cursor(cursor: str) -> FindingKey:
    """The key a cursor holds; ValueError for anything that no page gave."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        since, case_id, rule, subject, agency, n = json.loads(
            base64.urlsafe_b64decode(padded.encode("ascii"))
        )
        texts = (case_id, rule, subject, agency)
        if not (isinstance(since, int) and isinstance(n, int) and 0 <= n < 2**31):
            raise ValueError("not a key")
        if not all(isinstance(text, str) for text in texts):
            raise ValueError("not a key")
        from_micros(since)  # a time datetime can hold, and so can every store
        subject = UUID(hex=subject).hex if subject else ""
        return (since, UUID(hex=case_id).hex, rule, subject, agency, n)
    except (ValueError, TypeError, OverflowError) as e:  # binascii.Error is a ValueError
        raise ValueError("after is not a cursor of the findings") from e


@dataclass(frozen=True)
class FindingQuery:
    """A checked query: the findings begun by ``at`` in the given state, one page of them.

    ``state`` "open" keeps those not resolved by ``at``, "resolved" those resolved by then.
    ``since_from`` and ``since_to`` bound when they began: ``since_from <= since < since_to``.
    """

    at: datetime
    agency: str | None = None
    rule: str | None = None
    severity: str | None = None
    state: State = "open"
    since_from: datetime | None = None
    since_to: datetime | None = None
    case_id: UUID | None = None
    limit: int = 200
    after: str | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"state must be one of {', '.join(STATES)}")
        if self.rule is not None and self.rule not in FINDING_RULES:
            raise ValueError(f"rule must be one of {', '.join(FINDING_RULES)} or None")
        if self.severity is not None and self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)} or None")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be from 1 to {MAX_LIMIT}")
        for name in ("at", "since_from", "since_to"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"{name} must have a time zone")
        if self.after is not None:
            parse_cursor(self.after)

    @property
    def after_key(self) -> FindingKey | None:
        return None if self.after is None else parse_cursor(self.after)

    def matches(self, row: FindingRow) -> bool:
        """The same filter the SQL views apply, for views that hold rows in memory."""
        f, after = row.finding, self.after_key
        resolved = f.resolved_at is not None and f.resolved_at <= self.at
        return (
            f.since <= self.at
            and (self.state != "open" or not resolved)
            and (self.state != "resolved" or resolved)
            and (self.agency is None or f.agency == self.agency)
            and (self.rule is None or f.rule == self.rule)
            and (self.severity is None or f.severity == self.severity)
            and (self.since_from is None or f.since >= self.since_from)
            and (self.since_to is None or f.since < self.since_to)
            and (self.case_id is None or f.case_id == self.case_id)
            and (after is None or row.key > after)
        )


class FindingsPage(list[Finding]):
    """A page of findings, and the cursor of the next page (None when this is the last)."""

    def __init__(self, findings: Iterable[Finding], next_cursor: str | None) -> None:
        super().__init__(findings)
        self.next_cursor = next_cursor


def page_of(rows: list[FindingRow], limit: int) -> FindingsPage:
    """The page from the rows a view selected: up to ``limit``, and one more if there is one."""
    shown = rows[:limit]
    more = len(rows) > limit
    return FindingsPage((r.finding for r in shown), shown[-1].cursor if more else None)
