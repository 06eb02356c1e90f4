"""A case's events as one caller may see them: filtered by level, sealed values never shown.

The timeline never unseals: sealed fields are left out (a caller entitled to them reads them
from the case, under a purpose). Below the metadata level a caller sees only the events that
concern it, and the detecting agency its receipt: referred, accepted, in care. The entries are
plain values; the HTTP API, the feed and the relay each give them their own format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain import case_events
from domain.access import CaseAccess, Level
from domain.hub import Hub, replay
from domain.past_access import PastAccess
from domain.personal_data import SealedValue
from domain.stored_names import public_type as public_type_of
from queries.need_to_know import access_then, case_of

# The stamp's fields; ``traceparent`` is telemetry's, never the case's.
_BASE_FIELDS = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "traceparent",
}
# What the detecting agency learns of others' steps: that they happened, not their details.
_RECEIPT: dict[type, str] = {
    case_events.ReferralAccepted: "referral_accepted",
    case_events.ProtectionMeasureStarted: "in_care",
}
_PART_IDS = ("referral_id", "handoff_id", "measure_id", "observation_id")


def public_type(event: object) -> str:
    """The name agencies' systems see (``referral_issued``), from ``domain/stored_names.py``."""
    return public_type_of(type(event))


@dataclass(frozen=True)
class Entry:
    """One event of a case as the timeline shows it to one audience."""

    version: int  # the event's version in its case
    type: str  # its public type, or a receipt's: "referral_accepted", "in_care"
    at: datetime
    agency: str  # the agency that acted
    account: str | None  # the account that acted, when the audience may know it
    data: Mapping[str, Any]  # the event's fields the audience may see, JSON-ready
    receipt: bool = False  # only that a step happened: no account, no details


def read_timeline(hub: Hub, present: CaseAccess, as_of: datetime | None = None) -> list[Entry]:
    """The case's events as ``present``'s caller sees them; ``as_of``: those recorded until
    then, as the caller saw them then and may see them now. ``CaseNotFound`` if it may not know
    the case."""
    access = access_then(hub, present, None)
    events = hub.timeline(case_of(present).id, until=as_of)
    if as_of is not None:  # the case as those events made it: read once, for both
        access = PastAccess.of(access, replay(None, events))
    return timeline_entries(events, access)


def timeline_entries(events: list[Any], access: CaseAccess) -> list[Entry]:
    """``events`` (a case's, in order) as the timeline shows them to ``access``'s caller."""
    own_parts = _own_parts(events, access.agency.code)
    return [entry for event in events if (entry := _entry_for(event, own_parts, access))]


def entry_for(event: Any, events: list[Any], access: CaseAccess) -> Entry | None:
    """``event`` as the timeline shows it to ``access``'s caller, ``events`` being the case's
    events up to it (what the caller's own parts of the case are); None if not shown."""
    return _entry_for(event, _own_parts(events, access.agency.code), access)


def _entry_for(event: Any, own_parts: set[str], access: CaseAccess) -> Entry | None:
    level = access.level
    if level == Level.NONE:  # not even its own agency's events: this account reads no case
        return None
    if level >= Level.METADATA or event.agency == access.agency.code:
        return _entry(event, _data(event))
    if _concerns(event, own_parts):
        return _entry(event, _data(event), account=False)
    if level == Level.RECEIPT and type(event) in _RECEIPT:
        return Entry(
            version=event.originator_version,
            type=_RECEIPT[type(event)],
            at=event.timestamp,
            agency=event.agency,
            account=None,
            data={},
            receipt=True,
        )
    return None


def _entry(event: Any, data: dict[str, Any], *, account: bool = True) -> Entry:
    return Entry(
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
    return plain(value, keep_sealed=False)


def plain(value: Any, *, keep_sealed: bool) -> Any:
    """``value`` made JSON-ready; sealed values left out, or kept as stored
    (``{"sealed": {key_id, nonce, ciphertext, commitment}}``, for the audit stream)."""
    if isinstance(value, SealedValue):
        return {"sealed": vars(value).copy()} if keep_sealed else None
    if hasattr(value, "__dataclass_fields__"):
        value = vars(value)
    if isinstance(value, dict):
        return {
            str(k): plain(v, keep_sealed=keep_sealed)
            for k, v in value.items()
            if keep_sealed or not isinstance(v, SealedValue)
        }
    if isinstance(value, list | tuple):
        return [plain(v, keep_sealed=keep_sealed) for v in value]
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
