"""What the API answers: schemas named for intent, apart from the domain's own types.

Sealed fields (personal data, notes, places, locations, observation texts) appear only for a
caller who may see them and who named a purpose; otherwise they are left out, never nulled, so
that an absent field never means "empty".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


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


class HandoffCreated(Recorded):
    handoff_id: UUID


class MeasureCreated(Recorded):
    measure_id: UUID


class ObservationCreated(Recorded):
    observation_id: UUID


class DetectionOut(Out):
    agency: str
    detected_at: datetime
    municipality: str
    indicators: list[str]
    exploitation_forms: list[str]
    age_group: str
    estimated_age: int | None
    sex: str
    nationality: str
    languages: list[str]
    needs_interpreter: bool
    in_custody: bool
    operation: str | None


class ReferralOut(Out):
    referral_id: UUID
    from_agency: str
    to_agency: str
    service: str
    urgency: str
    status: str
    issued_at: datetime
    due_at: datetime
    answered_at: datetime | None
    decline_reason: str | None
    legal_basis: str | None
    note: str | None = None


class HandoffOut(Out):
    handoff_id: UUID
    from_agency: str
    to_agency: str
    status: str
    initiated_at: datetime
    resolved_at: datetime | None
    refusal_reason: str | None
    legal_basis: str | None
    place: str | None = None


class CustodyOut(Out):
    custodian: str | None
    whereabouts_unknown: bool
    handoffs: list[HandoffOut]


class MeasureOut(Out):
    measure_id: UUID
    kind: str
    provider: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    location: str | None = None


class ObservationOut(Out):
    observation_id: UUID
    kind: str
    concerning: str
    issued_at: datetime
    answered_at: datetime | None
    text: str | None = None
    answer: str | None = None


class ConsentOut(Out):
    agencies: dict[str, list[str]]
    overrides: dict[str, list[str]]
    child_protection_basis: bool


class ReceiptOut(Out):
    """What the detecting agency learns: referred, accepted, in care."""

    referred: bool
    accepted: bool
    in_care: bool


class CaseOut(Out):
    case_id: UUID
    folio: str
    as_of: datetime | None = None
    level: str = Field(description="what the caller may see: minimal, receipt, metadata, full")
    relations: list[str]
    status: str | None = None
    receipt: ReceiptOut | None = None
    opened_at: datetime | None = None
    detection: DetectionOut | None = None
    is_child: bool | None = None
    age_group: str | None = None
    risk_level: str | None = None
    consent: ConsentOut | None = None
    complaint: str | None = None
    referrals: list[ReferralOut] = []
    custody: CustodyOut | None = None
    measures: list[MeasureOut] = []
    observations: list[ObservationOut] = []
    closure_reason: str | None = None
    personal_data_erased: bool | None = None
    sealed_fields: list[str] = Field(
        default=[], description="personal-data fields recorded, whose values are sealed"
    )
    personal_data: dict[str, str | list[str]] | None = None
    version: int


class TimelineEntry(Out):
    version: int
    type: str = Field(examples=["referral_issued"])
    at: datetime
    agency: str
    account: str | None = None
    data: dict[str, Any]


class Timeline(Out):
    case_id: UUID
    items: list[TimelineEntry]


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


class Caseload(Out):
    items: list[CaseSummaryOut]
    next: str | None = Field(description="cursor of the next page, if any")
    position: int = Field(description="the log position the view has reached")


class DisclosureOut(Out):
    position: int
    case_id: UUID
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


class Span(Out):
    """A stretch of time; ``to`` is absent (null) while it lasts."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)
    from_: datetime = Field(alias="from")
    to: datetime | None = None


class CustodyIntervalOut(Span):
    agency: str
    began_with: str
    ended_with: str | None
    began_handoff: UUID | None
    ended_handoff: UUID | None
    acknowledged_by: str | None


class PendingHandoffOut(Out):
    handoff_id: UUID
    from_agency: str
    to_agency: str
    initiated_at: datetime
    initiated_by: str | None = None


class CustodyGapOut(Span):
    kind: str = Field(description="handoff_pending, no_custodian or whereabouts_unknown")
    agency: str | None
    handoff_id: UUID | None
    reason: str | None


class CustodyChainOut(Out):
    case_id: UUID
    as_of: datetime | None = None
    current_custodian: str | None
    intervals: list[CustodyIntervalOut]
    pending_handoffs: list[PendingHandoffOut]
    gaps: list[CustodyGapOut]


class FindingOut(Out):
    rule: str = Field(examples=["child_not_notified_to_ppnna"])
    case_id: UUID
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
