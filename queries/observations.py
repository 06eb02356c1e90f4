"""The commission's observations across cases: when each was issued, answered, and if late.

Read from the store's log by topic (the issued and answered events only, as ``access_log`` reads
disclosures), never from a case's sealed values: the text of an observation and of its answer
are not part of this list. An observation is late when its answer came, or has not come by now,
after the end of the 15th business day (``observation_unanswered``, the review limits).
Bounded: at most ``MOST`` observations are read, newest first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from domain import case_events
from domain.hub import Hub
from domain.review_rules import ReviewLimits, business_deadline
from domain.stored_names import topics_of
from queries.folios import Folios

Answered = Literal["all", "answered", "unanswered", "late"]
ANSWERED: tuple[Answered, ...] = ("all", "answered", "unanswered", "late")
PAGE = 500
MOST = 10_000


@dataclass(frozen=True)
class ObservationLine:
    """One observation as the list shows it: no text, no personal data."""

    observation_id: UUID
    case_id: UUID
    folio: str
    concerning: str
    kind: str
    issued_at: datetime
    deadline: datetime
    answered_at: datetime | None

    def late(self, now: datetime) -> bool:
        """Answered after its deadline, or unanswered past it."""
        return (self.answered_at or now) > self.deadline


def observation_lines(
    hub: Hub,
    folios: Folios,
    now: datetime,
    concerning: str | None = None,
    answered: Answered = "all",
    limits: ReviewLimits | None = None,
    most: int = MOST,
) -> list[ObservationLine]:
    """Observations issued by ``now``, newest first; only those concerning ``concerning`` if
    given, and only those ``answered`` says (answered, unanswered, late). Deadlines follow
    ``limits``, by default the hub's (the deployment's)."""
    limits = hub.limits if limits is None else limits
    answers: dict[UUID, datetime] = {}
    for event in _events(hub, case_events.ObservationAnswered, most):
        if event.timestamp <= now:
            answers.setdefault(event.observation_id, event.timestamp)
    lines = []
    for event in _events(hub, case_events.ObservationIssued, most):
        if event.timestamp > now or (concerning is not None and event.concerning != concerning):
            continue
        line = ObservationLine(
            observation_id=event.observation_id,
            case_id=event.originator_id,
            folio=folios(event.originator_id),
            concerning=event.concerning,
            kind=str(event.kind),
            issued_at=event.timestamp,
            deadline=business_deadline(
                event.timestamp,
                limits.observation_answer_business_days,
                limits.local_offset,
                limits.holidays,
            ),
            answered_at=answers.get(event.observation_id),
        )
        if _wanted(line, answered, now):
            lines.append(line)
    lines.sort(key=lambda line: line.issued_at, reverse=True)
    return lines


def _wanted(line: ObservationLine, answered: Answered, now: datetime) -> bool:
    if answered == "answered":
        return line.answered_at is not None
    if answered == "unanswered":
        return line.answered_at is None
    if answered == "late":
        return line.late(now)
    return True


def _events(hub: Hub, event_class: type, most: int) -> Iterator[Any]:
    topics = topics_of(event_class)
    after = 0
    read = 0
    while read < most:
        page = hub.recorder.select_notifications(
            start=after, limit=PAGE, topics=topics, inclusive_of_start=False
        )
        for notification in page:
            yield hub.mapper.to_domain_event(notification)
        read += len(page)
        if len(page) < PAGE:
            return
        after = page[-1].id
