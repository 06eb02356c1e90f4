"""GET /cases/{case_id}: the case as the caller may see it, mapped from the read side's reading.

Sealed fields (personal data, notes, places, locations, observation texts) appear only once
disclosed to the caller under a purpose; otherwise they are left out, never nulled, so that an
absent field never means "empty" (the route answers with ``response_model_exclude_unset``: a
part the caller's level does not show is never set).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from api.schemas.responses import Out
from queries.case_reading import CaseReading

# The free texts a reading shows only once disclosed: left out (unset) when not.
_DISCLOSED = frozenset(
    {"note", "place", "location", "text", "answer", "last_seen_place", "reference"}
)


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
    economic_sector: str = Field(
        description="the economic sector of the exploitation (`EconomicSector`), unknown when "
        "not known or not said"
    )
    trafficking_scope: str = Field(description="internal, international or unknown")


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
    last_seen_at: datetime | None = None
    last_seen_place: str | None = Field(
        default=None,
        description="Where a missing person was last seen: sealed, disclosed under a purpose "
        "to the search, the custodian, the prosecutor and child protection",
    )


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


class ProsecutorNoticeOut(Out):
    """A notice to the prosecutor (vista al Ministerio Público, CNPP art. 222)."""

    prosecutor: str
    by: str
    notified_at: datetime
    reference: str | None = None


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
    referrals: list[ReferralOut] = Field(default=[])
    custody: CustodyOut | None = None
    measures: list[MeasureOut] = Field(default=[])
    observations: list[ObservationOut] = Field(default=[])
    prosecutor_notices: list[ProsecutorNoticeOut] = Field(default=[])
    closure_reason: str | None = None
    personal_data_erased: bool | None = None
    sealed_fields: list[str] = Field(
        default=[], description="personal-data fields recorded, whose values are sealed"
    )
    personal_data: dict[str, str | list[str]] | None = None
    version: int

    @classmethod
    def of(cls, reading: CaseReading) -> CaseOut:
        """The reading as the API answers it: only the parts the caller's level shows set."""
        shown: dict[str, Any] = {
            "case_id": reading.case_id,
            "folio": reading.folio,
            "level": reading.level.name.lower(),
            "relations": list(reading.relations),
            "version": reading.version,
            "referrals": [ReferralOut(**_set(r)) for r in reading.referrals],
        }
        if reading.as_of is not None:
            shown["as_of"] = reading.as_of
        if (outline := reading.outline) is not None:
            shown |= {
                "status": outline.status,
                "opened_at": outline.opened_at,
                "receipt": ReceiptOut(**vars(outline.receipt)),
                "detection": DetectionOut(**vars(outline.detection)),
                "personal_data_erased": outline.personal_data_erased,
                "sealed_fields": list(outline.sealed_fields),
            }
        if (details := reading.details) is not None:
            custody = details.custody
            shown |= {
                "is_child": details.is_child,
                "age_group": details.age_group,
                "risk_level": details.risk_level,
                "complaint": details.complaint,
                "closure_reason": details.closure_reason,
                "consent": ConsentOut(**vars(details.consent)),
                "custody": CustodyOut(
                    custodian=custody.custodian,
                    whereabouts_unknown=custody.whereabouts_unknown,
                    last_seen_at=custody.last_seen_at,
                    # Left out, not null, unless disclosed: as every sealed free text.
                    **_set(custody, only=("last_seen_place",)),
                    handoffs=[HandoffOut(**_set(h)) for h in custody.handoffs],
                ),
                "measures": [MeasureOut(**_set(m)) for m in details.measures],
                "observations": [ObservationOut(**_set(o)) for o in details.observations],
                "prosecutor_notices": [
                    ProsecutorNoticeOut(**_set(n)) for n in details.prosecutor_notices
                ],
            }
        if reading.personal_data is not None:
            shown["personal_data"] = dict(reading.personal_data)
        return cls(**shown)


def _set(item: object, only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A shown item's fields (``only`` those), without the free texts not disclosed."""
    return {
        k: v
        for k, v in vars(item).items()
        if (v is not None or k not in _DISCLOSED) and (only is None or k in only)
    }
