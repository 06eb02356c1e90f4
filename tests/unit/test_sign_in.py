"""Signing in: login, password and a current code, each code once, limits that outlive a restart,
and the same answer whether a login exists or not."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest

from domain.errors import AccountSuspended
from domain.errors.sign_in import SignInLocked, SignInRefused
from domain.hub import Hub
from domain.second_factor import accepted_step, code_at, step_at
from tests.fakes import ManualClock
from tests.people import ADMIN, PASSWORD, Person, enrolled_person, people_hub

HERE = "192.0.2.10"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hub(clock: ManualClock) -> Hub:
    return people_hub(clock)


@pytest.fixture
def person(hub: Hub, clock: ManualClock) -> Person:
    return enrolled_person(hub, clock)


def failures(hub: Hub) -> list[tuple[str, str]]:
    topic = "ruta.sign_in_guard:SignInFailed"
    found = hub.recorder.select_notifications(start=1, limit=1000, topics=[topic])
    events = [hub.mapper.to_domain_event(n) for n in found]
    return [(str(e.reason), e.failed_account) for e in events]  # type: ignore[attr-defined]


def test_our_codes_are_rfc_6238_codes() -> None:
    secret = pyotp.random_base32()
    for step in (0, 1, 56_666_666, 2**31):
        assert code_at(secret, step) == pyotp.TOTP(secret).at(step * 30)


def test_a_code_is_accepted_one_step_either_side_and_no_further(
    person: Person, clock: ManualClock
) -> None:
    now = step_at(clock.now)
    for offset in (-1, 0, 1):
        assert (
            accepted_step(person.secret, person.code(clock, offset), clock.now, 0) == now + offset
        )
    for offset in (-2, 2):
        assert accepted_step(person.secret, person.code(clock, offset), clock.now, 0) is None


def test_a_person_signs_in_with_login_password_and_code(
    hub: Hub, person: Person, clock: ManualClock
) -> None:
    assert hub.session_actor(
        hub.sign_in("Comision ", PASSWORD, person.code(clock), HERE)
    ).account == str(person.account_id)


def test_a_code_is_accepted_once(hub: Hub, person: Person, clock: ManualClock) -> None:
    code = person.code(clock)
    hub.sign_in("comision", PASSWORD, code, HERE)
    with pytest.raises(SignInRefused):
        hub.sign_in("comision", PASSWORD, code, HERE)
    clock.advance(seconds=30)  # a code of a step before the last one used is refused too
    with pytest.raises(SignInRefused):
        hub.sign_in("comision", PASSWORD, code, HERE)
    assert [r for r, _ in failures(hub)] == ["reused_code", "reused_code"]


@pytest.mark.parametrize(
    ("login", "password", "code_offset", "reason"),
    [
        ("comision", "otra contraseña larga", 0, "wrong_password"),
        ("comision", PASSWORD, 5, "wrong_code"),
        ("nadie", PASSWORD, 0, "unknown_login"),
    ],
)
def test_any_wrong_part_is_refused_alike_and_recorded_with_its_reason(
    hub: Hub,
    person: Person,
    clock: ManualClock,
    login: str,
    password: str,
    code_offset: int,
    reason: str,
) -> None:
    with pytest.raises(SignInRefused) as refused:
        hub.sign_in(login, password, person.code(clock, code_offset), HERE)
    assert str(refused.value) == "The login, the password or the code is not right."
    account = "" if login == "nadie" else str(person.account_id)
    assert failures(hub) == [(reason, account)]


def test_five_failures_lock_a_login_for_15_minutes_even_with_the_right_password(
    hub: Hub, person: Person, clock: ManualClock
) -> None:
    for _ in range(4):
        with pytest.raises(SignInRefused):
            hub.sign_in("comision", "mal mal mal mal", person.code(clock), HERE)
        clock.advance(minutes=1)
    with pytest.raises(SignInLocked) as locked:
        hub.sign_in("comision", "mal mal mal mal", person.code(clock), HERE)
    assert locked.value.params == {"minutes": 15}
    clock.advance(minutes=14)
    with pytest.raises(SignInLocked) as locked:
        hub.sign_in("comision", PASSWORD, person.code(clock), "198.51.100.1")
    assert locked.value.params == {"minutes": 1}
    clock.advance(minutes=1)
    assert hub.session_actor(
        hub.sign_in("comision", PASSWORD, person.code(clock), HERE)
    ).account == str(person.account_id)


def test_an_unknown_login_is_locked_like_a_known_one(hub: Hub, clock: ManualClock) -> None:
    for _ in range(4):
        with pytest.raises(SignInRefused):
            hub.sign_in("nadie", "mal mal mal mal", "000000", HERE)
    with pytest.raises(SignInLocked) as locked:
        hub.sign_in("nadie", "mal mal mal mal", "000000", HERE)
    assert locked.value.params == {"minutes": 15}


def test_twenty_failures_from_one_address_lock_it_for_every_login(
    hub: Hub, person: Person, clock: ManualClock
) -> None:
    for attempt in range(19):
        with pytest.raises(SignInRefused):
            hub.sign_in(f"nadie{attempt}", "mal mal mal mal", "000000", HERE)
    with pytest.raises(SignInLocked):
        hub.sign_in("otro", "mal mal mal mal", "000000", HERE)
    with pytest.raises(SignInLocked):
        hub.sign_in("comision", PASSWORD, person.code(clock), HERE)
    assert hub.sign_in("comision", PASSWORD, person.code(clock), "198.51.100.1")


def test_the_limits_hold_across_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "s.db")}
    hub = people_hub(clock, env)
    person = enrolled_person(hub, clock)
    for _ in range(5):
        with pytest.raises((SignInRefused, SignInLocked)):
            hub.sign_in("comision", "mal mal mal mal", "000000", HERE)
    hub.close()
    restarted = people_hub(clock, env, sealer=hub.sealer)  # nothing else kept in memory
    with pytest.raises(SignInLocked):
        restarted.sign_in("comision", PASSWORD, person.code(clock), HERE)
    restarted.close()


def test_a_success_clears_the_earlier_failures_of_the_login(
    hub: Hub, person: Person, clock: ManualClock
) -> None:
    for _ in range(4):
        with pytest.raises(SignInRefused):
            hub.sign_in("comision", "mal mal mal mal", "000000", "198.51.100.1")
    hub.sign_in("comision", PASSWORD, person.code(clock), HERE)
    clock.advance(seconds=30)
    with pytest.raises(SignInRefused):  # a fifth failure, but not in a row: no lock
        hub.sign_in("comision", "mal mal mal mal", "000000", "198.51.100.2")


def test_a_suspended_account_is_refused_and_a_locked_attempt_is_recorded_uncounted(
    hub: Hub, person: Person, clock: ManualClock
) -> None:
    with hub.acting_as(ADMIN):
        hub.suspend_account(person.account_id)
    with pytest.raises(AccountSuspended):
        hub.sign_in("comision", PASSWORD, person.code(clock), HERE)
    assert failures(hub) == [("suspended", str(person.account_id))]


def test_an_attempt_while_locked_is_recorded_but_does_not_prolong_the_lock(
    hub: Hub, person: Person, clock: ManualClock
) -> None:
    for _ in range(5):
        with pytest.raises((SignInRefused, SignInLocked)):
            hub.sign_in("comision", "mal mal mal mal", "000000", HERE)
    clock.advance(minutes=10)
    with pytest.raises(SignInLocked):
        hub.sign_in("comision", "mal mal mal mal", "000000", HERE)
    assert failures(hub)[-1] == ("locked", "")
    clock.advance(minutes=5)
    assert hub.session_actor(
        hub.sign_in("comision", PASSWORD, person.code(clock), HERE)
    ).account == str(person.account_id)


def test_a_system_account_cannot_sign_in_on_the_pages(hub: Hub, clock: ManualClock) -> None:
    with hub.acting_as(ADMIN):
        system = hub.open_account("dif", ["caseworker"], label="dif")
    with pytest.raises(SignInRefused):
        hub.sign_in(str(system.account_id), system.token, "000000", HERE)
    with pytest.raises(SignInRefused):
        hub.sign_in("dif", system.token, "000000", HERE)
