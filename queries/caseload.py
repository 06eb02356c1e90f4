"""Reading an agency's caseload: the cases it is involved in, each shown at its level.

The rows come from the caseload view, which keeps each agency's level of access to each case
(``projections.caseload_rows``); this shows each row only as far as that level allows: status and
dates from the receipt level, whether the person is a child from the metadata level. The
commission and auditors read every case's row; a role that reads no case is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.access import Level, may_write_cases, sees_all_cases
from domain.actor import Actor, Role
from domain.agencies import Agency
from domain.errors import RoleRequired
from domain.hub import Hub
from projections.caseload import CaseloadView
from projections.caseload_rows import ALL_CASES, CaseloadEntry, Status


@dataclass(frozen=True)
class CaseSummary:
    """One case of the caseload as the agency may see it; None where its level shows nothing."""

    case_id: UUID
    folio: str
    relations: tuple[str, ...]
    level: Level
    status: str | None
    is_child: bool | None
    detected_at: datetime | None
    last_event_at: datetime
    pending_referrals: int
    open_handoffs: int
    next_due_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class CaseloadPage:
    """A page of the caseload, the cursor of the next one, and the view's position."""

    items: tuple[CaseSummary, ...]
    next: str | None
    position: int


@dataclass(frozen=True)
class CaseloadFilter:
    """Which rows, and how many."""

    status: Status | None = None
    relation: str | None = None  # the caller's agency's relation to the case
    overdue: bool = False
    after: str | None = None
    limit: int = 100


def read_caseload(
    hub: Hub, actor: Actor, agency: Agency, view: CaseloadView, wanted: CaseloadFilter
) -> CaseloadPage:
    """A page of the caller's caseload; ``RoleRequired`` for a role that reads no case."""
    if sees_all_cases(actor, agency):
        rows_of = ALL_CASES
    elif may_write_cases(actor):
        rows_of = agency.code
    else:
        raise RoleRequired(role=str(Role.CASEWORKER))
    now = hub.clock()
    entries = view.caseload(
        rows_of,
        status=wanted.status,
        relation=wanted.relation,
        overdue_at=now if wanted.overdue else None,
        after=wanted.after,
        limit=wanted.limit + 1,
    )
    page = entries[: wanted.limit]
    return CaseloadPage(
        items=tuple(_summary(e, now) for e in page),
        next=_cursor(page[-1]) if len(entries) > wanted.limit else None,
        position=int(view.max_tracking_id(hub.name) or 0),
    )


def _summary(entry: CaseloadEntry, now: datetime) -> CaseSummary:
    level = Level(entry.level)
    status_known = level >= Level.RECEIPT
    return CaseSummary(
        case_id=entry.case_id,
        folio=entry.folio,
        relations=tuple(entry.relations),
        level=level,
        status=("closed" if entry.is_closed else "open") if status_known else None,
        is_child=entry.is_child if level >= Level.METADATA else None,
        detected_at=entry.detected_at if status_known else None,
        last_event_at=entry.last_event_at,
        pending_referrals=entry.pending_referrals,
        open_handoffs=entry.open_handoffs,
        next_due_at=entry.next_due_at,
        overdue=entry.next_due_at is not None and entry.next_due_at < now,
    )


def _cursor(entry: CaseloadEntry) -> str:
    return str(getattr(entry, "cursor", entry.case_id))
