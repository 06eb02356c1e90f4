"""What the API answers about ARCO requests and the retention schedule: each request with its
status and legal deadlines, an access request's export (the one answer with personal data, for
the person's own right), and the cases due for erasure."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from api.schemas.responses import Out, Recorded
from domain.arco import ArcoRequest
from domain.review_rules_arco import ArcoDeadlines
from domain.use_cases.arco import AccessExport, RetentionDue
from queries.timeline import public_type


class ArcoRequestCreated(Recorded):
    request_id: UUID


class ArcoRequestOut(Out):
    """A request, its status and its legal deadlines; ``overdue`` when one has passed undone."""

    request_id: UUID
    case_id: UUID
    folio: str = Field(examples=["QR-2026-000001"])
    kind: str = Field(examples=["cancellation"])
    requester: str = Field(examples=["holder"])
    identity_checked: bool
    status: str = Field(examples=["received"])
    received_at: datetime
    extension: str | None = None
    extended_at: datetime | None = None
    decision: str | None = None
    ground: str | None = None
    answered_at: datetime | None = None
    carried_out_at: datetime | None = None
    answer_due: datetime
    carry_out_due: datetime | None = None
    overdue: bool

    @classmethod
    def of(cls, request: ArcoRequest, due: ArcoDeadlines, now: datetime) -> ArcoRequestOut:
        late_answer = request.answered_at is None and now > due.answer_due
        late_carry_out = (
            due.carry_out_due is not None
            and request.carried_out_at is None
            and now > due.carry_out_due
        )
        return cls(
            request_id=request.id,
            case_id=request.case_id,
            folio=request.folio,
            kind=str(request.kind),
            requester=str(request.requester),
            identity_checked=request.identity_checked,
            status=str(request.status),
            received_at=request.received_at,
            extension=None if request.extension is None else str(request.extension),
            extended_at=request.extended_at,
            decision=None if request.decision is None else str(request.decision),
            ground=None if request.ground is None else str(request.ground),
            answered_at=request.answered_at,
            carried_out_at=request.carried_out_at,
            answer_due=due.answer_due,
            carry_out_due=due.carry_out_due,
            overdue=late_answer or late_carry_out,
        )


class ArcoRequestsOut(Out):
    items: list[ArcoRequestOut]


class ExportedEvent(Out):
    version: int
    type: str = Field(examples=["case_opened"])
    at: datetime
    agency: str | None = None


class AccessExportOut(Out):
    """What Ruta holds about the person (LGPDPPSO art. 44): the personal data as held (none once
    erased) and the case's events. Reading it is recorded as a disclosure for ``arco_access``."""

    request_id: UUID
    case_id: UUID
    folio: str
    erased: bool
    personal_data: dict[str, str | list[str]]
    events: list[ExportedEvent]

    @classmethod
    def of(cls, export: AccessExport) -> AccessExportOut:
        events = [_exported(event) for event in export.events]
        return cls(
            request_id=export.request_id,
            case_id=export.case_id,
            folio=export.folio,
            erased=export.erased,
            personal_data=dict(export.personal_data),
            events=events,
        )


def _exported(event: Any) -> ExportedEvent:
    agency = getattr(event, "agency", None)
    return ExportedEvent(
        version=event.originator_version,
        type=public_type(event),
        at=event.timestamp,
        agency=None if agency is None else str(agency),
    )


class RetentionDueOut(Out):
    case_id: UUID
    folio: str
    closed_at: datetime

    @classmethod
    def of(cls, due: RetentionDue) -> RetentionDueOut:
        return cls(case_id=due.case_id, folio=due.folio, closed_at=due.closed_at)


class RetentionOut(Out):
    """The cases closed longer than ``years`` (``RUTA_RETENTION_YEARS``) whose personal data is
    still held: each is due for an erasure recorded as ``retention_expired``."""

    years: int
    items: list[RetentionDueOut]
