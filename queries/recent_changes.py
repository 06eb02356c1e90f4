"""What changed in an agency's cases since a person's last visit, as the timeline shows it.

The last visit is the account's previous sign-in (``PersonSession.SignedIn``) before the
current session; with none, the last 7 days. Only the cases whose caseload row moved since then
are read, each as the person's agency may see it (``queries.timeline``); bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.access import CaseAccess
from domain.actor import Actor
from domain.agencies import Agency
from domain.hub import Hub, replay
from domain.sessions import PersonSession
from domain.stored_names import topics_of
from projections.caseload import CaseloadView
from queries.timeline import Entry, timeline_entries

DEFAULT_SPAN = timedelta(days=7)
MOST_CASES = 20  # the most recently moved cases read
WINDOW = 5000  # notifications scanned per step, backwards, for the previous sign-in
MOST_WINDOWS = 40


@dataclass(frozen=True)
class CaseChanges:
    """One case's events after the last visit (``entries``, as the agency may see them), and
    the case's events up to now (``events``: the sentences are written from them)."""

    folio: str
    entries: list[Entry]
    events: list[Any]


def last_visit(hub: Hub, account_id: UUID, session_id: UUID, now: datetime) -> datetime:
    """When the account signed in before ``session_id``; ``now`` minus 7 days if never."""
    topics = topics_of(PersonSession.SignedIn)
    top = hub.recorder.max_notification_id() or 0
    current = False
    for step in range(MOST_WINDOWS):
        stop = top - step * WINDOW
        if stop <= 0:
            break
        start = max(1, stop - WINDOW + 1)
        found = hub.recorder.select_notifications(start, WINDOW, stop=stop, topics=topics)
        for notification in reversed(found):
            event: Any = hub.mapper.to_domain_event(notification)
            if event.originator_id == session_id:
                current = True  # sign-ins after this session's (another browser) are not before
            elif current and event.account_id == account_id:
                return event.timestamp  # type: ignore[no-any-return]
    return now - DEFAULT_SPAN


def changes_since(
    hub: Hub, actor: Actor, agency: Agency, view: CaseloadView, since: datetime
) -> list[CaseChanges]:
    """The agency's cases that moved after ``since``, the latest first, at most
    ``MOST_CASES``, each with its events after ``since`` that the agency may see."""
    moved = []
    after: str | None = None
    while True:
        rows = view.caseload(agency.code, moved_after=since, after=after, limit=500)
        moved += rows
        if len(rows) < 500:
            break
        after = rows[-1].cursor
    moved.sort(key=lambda row: row.last_event_at, reverse=True)
    found = []
    for row in moved[:MOST_CASES]:
        events = hub.timeline(row.case_id)
        access = CaseAccess(actor, agency, replay(None, events))
        entries = [
            entry
            for entry in timeline_entries(events, access)
            if entry.at > since and not entry.receipt
        ]
        if entries:
            found.append(CaseChanges(row.folio, entries, events))
    return found
