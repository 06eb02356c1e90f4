"""Person accounts: login names, enrolment links, password rules, and no secret in the log."""

from __future__ import annotations

import pyotp
import pytest

from domain.errors import RoleRequired
from domain.errors.sign_in import (
    EnrolmentLinkInvalid,
    LoginNameInvalid,
    LoginTaken,
    NotAPersonAccount,
    PasswordLikeLogin,
    PasswordsDiffer,
    PasswordTooCommon,
    PasswordTooShort,
    PersonHasNoToken,
    SecondFactorCodeWrong,
)
from domain.hub import Hub
from domain.second_factor import grouped
from tests.builders import SEDETUR
from tests.fakes import ManualClock
from tests.people import ADMIN, PASSWORD, enrolled_person, people_hub


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hub(clock: ManualClock) -> Hub:
    return people_hub(clock)


def test_a_login_is_unique_in_the_hub_whatever_its_case(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        hub.open_person_account("cdheqroo", ["commission"], "comision")
        with pytest.raises(LoginTaken):
            hub.open_person_account("segob", ["auditor"], "  Comision ")
    assert [a.login for a in hub.accounts()] == ["comision"]


@pytest.mark.parametrize("login", ["ab", "a" * 41, "ana maria", "josé", "-ana", "ana@x", ""])
def test_a_login_outside_the_rule_is_refused(hub: Hub, login: str) -> None:
    with hub.acting_as(ADMIN), pytest.raises(LoginNameInvalid):
        hub.open_person_account("cdheqroo", ["commission"], login)


def test_only_administrators_open_person_accounts(hub: Hub) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(RoleRequired):
        hub.open_person_account("sedetur", ["caseworker"], "ana.lopez")


def test_a_person_account_gets_no_bearer_token(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_person_account("cdheqroo", ["commission"], "comision")
        with pytest.raises(PersonHasNoToken):
            hub.issue_token(issued.account_id)
    assert hub.account(issued.account_id).tokens == {}


def test_a_system_account_gets_no_enrolment_link(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        system = hub.open_account("dif", ["caseworker"])
        with pytest.raises(NotAPersonAccount):
            hub.issue_enrolment(system.account_id)


@pytest.mark.parametrize(
    ("password", "confirmation", "error"),
    [
        ("corta123", "corta123", PasswordTooShort),
        (PASSWORD, PASSWORD + "x", PasswordsDiffer),
        ("comision1234", "comision1234", PasswordLikeLogin),
        ("password1234", "password1234", PasswordTooCommon),
        ("aaaaaaaaaaaaaa", "aaaaaaaaaaaaaa", PasswordTooCommon),
    ],
)
def test_a_password_outside_the_rules_is_refused(
    hub: Hub, password: str, confirmation: str, error: type[Exception]
) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_person_account("cdheqroo", ["commission"], "comision")
    with pytest.raises(error):
        hub.choose_password(issued.token, password, confirmation)
    assert hub.enrolment(issued.token).needs_password


def test_enrolment_asks_for_a_current_code_of_the_shown_key(hub: Hub, clock: ManualClock) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_person_account("cdheqroo", ["commission"], "comision")
    hub.choose_password(issued.token, PASSWORD, PASSWORD)
    step = hub.enrolment(issued.token)
    assert step.secret is not None
    assert step.uri.startswith("otpauth://totp/Ruta:comision?secret=" + step.secret)
    assert grouped(step.secret).replace(" ", "") == step.secret
    stale = pyotp.TOTP(step.secret).at(clock.now.timestamp() - 90)
    with pytest.raises(SecondFactorCodeWrong):
        hub.confirm_second_factor(issued.token, stale)
    hub.confirm_second_factor(issued.token, pyotp.TOTP(step.secret).at(clock.now))
    assert hub.account(issued.account_id).is_enrolled


def test_an_enrolment_link_works_once(hub: Hub, clock: ManualClock) -> None:
    person = enrolled_person(hub, clock)
    issued_token = None
    with hub.acting_as(ADMIN):
        issued_token = hub.issue_enrolment(person.account_id).token
    hub.choose_password(issued_token, PASSWORD, PASSWORD)
    secret = hub.enrolment(issued_token).secret
    assert secret is not None
    assert secret != person.secret  # a new link is a new key: the lost phone's is useless
    hub.confirm_second_factor(issued_token, pyotp.TOTP(secret).at(clock.now))
    for use in (hub.enrolment, lambda t: hub.choose_password(t, PASSWORD, PASSWORD)):
        with pytest.raises(EnrolmentLinkInvalid):
            use(issued_token)


def test_an_enrolment_link_expires_after_24_hours(hub: Hub, clock: ManualClock) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_person_account("cdheqroo", ["commission"], "comision")
    clock.advance(hours=23, minutes=59)
    assert hub.enrolment(issued.token).needs_password
    clock.advance(minutes=1)
    with pytest.raises(EnrolmentLinkInvalid):
        hub.enrolment(issued.token)


@pytest.mark.parametrize("token", ["", "nope", "A" * 64])
def test_a_made_up_link_is_invalid(hub: Hub, token: str) -> None:
    with pytest.raises(EnrolmentLinkInvalid):
        hub.enrolment(token)


def test_a_new_link_replaces_the_earlier_one(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        first = hub.open_person_account("cdheqroo", ["commission"], "comision")
        hub.issue_enrolment(first.account_id)
    with pytest.raises(EnrolmentLinkInvalid):
        hub.enrolment(first.token)


def test_no_password_secret_link_or_code_is_in_any_stored_event(
    hub: Hub, clock: ManualClock
) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_person_account("cdheqroo", ["commission"], "comision")
    hub.choose_password(issued.token, PASSWORD, PASSWORD)
    secret = hub.enrolment(issued.token).secret
    assert secret is not None
    code = pyotp.TOTP(secret).at(clock.now)
    hub.confirm_second_factor(issued.token, code)
    clock.advance(seconds=30)
    hub.sign_in("comision", PASSWORD, pyotp.TOTP(secret).at(clock.now), "192.0.2.7")
    stored = b"".join(n.state for n in hub.recorder.select_notifications(start=1, limit=1000))
    assert b"argon2" not in stored  # not even the password's hash
    for secret_text in (PASSWORD, secret, secret.lower(), issued.token, "192.0.2.7"):
        assert secret_text.encode() not in stored, secret_text
    assert f'"{code}"'.encode() not in stored
