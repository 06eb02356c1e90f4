"""A period asked for as two dates (from, to, both included) in the deployment's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class Period:
    start: datetime | None
    end: datetime | None  # exclusive: the day after "to", at midnight
    errors: dict[str, str]  # field -> catalogue key of its message


def period(start: str | None, end: str | None, zone: tzinfo) -> Period:
    """The half-open period from ``start``'s midnight to the midnight after ``end``."""
    errors: dict[str, str] = {}
    first = _day(start, "desde", errors)
    last = _day(end, "hasta", errors)
    if first and last and last < first:
        errors["hasta"] = "web.period.error.order"
    begin = datetime.combine(first, time(), tzinfo=zone) if first else None
    stop = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone) if last else None
    return Period(begin, stop, errors)


def _day(text: str | None, field: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = "web.period.error.date"
        return None
