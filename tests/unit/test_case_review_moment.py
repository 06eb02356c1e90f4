"""The case page's moment (``?al=``) and the lengths its custody drawing writes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from web.case_review.custody_drawing import duration
from web.case_review.moment import Moment, moment_of

CANCUN = ZoneInfo("America/Cancun")
OPENED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 10:00 in Cancún
NOW = datetime(2026, 12, 5, 19, 0, tzinfo=UTC)


def test_no_moment_is_now() -> None:
    assert moment_of(None, CANCUN, OPENED, NOW) == Moment()
    assert moment_of("  ", CANCUN, OPENED, NOW) == Moment()


def test_a_local_moment_is_read_in_cancun_time_to_the_end_of_its_minute() -> None:
    moment = moment_of("2026-11-20T10:00", CANCUN, OPENED, NOW)
    assert moment.error is None
    assert moment.at is not None
    assert moment.at.astimezone(UTC) == datetime(2026, 11, 20, 15, 0, 59, 999999, tzinfo=UTC)


def test_a_moment_before_the_case_was_opened_is_refused() -> None:
    assert moment_of("2026-11-20T09:59", CANCUN, OPENED, NOW).error == "before"


def test_a_moment_in_the_future_is_refused() -> None:
    assert moment_of("2026-12-05T14:01", CANCUN, OPENED, NOW).error == "future"
    assert moment_of("2026-12-05T14:00", CANCUN, OPENED, NOW).error is None


def test_a_moment_that_is_not_a_date_and_time_is_refused() -> None:
    assert moment_of("20/11/2026", CANCUN, OPENED, NOW).error == "invalid"
    assert moment_of("2026-13-40T10:00", CANCUN, OPENED, NOW).error == "invalid"


def test_a_length_is_written_in_its_two_largest_units() -> None:
    assert duration(950) == [("h", 15), ("min", 50)]
    assert duration(2 * 24 * 60 + 3 * 60 + 5) == [("d", 2), ("h", 3)]
    assert duration(0) == [("min", 0)]
