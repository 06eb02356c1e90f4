"""The rows of the caseload: what each agency involved in a case sees of it in its list.

The rows are computed from the case itself, with the domain's own questions (``relations``,
``involved_agencies``) and its access policy (``CaseAccess``), so the caseload can never list a
case differently from how the hub decides who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from domain.access import CaseAccess, Level
from domain.actor import Actor, Role
from domain.agencies import AgencyCatalogue
from domain.case import Case
from domain.custody import HandoffStatus
from domain.referral import ReferralStatus

ALL_CASES = "*"
"""The pseudo-agency under which every case has one row: what the commission and auditors list."""

HANDOFF_LIMIT = timedelta(hours=2)
"""A handoff is due for acknowledgement this long after it was initiated (chain of custody)."""

Status = Literal["open", "closed"]
STATUSES: tuple[Status, ...] = ("open", "closed")
MAX_LIMIT = 1000


@dataclass(frozen=True)
class CaseloadEntry:
    """One case in one agency's caseload (or in every case's, under ``ALL_CASES``)."""

    agency: str
    case_id: UUID
    folio: str
    relations: tuple[str, ...]
    level: Level
    is_closed: bool
    is_child: bool
    detected_at: datetime
    last_event_at: datetime
    last_position: int
    pending_referrals: int
    open_handoffs: int
    next_due_at: datetime | None

    @property
    def cursor(self) -> str:
        """What to pass as ``after`` for the page that follows this entry."""
        return self.folio


@dataclass(frozen=True)
class CaseloadQuery:
    """A checked caseload query: pages are in folio order, newest case first.

    Folio order is stable: a case that changes while someone pages through the list keeps its
    place, so no case is skipped or listed twice (ordering by last activity would move it).
    """

    agency: str
    status: Status | None = None
    relation: str | None = None
    overdue_at: datetime | None = None
    after: str | None = None
    limit: int = 100
    owing: bool = False  # only the rows where the agency owes an answer or an acknowledgement
    moved_after: datetime | None = None  # only the rows whose case moved after that time

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)} or None")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be from 1 to {MAX_LIMIT}")
        if self.overdue_at is not None and self.overdue_at.utcoffset() is None:
            raise ValueError("overdue_at must have a time zone")
        if self.moved_after is not None and self.moved_after.utcoffset() is None:
            raise ValueError("moved_after must have a time zone")

    @property
    def closed(self) -> bool | None:
        return None if self.status is None else self.status == "closed"

    def matches(self, entry: CaseloadEntry) -> bool:
        """The same filter the SQL views apply, for views that hold rows in memory."""
        return (
            entry.agency == self.agency
            and (self.closed is None or entry.is_closed == self.closed)
            and (self.relation is None or self.relation in entry.relations)
            and (
                self.overdue_at is None
                or (entry.next_due_at is not None and entry.next_due_at < self.overdue_at)
            )
            and (self.after is None or entry.folio < self.after)
            and (not self.owing or entry.pending_referrals > 0 or entry.open_handoffs > 0)
            and (self.moved_after is None or entry.last_event_at > self.moved_after)
        )


def caseload_entries(
    case: Case,
    *,
    catalogue: AgencyCatalogue,
    position: int,
    at: datetime,
    handoff_limit: timedelta = HANDOFF_LIMIT,
) -> list[CaseloadEntry]:
    """Every row of ``case`` after its event at ``position``, dated ``at``: all of them.

    An agency whose level is NONE gets no row: the policy says it may not even know that the
    case exists, and a caseload row would tell it.
    """
    agencies = case.involved_agencies()  # every agency with a relation to the case
    entries = [_entry(case, ALL_CASES, Level.FULL, (), position, at, handoff_limit)]
    for code in sorted(agencies):
        level = _caseworker_level(case, code, catalogue)
        if level == Level.NONE:
            continue
        relations = tuple(sorted(str(r) for r in case.relations(code)))
        entries.append(_entry(case, code, level, relations, position, at, handoff_limit))
    return entries


def _caseworker_level(case: Case, code: str, catalogue: AgencyCatalogue) -> Level:
    """The level a caseworker of the agency has: the caseload is what its caseworkers list."""
    if code not in catalogue:
        return Level.NONE  # a catalogue replaced since: the policy cannot place the agency
    actor = Actor(code, "caseload", frozenset({Role.CASEWORKER}))
    return CaseAccess(actor, catalogue.get(code), case).level


def _entry(
    case: Case,
    agency: str,
    level: Level,
    relations: tuple[str, ...],
    position: int,
    at: datetime,
    handoff_limit: timedelta,
) -> CaseloadEntry:
    everyone = agency == ALL_CASES
    referrals = [
        r.due_at
        for r in case.referrals
        if r.status == ReferralStatus.PENDING and (everyone or r.to_agency == agency)
    ]
    handoffs = [
        h.initiated_at + handoff_limit
        for h in case.custody.handoffs
        if h.status == HandoffStatus.PENDING and (everyone or h.to_agency == agency)
    ]
    return CaseloadEntry(
        agency=agency,
        case_id=case.id,
        folio=case.folio,
        relations=relations,
        level=level,
        is_closed=case.is_closed,
        is_child=case.is_child,
        detected_at=case.detection.detected_at,
        last_event_at=at,
        last_position=position,
        pending_referrals=len(referrals),
        open_handoffs=len(handoffs),
        next_due_at=min([*referrals, *handoffs], default=None),
    )
