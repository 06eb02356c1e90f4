"""The official holiday calendar that business days skip, kept as data (``data/holidays_mx.json``).

The federal days are those of the Ley Federal del Trabajo, article 74 (text in force; fraction
VII moved to 1 October by the decree in the DOF of 30-09-2024): 1 January; the first Monday of
February (for 5 February); the third Monday of March (for 21 March); 1 May; 16 September; the
third Monday of November (for 20 November); 1 October every six years from 2024 (the
transmission of the federal executive; 1 December until 2018); 25 December. Fraction IX (the
day of an ordinary election) always falls on a Sunday (LGIPE art. 22: the first Sunday of June),
so it never moves a count of Monday-to-Friday days.

A day is either fixed (``month``, ``day``), a movable Monday (``month``, ``monday``: the nth),
and may hold only every ``every`` years from ``from`` (until ``until``); ``dates`` lists one-off
days (ISO dates). State days, or days an office declares closed, are a deployment's own: the
limits file adds them (``adapters/review_limits_file.py``).
"""

from __future__ import annotations

import json
from calendar import MONDAY
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_CALENDAR = Path(__file__).parent / "data" / "holidays_mx.json"


class CalendarError(ValueError):
    """The holiday calendar file does not describe a calendar."""


def nth_monday(year: int, month: int, nth: int) -> date:
    """The ``nth`` Monday of ``month``: LFT art. 74 moves three holidays to Mondays."""
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7 + 7 * (nth - 1))


def holidays_in(raw: dict[str, Any]) -> frozenset[date]:
    """Every holiday of the calendar ``raw`` (as read from its JSON) in its years."""
    try:
        years = range(int(raw["first_year"]), int(raw["last_year"]) + 1)
        found = {date.fromisoformat(text) for text in raw.get("dates", [])}
        for day in raw["days"]:
            month, every = int(day["month"]), int(day.get("every", 1))
            start, until = int(day.get("from", years.start)), int(day.get("until", years.stop))
            for year in years:
                if year < start or year > until or (year - start) % every:
                    continue
                if "monday" in day:
                    found.add(nth_monday(year, month, int(day["monday"])))
                else:
                    found.add(date(year, month, int(day["day"])))
    except (KeyError, TypeError, ValueError) as e:
        raise CalendarError(f"not a holiday calendar ({e!r})") from None
    return frozenset(found)


@cache
def official_holidays(path: Path = DEFAULT_CALENDAR) -> frozenset[date]:
    """The holidays of the calendar file at ``path`` (read once per process)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CalendarError(f"{path}: cannot read the holiday calendar ({e})") from None
    if not isinstance(raw, dict):
        raise CalendarError(f"{path}: not a holiday calendar (a JSON object)")
    return holidays_in(raw)
