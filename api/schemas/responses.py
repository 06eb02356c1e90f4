"""What the API answers: schemas named for intent, apart from the domain's own types.

The answers of a command, the caseload, the access log, health and findings; a case, its
timeline and its custody have a module each (``api.schemas.case``, ``.timeline``, ``.custody``),
each mapping the read side's plain values.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from queries.caseload import CaseloadPage, CaseSummary


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Recorded(Out):
    """A command done: the log position of its last event, for ``?min_position=``."""

    position: int = Field(examples=[42])


class CaseOpened(Recorded):
    case_id: UUID
    folio: str = Field(examples=["QR-2026-000001"])


class ReferralCreated(Recorded):
    referral_id: UUID


class ProsecutorNoticeCreated(Recorded):
    """A notice to the prosecutor: one per prosecutor, which names it."""

    prosecutor: str = Field(examples=["fge"])


class HandoffCreated(Recorded):
    handoff_id: UUID


class MeasureCreated(Recorded):
    measure_id: UUID


class ObservationCreated(Recorded):
    observation_id: UUID


class CaseSummaryOut(Out):
    case_id: UUID
    folio: str
    relations: list[str]
    level: str
    status: str | None
    is_child: bool | None
    detected_at: datetime | None
    last_event_at: datetime
    pending_referrals: int
    open_handoffs: int
    next_due_at: datetime | None
    overdue: bool

    @classmethod
    def of(cls, summary: CaseSummary) -> CaseSummaryOut:
        shown = vars(summary) | {"relations": list(summary.relations)}
        return cls(**(shown | {"level": summary.level.name.lower()}))


class Caseload(Out):
    items: list[CaseSummaryOut]
    next: str | None = Field(description="cursor of the next page, if any")
    position: int = Field(description="the log position the view has reached")

    @classmethod
    def of(cls, page: CaseloadPage) -> Caseload:
        return cls(
            items=[CaseSummaryOut.of(s) for s in page.items], next=page.next, position=page.position
        )


class DisclosureOut(Out):
    position: int
    case_id: UUID
    folio: str | None = Field(examples=["QR-2026-000019"])
    agency: str
    account: str
    purpose: str
    labels: list[str]
    at: datetime


class AccessLog(Out):
    items: list[DisclosureOut]
    next: int | None


class Health(Out):
    status: str
    position: int | None = None
    views: dict[str, int] = {}
    relay: str | None = None  # the Kafka relay of this process: "ready" or "not_ready"


class FindingOut(Out):
    rule: str = Field(examples=["child_not_notified_to_ppnna"])
    case_id: UUID
    folio: str | None = Field(examples=["QR-2026-000019"])
    agency: str
    severity: str = Field(examples=["high"])
    since: datetime
    resolved_at: datetime | None
    subject_id: UUID | None = Field(description="the referral, handoff, measure or observation")


class Findings(Out):
    at: datetime = Field(description="the time the findings are read at")
    items: list[FindingOut]
    next: str | None = Field(description="cursor of the next page, if any")
    position: int = Field(description="the log position the review view has reached")
