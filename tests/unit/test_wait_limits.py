"""Each account holds a bounded number of waits and streams at once; one more is a 429."""

from __future__ import annotations

import pytest

from api.wait_limits import WAITS_PER_ACCOUNT, TooManyWaits, WaitLimits


def test_an_account_holds_eight_waits_and_the_ninth_is_refused_with_retry_after() -> None:
    limits = WaitLimits()
    slots = [limits.take("account-1") for _ in range(WAITS_PER_ACCOUNT)]
    assert WAITS_PER_ACCOUNT == 8
    assert limits.held("account-1") == 8
    with pytest.raises(TooManyWaits) as refused:
        limits.take("account-1")
    assert refused.value.status_code == 429
    assert (refused.value.headers or {})["Retry-After"].isdigit()
    assert limits.held("account-1") == 8
    for slot in slots:
        slot.release()
    assert limits.held() == 0


def test_one_account_s_waits_do_not_count_against_another() -> None:
    limits = WaitLimits(per_account=2)
    limits.take("a")
    limits.take("a")
    limits.take("b")
    assert (limits.held("a"), limits.held("b"), limits.held()) == (2, 1, 3)


def test_a_slot_released_twice_gives_its_place_back_once() -> None:
    limits = WaitLimits(per_account=2)
    first = limits.take("a")
    limits.take("a")
    first.release()
    first.release()
    assert limits.held("a") == 1
    limits.take("a")
    with pytest.raises(TooManyWaits):
        limits.take("a")


def test_a_wait_that_fails_gives_its_place_back() -> None:
    limits = WaitLimits(per_account=1)
    inside: list[int] = []

    def wait_and_fail() -> None:
        with limits.hold("a"):
            inside.append(limits.held("a"))
            raise ConnectionError("the client left")

    with pytest.raises(ConnectionError):
        wait_and_fail()
    assert inside == [1]
    assert limits.held("a") == 0
    with limits.hold("a"):
        assert limits.held("a") == 1
