"""A case's events as one caller may see them: filtered by level, sealed values never shown.

The timeline never unseals: sealed fields are left out (a caller entitled to them reads them
from the case, under a purpose). Below the metadata level a caller sees only the events that
concern it, and the detecting agency its receipt: referred, accepted, in care.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from api.schemas.responses import TimelineEntry
from domain.access import CaseAccess, Level
from domain.personal_data import SealedValue

_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic"}
# What the detecting agency learns of others' steps: that they happened, not their details.
_RECEIPT = {"ReferralAccepted": "referral_accepted", "ProtectionMeasureStarted": "in_care"}
_PART_IDS = ("referral_id", "handoff_id", "measure_id", "observation_id")


def public_type(event: object) -> str:
    """``ReferralIssued`` -> ``referral_issued``: the name agencies' systems see."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(event).__name__).lower()


def timeline_out(events: list[Any], access: CaseAccess) -> list[TimelineEntry]:
    level = access.level
    own_parts = _own_parts(events, access.agency.code)
    entries = []
    for event in events:
        if level >= Level.METADATA or event.agency == access.agency.code:
            entries.append(_entry(event, _data(event)))
        elif _concerns(event, own_parts):
            entries.append(_entry(event, _data(event), account=False))
        elif level == Level.RECEIPT and type(event).__name__ in _RECEIPT:
            receipt = TimelineEntry(
                version=event.originator_version,
                type=_RECEIPT[type(event).__name__],
                at=event.timestamp,
                agency=event.agency,
                data={},
            )
            entries.append(receipt)
    return entries


def _entry(event: Any, data: dict[str, Any], *, account: bool = True) -> TimelineEntry:
    return TimelineEntry(
        version=event.originator_version,
        type=public_type(event),
        at=event.timestamp,
        agency=event.agency,
        account=event.account if account else None,
        data=data,
    )


def _data(event: Any) -> dict[str, Any]:
    """The event's own fields, without the sealed ones and without the stamp."""
    data = {}
    for name, value in vars(event).items():
        if name in _BASE_FIELDS or name in ("agency", "account"):
            continue
        if isinstance(value, SealedValue) or name == "personal_data":
            continue
        data[name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(value).items() if not isinstance(v, SealedValue)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not isinstance(v, SealedValue)}
    if isinstance(value, datetime):
        return value.isoformat()
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def _own_parts(events: list[Any], agency: str) -> set[str]:
    """Ids of the referrals, handoffs and measures addressed to or provided by the agency."""
    parts: set[str] = set()
    for event in events:
        addressed = agency in (
            getattr(event, "to_agency", None),
            getattr(event, "provider", None),
            getattr(event, "concerning", None),
        )
        if addressed or event.agency == agency:
            parts.update(str(getattr(event, key)) for key in _PART_IDS if hasattr(event, key))
    return parts


def _concerns(event: Any, parts: set[str]) -> bool:
    return any(str(getattr(event, key, "")) in parts for key in _PART_IDS if hasattr(event, key))
