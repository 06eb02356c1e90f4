"""What the administrators' pages need of the hub: revoking one token, their changes recorded
once under an idempotency key, and the accounts as they list them (last sign-in, token issue
times)."""

from __future__ import annotations

import pytest

from domain.actor import IdempotencyKey
from domain.errors import InvalidValue, NotAuthenticated, RoleRequired
from domain.hub import Hub
from queries.accounts import account_row, account_rows, last_sign_ins
from tests.builders import SEDETUR
from tests.fakes import ManualClock
from tests.people import ADMIN, enrolled_person, people_hub


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hub(clock: ManualClock) -> Hub:
    return people_hub(clock)


def test_one_token_is_revoked_and_the_accounts_other_tokens_still_work(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        first = hub.open_account("dif", ["caseworker"], "CAT")
        second = hub.issue_token(first.account_id)
        token_id = next(iter(hub.account(first.account_id).tokens))
        hub.revoke_token(first.account_id, token_id)
        with pytest.raises(InvalidValue):
            hub.revoke_token(first.account_id, token_id)  # no longer active
    with pytest.raises(NotAuthenticated):
        hub.authenticate(first.token)
    assert hub.authenticate(second.token).account == str(first.account_id)


def test_only_administrators_revoke_a_token(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("dif", ["caseworker"], "CAT")
    token_id = next(iter(hub.account(issued.account_id).tokens))
    with hub.acting_as(SEDETUR), pytest.raises(RoleRequired):
        hub.revoke_token(issued.account_id, token_id)
    assert hub.authenticate(issued.token).agency == "dif"


def test_an_administrators_keyed_change_is_recorded_with_its_key(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("fge", ["caseworker"], "FGE")
    with hub.acting_as(ADMIN, IdempotencyKey("clave-1", "huella")):
        hub.grant_role(issued.account_id, "supervisor")
    with hub.acting_as(ADMIN, IdempotencyKey("clave-2", "huella-2")):
        opened = hub.open_person_account("dif", ["caseworker"], "ana.dif")
    granted = hub.command_outcome(ADMIN.account, "clave-1")
    assert granted is not None
    assert granted.fingerprint == "huella"
    assert granted.outcome == {"account_id": str(issued.account_id)}
    person = hub.command_outcome(ADMIN.account, "clave-2")
    assert person is not None
    assert person.outcome == {"account_id": str(opened.account_id)}
    assert hub.command_outcome(ADMIN.account, "clave-3") is None


def test_the_list_shows_each_persons_last_sign_in_and_each_tokens_issue_time(
    hub: Hub, clock: ManualClock
) -> None:
    person = enrolled_person(hub, clock, "ana.dif")
    with hub.acting_as(ADMIN):
        never = hub.open_person_account("dif", ["caseworker"], "beto.dif").account_id
    later = clock.advance(hours=2)
    hub.start_session(person.account_id)
    assert last_sign_ins(hub)[person.account_id] == later
    rows = {row.login: row for row in account_rows(hub, people=True)}
    assert rows["ana.dif"].last_sign_in == later
    assert rows["ana.dif"].enrolled
    assert rows["beto.dif"].last_sign_in is None
    assert not rows["beto.dif"].enrolled
    assert account_row(hub, never).login == "beto.dif"

    issued_at = clock.advance(minutes=5)
    with hub.acting_as(ADMIN):
        system = hub.open_account("ssc", ["caseworker"], "C5").account_id
    (row,) = account_rows(hub, people=False)
    assert row.account_id == system
    assert [token.issued for token in row.tokens] == [issued_at]
    assert all(not r.is_person for r in account_rows(hub, people=False))
