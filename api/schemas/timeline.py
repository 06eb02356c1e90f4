"""GET /cases/{case_id}/timeline: the case's events as the caller may see them, mapped from the
read side's entries (``queries.timeline``); sealed values are never in them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from api.schemas.responses import Out
from queries.timeline import Entry


class TimelineEntry(Out):
    version: int
    type: str = Field(examples=["referral_issued"])
    at: datetime
    agency: str
    account: str | None = None
    data: dict[str, Any]

    @classmethod
    def of(cls, entry: Entry) -> TimelineEntry:
        """A receipt leaves the account out (the route answers with ``exclude_unset``)."""
        shown: dict[str, Any] = {} if entry.receipt else {"account": entry.account}
        return cls(
            version=entry.version,
            type=entry.type,
            at=entry.at,
            agency=entry.agency,
            data=dict(entry.data),
            **shown,
        )


class Timeline(Out):
    case_id: UUID
    items: list[TimelineEntry]

    @classmethod
    def of(cls, case_id: UUID, entries: Sequence[Entry]) -> Timeline:
        return cls(case_id=case_id, items=[TimelineEntry.of(e) for e in entries])
