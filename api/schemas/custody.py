"""GET /cases/{case_id}/custody: the chain of custody, mapped from the read side's reading
(``queries.custody``); the domain's ``started_at``/``ended_at`` are the API's ``from``/``to``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import ConfigDict, Field

from api.schemas.responses import Out
from queries.custody import CustodyReading


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
    folio: str = Field(examples=["QR-2026-000019"])
    as_of: datetime | None = None
    current_custodian: str | None
    intervals: list[CustodyIntervalOut]
    pending_handoffs: list[PendingHandoffOut]
    gaps: list[CustodyGapOut]

    @classmethod
    def of(cls, reading: CustodyReading) -> CustodyChainOut:
        chain = reading.chain
        return cls(
            case_id=chain.case_id,
            folio=reading.folio,
            as_of=reading.as_of,
            current_custodian=chain.current_custodian,
            intervals=[CustodyIntervalOut.model_validate(_span(i)) for i in chain.intervals],
            pending_handoffs=[
                PendingHandoffOut.model_validate(vars(p)) for p in chain.pending_handoffs
            ],
            gaps=[CustodyGapOut.model_validate(_span(g)) for g in chain.gaps],
        )


def _span(item: object) -> dict[str, Any]:
    fields = dict(vars(item))
    fields["from"] = fields.pop("started_at")
    fields["to"] = fields.pop("ended_at")
    return fields
