"""The authentication cache against a store two hubs share: what another process writes to an
account or a token is obeyed here at the next request, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.authentication_cache import cache_authentication
from domain.accounts import token_hash
from domain.actor import Role
from domain.errors import NotAuthenticated
from domain.hub import Hub
from tests.builders import ADMIN
from tests.fakes import FakeSealer


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "l")}
    found: dict[str, str] = request.getfixturevalue("postgres_env")
    return found


@pytest.fixture
def hubs(env: dict[str, str]) -> Iterator[tuple[Hub, Hub]]:
    """This process's hub, with its cache, and another process's on the same store."""
    here, elsewhere = Hub(env, sealer=FakeSealer()), Hub(env, sealer=FakeSealer())
    cache_authentication(here)
    try:
        yield here, elsewhere
    finally:
        here.close()
        elsewhere.close()


def test_a_token_revoked_by_another_process_is_refused_at_the_next_request(
    hubs: tuple[Hub, Hub],
) -> None:
    here, elsewhere = hubs
    with elsewhere.acting_as(ADMIN):
        issued = elsewhere.open_account("dif", ["caseworker"], label="Expedientes DIF")
        kept = elsewhere.issue_token(issued.account_id)
    assert here.authenticate(issued.token).agency == "dif"
    assert here.authenticate(issued.token).agency == "dif"  # from the cache now
    tokens = elsewhere.account(issued.account_id).tokens
    [revoked] = [i for i, hashed in tokens.items() if hashed == token_hash(issued.token)]
    with elsewhere.acting_as(ADMIN):
        elsewhere.revoke_token(issued.account_id, revoked)
    with pytest.raises(NotAuthenticated):
        here.authenticate(issued.token)
    assert here.authenticate(kept.token).agency == "dif"


def test_a_role_removed_by_another_process_is_gone_at_the_next_request(
    hubs: tuple[Hub, Hub],
) -> None:
    here, elsewhere = hubs
    with elsewhere.acting_as(ADMIN):
        issued = elsewhere.open_account(
            "dif", ["caseworker", "supervisor"], label="Supervisión DIF"
        )
    assert Role.SUPERVISOR in here.authenticate(issued.token).roles
    with elsewhere.acting_as(ADMIN):
        elsewhere.revoke_role(issued.account_id, "supervisor")
    assert here.authenticate(issued.token).roles == frozenset({Role.CASEWORKER})


def test_an_account_suspended_by_another_process_is_refused_at_the_next_request(
    hubs: tuple[Hub, Hub],
) -> None:
    here, elsewhere = hubs
    with elsewhere.acting_as(ADMIN):
        issued = elsewhere.open_account("dif", ["caseworker"], label="Expedientes DIF")
    here.authenticate(issued.token)
    with elsewhere.acting_as(ADMIN):
        elsewhere.suspend_account(issued.account_id)
    with pytest.raises(NotAuthenticated):
        here.authenticate(issued.token)
