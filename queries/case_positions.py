"""Where a case's events are in the log: their positions, for inclusion proofs by folio.

The store keeps no index from a case to its positions, so the log's notifications are read in
pages from the start until every version of the case is found: proportional to the position
of the case's last event, a read an auditor asks for now and then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.hub import Hub

READ = 2_000


@dataclass(frozen=True)
class CasePosition:
    """The case's event of ``version`` is the record at ``position``, recorded ``at``."""

    version: int
    position: int
    at: datetime


def case_positions(hub: Hub, case_id: UUID) -> list[CasePosition]:
    """The positions of every event of the case, in order (``CaseNotFound`` without it)."""
    events = hub.timeline(case_id)
    times = {e.originator_version: e.timestamp for e in events}  # type: ignore[attr-defined]
    found: list[CasePosition] = []
    start = 1
    while len(found) < len(times):
        page = hub.recorder.select_notifications(start, READ)
        for notification in page:
            version = notification.originator_version
            if notification.originator_id == case_id and version in times:
                found.append(CasePosition(version, notification.id, times[version]))
        if len(page) < READ:
            break
        start = page[-1].id + 1
    return found
