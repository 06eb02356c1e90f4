"""Business days skip the official days of rest, kept as data (domain/data/holidays_mx.json)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from domain.holidays import official_holidays
from domain.review_rules import DEFAULT_LIMITS, business_deadline

LOCAL = timezone(timedelta(hours=-5))  # Quintana Roo keeps UTC-05:00 all year


def test_the_calendar_moves_three_holidays_to_mondays_in_2026_and_2027() -> None:
    """Ley Federal del Trabajo art. 74 fr. II, III and VI (DOF 17-01-2006): the first Monday
    of February, the third Mondays of March and November; fr. I, IV, V and VIII fixed."""
    days = official_holidays()
    for year, mondays in ((2026, [(2, 2), (3, 16), (11, 16)]), (2027, [(2, 1), (3, 15), (11, 15)])):
        fixed = [(1, 1), (5, 1), (9, 16), (12, 25)]
        expected = {date(year, m, d) for m, d in mondays + fixed}
        assert {d for d in days if d.year == year} == expected
        assert all(date(year, m, d).weekday() == 0 for m, d in mondays)


def test_the_transmission_of_the_federal_executive_is_a_holiday_every_six_years() -> None:
    """LFT art. 74 fr. VII as reformed (DOF 30-09-2024): 1 October every six years."""
    days = official_holidays()
    assert date(2030, 10, 1) in days
    assert date(2036, 10, 1) in days
    assert date(2026, 10, 1) not in days
    assert date(2030, 12, 1) not in days


def test_an_observations_fifteen_business_days_skip_the_third_monday_of_november() -> None:
    """The commission's 15 business days (DESIGN.md) skip LFT art. 74 fr. VI's day: issued on
    Friday 6 November 2026, they end on Monday 30 November, not Friday 27 November."""
    issued = datetime(2026, 11, 6, 10, 0, tzinfo=LOCAL)
    deadline = business_deadline(
        issued,
        DEFAULT_LIMITS.observation_answer_business_days,
        DEFAULT_LIMITS.local_offset,
        DEFAULT_LIMITS.holidays,
    )
    assert deadline.date() == date(2026, 11, 30)
    assert business_deadline(issued, 15, LOCAL, frozenset()).date() == date(2026, 11, 27)
