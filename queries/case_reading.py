"""A case as one caller may see it, as plain values: what ``queries.case_view`` answers.

Each part is there only when the caller's level shows it (``None`` otherwise), and each sealed
value (a note, a place, a location, an observation's text) only once it has been disclosed to
the caller under a purpose; an absent value is never an empty one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.access import Level
from domain.detection import Detection
from domain.personal_data import PlainValue


@dataclass(frozen=True)
class ReferralShown:
    """A referral the caller may see."""

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
    note: str | None = None  # disclosed


@dataclass(frozen=True)
class HandoffShown:
    """A custody handoff, for a caller that sees the case's route."""

    handoff_id: UUID
    from_agency: str
    to_agency: str
    status: str
    initiated_at: datetime
    resolved_at: datetime | None
    refusal_reason: str | None
    legal_basis: str | None
    place: str | None = None  # disclosed


@dataclass(frozen=True)
class MeasureShown:
    """A protection measure, for a caller that sees the case's route."""

    measure_id: UUID
    kind: str
    provider: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    location: str | None = None  # disclosed


@dataclass(frozen=True)
class ObservationShown:
    """An observation of the commission, for the commission or the agency it concerns."""

    observation_id: UUID
    kind: str
    concerning: str
    issued_at: datetime
    answered_at: datetime | None
    text: str | None = None  # disclosed
    answer: str | None = None  # disclosed


@dataclass(frozen=True)
class ConsentShown:
    """Which agencies may know what, on consent or on a stated legal basis."""

    agencies: Mapping[str, list[str]]
    overrides: Mapping[str, list[str]]
    child_protection_basis: bool


@dataclass(frozen=True)
class CustodyShown:
    """Who holds the person, and the handoffs; while the person is missing, when they were
    last seen and (disclosed to the search, the custodian and protection) where."""

    custodian: str | None
    whereabouts_unknown: bool
    handoffs: tuple[HandoffShown, ...]
    last_seen_at: datetime | None = None
    last_seen_place: str | None = None  # disclosed


@dataclass(frozen=True)
class Receipt:
    """What the detecting agency learns: referred, accepted, in care."""

    referred: bool
    accepted: bool
    in_care: bool


@dataclass(frozen=True)
class CaseOutline:
    """What the receipt level and above show."""

    status: str  # open, closed
    opened_at: datetime
    receipt: Receipt
    detection: Detection
    personal_data_erased: bool
    sealed_fields: tuple[str, ...]  # personal-data fields recorded, their values sealed


@dataclass(frozen=True)
class ProsecutorNoticeShown:
    """A notice to the prosecutor (vista al Ministerio Público, CNPP art. 222)."""

    prosecutor: str
    by: str
    notified_at: datetime
    reference: str | None  # sealed: only when disclosed


@dataclass(frozen=True)
class CaseDetails:
    """What the metadata level and above show: the case's route."""

    is_child: bool
    age_group: str
    risk_level: str | None
    complaint: str | None
    closure_reason: str | None
    consent: ConsentShown
    custody: CustodyShown
    measures: tuple[MeasureShown, ...]
    observations: tuple[ObservationShown, ...]
    prosecutor_notices: tuple[ProsecutorNoticeShown, ...] = ()


@dataclass(frozen=True)
class CaseReading:
    """One case as one caller sees it, now or as it stood at ``as_of``."""

    case_id: UUID
    folio: str
    level: Level
    relations: tuple[str, ...]
    version: int
    referrals: tuple[ReferralShown, ...]
    outline: CaseOutline | None = None
    details: CaseDetails | None = None
    personal_data: Mapping[str, PlainValue] | None = None  # disclosed, if any
    as_of: datetime | None = None
