"""What GET /review/observations answers: the commission's observations, never their texts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from api.schemas.responses import Out


class ObservationOut(Out):
    observation_id: UUID
    case_id: UUID
    folio: str = Field(examples=["QR-2026-000004"])
    concerning: str = Field(description="the agency that must answer", examples=["inm"])
    kind: str = Field(examples=["finding"])
    issued_at: datetime
    deadline: datetime = Field(description="the end of the 15th business day after issue")
    answered_at: datetime | None
    late: bool = Field(description="answered after the deadline, or unanswered past it")


class ObservationsOut(Out):
    at: datetime = Field(description="the time the observations are read at")
    items: list[ObservationOut] = Field(description="newest first")
    total: int = Field(description="how many match, of which ``items`` is one page")
