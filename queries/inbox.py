"""What an agency owes now: the lines of its inbox, the most urgent first.

Read from the views, never by loading every case: the caseload view gives the rows of the cases
where the agency owes a referral's answer or a handoff's acknowledgement (only those cases'
stored states are read, to name each one and its deadline); the review view gives the open
findings against the agency; the observations concerning it that are unanswered come from
``queries.observations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID

from domain.custody import HandoffStatus
from domain.hub import Hub
from domain.referral import ReferralStatus
from projections.case_snapshots import CaseSnapshots
from projections.caseload import CaseloadView
from projections.caseload_rows import CaseloadEntry
from projections.review import ReviewView
from queries.folios import Folios
from queries.observations import observation_lines

Owed = Literal["referral", "handoff", "finding", "observation"]
MOST_ROWS = 2000  # the most caseload rows read for one inbox
MOST_FINDINGS = 200


@dataclass(frozen=True)
class OwedLine:
    """One thing the agency owes: on which case, what (``kind`` and its ``subject``: a service,
    an agency or a rule code), by when."""

    kind: Owed
    case_id: UUID
    folio: str
    subject: str
    due_at: datetime

    def late(self, now: datetime) -> bool:
        return self.due_at < now


def owed_lines(
    hub: Hub,
    agency: str,
    caseload: CaseloadView,
    review: ReviewView | None,
    folios: Folios,
    now: datetime,
    most: int = MOST_ROWS,
) -> tuple[list[OwedLine], int]:
    """The ``most`` earliest of what ``agency`` owes at ``now``, earliest deadline first, and
    how many things it owes in all."""
    lines, total = _referrals_and_handoffs(agency, caseload, most, hub.limits.handoff_ack)
    if review is not None:
        page = review.findings(at=now, agency=agency, state="open", limit=MOST_FINDINGS)
        lines += [OwedLine("finding", f.case_id, folios(f.case_id), f.rule, f.since) for f in page]
        total += len(page)
    for seen in observation_lines(hub, folios, now, concerning=agency, answered="unanswered"):
        lines.append(OwedLine("observation", seen.case_id, seen.folio, seen.kind, seen.deadline))
        total += 1
    return sorted(lines, key=lambda line: (line.due_at, line.folio))[:most], total


def _referrals_and_handoffs(
    agency: str, caseload: CaseloadView, most: int, handoff_ack: timedelta
) -> tuple[list[OwedLine], int]:
    """The lines of the ``most`` cases whose next deadline comes first (a row's next deadline
    is the earliest of what the agency owes in it), and the count of everything owed."""
    rows: list[CaseloadEntry] = []
    after: str | None = None
    while len(rows) < MOST_ROWS:
        page = caseload.caseload(agency, status="open", owing=True, after=after, limit=500)
        rows += page
        if len(page) < 500:
            break
        after = page[-1].cursor
    total = sum(row.pending_referrals + row.open_handoffs for row in rows)
    rows.sort(key=lambda row: (row.next_due_at or datetime.max.replace(tzinfo=UTC), row.folio))
    snapshots = CaseSnapshots()
    lines: list[OwedLine] = []
    for row in rows[:most]:  # only these cases' states are read, to name what is owed
        stored = caseload.stored_case(row.case_id)
        if stored is None:
            continue
        case = snapshots.restore(stored)
        for r in case.referrals:
            if r.status == ReferralStatus.PENDING and r.to_agency == agency:
                lines.append(OwedLine("referral", case.id, row.folio, str(r.service), r.due_at))
        for h in case.custody.handoffs:
            if h.status == HandoffStatus.PENDING and h.to_agency == agency:
                due = h.initiated_at + handoff_ack
                lines.append(OwedLine("handoff", case.id, row.folio, h.from_agency, due))
    return lines, total
