"""The moment a case is looked at: the ``al`` field of the case page, a local date-time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


@dataclass(frozen=True)
class Moment:
    """The moment asked for (None: now), or the error to show on the field."""

    at: datetime | None = None
    error: str | None = None  # a key under ``web.case.as_of.``


def moment_of(value: str | None, zone: ZoneInfo, opened: datetime, now: datetime) -> Moment:
    """``value`` (local time in ``zone``) as a moment the case can be seen at: not before it
    was opened, not in the future."""
    if value is None or not value.strip():
        return Moment()
    try:
        local = datetime.strptime(value.strip()[:16], LOCAL_INPUT)
    except ValueError:
        return Moment(error="invalid")
    # The end of the chosen minute: what was recorded at 10:00:30 stood at "10:00".
    at = local.replace(second=59, microsecond=999999, tzinfo=zone)
    if at < opened:
        return Moment(error="before")
    if at.replace(second=0, microsecond=0) > now:
        return Moment(error="future")
    return Moment(at=at)
