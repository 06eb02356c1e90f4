"""Accounts, tokens and who may manage them; tokens are kept only as hashes."""

from __future__ import annotations

import pytest

from domain.actor import Role
from domain.errors import AccountSuspended, NotAuthenticated, RoleNotHeld, RoleRequired
from domain.hub import Hub
from tests.builders import ADMIN, SEDETUR


def test_an_account_is_opened_with_a_token_that_authenticates_it(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("dif", ["caseworker", "supervisor"], label="CAT Chetumal")
    actor = hub.authenticate(issued.token)
    assert actor.agency == "dif"
    assert actor.account == str(issued.account_id)
    assert actor.roles == {Role.CASEWORKER, Role.SUPERVISOR}
    assert issued.token.startswith("ruta_")


def test_only_a_hash_of_the_token_is_stored(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("dif", ["caseworker"])
    stored = b"".join(n.state for n in hub.recorder.select_notifications(start=1, limit=100))
    assert issued.token.encode() not in stored
    assert issued.token.removeprefix("ruta_").encode() not in stored


def test_only_administrators_manage_accounts(hub: Hub) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(RoleRequired):
        hub.open_account("sedetur", ["caseworker"])


def test_unknown_or_empty_tokens_are_refused(hub: Hub) -> None:
    for token in ("", "ruta_nope", "Bearer x"):
        with pytest.raises(NotAuthenticated):
            hub.authenticate(token)


def test_a_suspended_account_is_refused_at_once(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("ssc", ["caseworker"])
        second = hub.issue_token(issued.account_id)
        hub.suspend_account(issued.account_id)
    for token in (issued.token, second.token):
        with pytest.raises(NotAuthenticated):
            hub.authenticate(token)
    with hub.acting_as(ADMIN), pytest.raises(AccountSuspended):
        hub.issue_token(issued.account_id)


def test_roles_are_granted_and_revoked(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("fge", ["caseworker"])
        hub.grant_role(issued.account_id, "supervisor")
        hub.revoke_role(issued.account_id, "caseworker")
        with pytest.raises(RoleNotHeld):
            hub.revoke_role(issued.account_id, "auditor")
    assert hub.authenticate(issued.token).roles == {Role.SUPERVISOR}


def test_accounts_are_listed(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        opened = [hub.open_account(a, ["caseworker"]).account_id for a in ("dif", "iqm")]
    assert [a.id for a in hub.accounts()] == opened


def test_a_reissued_token_is_the_only_one_the_account_keeps(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        first = hub.open_account("dif", ["caseworker"])
        second = hub.issue_token(first.account_id)
        sole = hub.reissue_token(first.account_id)
    for token in (first.token, second.token):
        with pytest.raises(NotAuthenticated):
            hub.authenticate(token)
    assert hub.authenticate(sole.token).agency == "dif"
    assert len(hub.account(first.account_id).tokens) == 1


def test_only_administrators_reissue_tokens(hub: Hub) -> None:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("dif", ["caseworker"])
    with hub.acting_as(SEDETUR), pytest.raises(RoleRequired):
        hub.reissue_token(issued.account_id)
    assert hub.authenticate(issued.token).agency == "dif"
