"""A deployment's review limits, read from the JSON file ``RUTA_REVIEW_LIMITS`` names.

Every key is optional; a key given replaces its default, the others keep theirs. Durations are a
whole number and a unit, ``m`` (minutes), ``h`` (hours) or ``d`` (days): ``90m``, ``24h``,
``30d``. ``observation_answer_business_days`` is a whole number of business days.
``holidays_added`` lists ISO dates added to the official calendar (``domain/holidays.py``): a
state's own days, or days an office declares closed. Any other key is refused, as a likely typo.
The limits a rule reads from the catalogue (local time, prosecutors) are not here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from domain.hub_base import Deadlines
from domain.review_rules import DEFAULT_LIMITS, ReviewLimits

HOLIDAYS_ADDED = "holidays_added"
_DURATION = re.compile(r"(-?)(\d{1,6})([mhd])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class LimitsFileError(ValueError):
    """The limits file cannot be used; ``problems`` names each bad key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DeploymentLimits:
    """The review rules' limits, and the referral deadlines the hub sets at issue (which the
    rule ``referral_unanswered`` reads)."""

    review: ReviewLimits = DEFAULT_LIMITS
    deadlines: Deadlines = field(default_factory=Deadlines)


def _durations(limits: object) -> list[str]:
    return [f.name for f in fields(limits) if isinstance(getattr(limits, f.name), timedelta)]  # type: ignore[arg-type]


def _counts(limits: object) -> list[str]:
    return [
        f.name
        for f in fields(limits)  # type: ignore[arg-type]
        if type(getattr(limits, f.name)) is int
    ]


def known_keys() -> list[str]:
    """Every key a limits file may hold."""
    defaults = DeploymentLimits()
    review, deadlines = defaults.review, defaults.deadlines
    keys = _durations(review) + _counts(review) + _durations(deadlines) + [HOLIDAYS_ADDED]
    return sorted(keys)


def read_limits(path: Path) -> DeploymentLimits:
    """The limits at ``path`` over the defaults; ``LimitsFileError`` names every bad key."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LimitsFileError([f"{path}: the file does not exist"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise LimitsFileError([f"{path}: cannot read it ({e})"]) from None
    except json.JSONDecodeError as e:
        raise LimitsFileError([f"{path}: not JSON ({e})"]) from None
    if not isinstance(raw, dict):
        raise LimitsFileError([f"{path}: not a JSON object of limits"])
    return parse_limits(raw, str(path))


def parse_limits(raw: dict[str, Any], where: str) -> DeploymentLimits:
    problems: list[str] = []
    defaults = DeploymentLimits()
    changes: dict[str, dict[str, Any]] = {"review": {}, "deadlines": {}}
    known = known_keys()
    for key, value in raw.items():
        part = "deadlines" if key in _durations(defaults.deadlines) else "review"
        if key not in known:
            problems.append(f"{where}: unknown key {key!r} (known: {', '.join(known)})")
        elif key == HOLIDAYS_ADDED:
            added = _dates(value)
            if added is None:
                problems.append(
                    f'{where}: {key}: {value!r} is not a list of dates such as "2026-10-08"'
                )
            else:
                changes["review"]["holidays"] = defaults.review.holidays | added
        elif key in _counts(defaults.review):
            if type(value) is not int:
                problems.append(f"{where}: {key}: {value!r} is not a whole number of days")
            elif value < 1:
                problems.append(f"{where}: {key}: {value!r} is below 1 (at least one day)")
            else:
                changes[part][key] = value
        else:
            duration, problem = _duration(value)
            if problem:
                problems.append(f"{where}: {key}: {value!r} {problem}")
            else:
                changes[part][key] = duration
    if problems:
        raise LimitsFileError(problems)
    return DeploymentLimits(
        review=replace(defaults.review, **changes["review"]),
        deadlines=replace(defaults.deadlines, **changes["deadlines"]),
    )


def _duration(value: object) -> tuple[timedelta, str]:
    """The duration, or a problem saying what is wrong with it."""
    match = _DURATION.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return timedelta(0), "is not a duration such as 90m, 24h or 30d"
    sign, number, unit = match.groups()
    if sign:
        return timedelta(0), "is negative (a limit is a time after the fact)"
    if int(number) == 0:
        return timedelta(0), "is zero (a limit must leave some time)"
    return timedelta(**{_UNITS[unit]: int(number)}), ""


def _dates(value: object) -> frozenset[date] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    try:
        return frozenset(date.fromisoformat(v) for v in value)
    except ValueError:
        return None
