"""The authentication cache in one process: a hit reads no aggregate, a suspension or a
revocation is obeyed at once, the hourly use is still recorded, and the cache stays bounded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest

from adapters.authentication_cache import account_topics, cache_authentication
from domain.account_sign_in import AccountSignIn
from domain.accounts import Account, Credential, token_hash
from domain.errors import NotAuthenticated
from domain.hub import Hub
from domain.stored_names import STORED_NAMES
from tests.builders import ADMIN
from tests.fakes import ManualClock


def opened(hub: Hub, label: str = "Expedientes DIF") -> tuple[Any, str]:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("dif", ["caseworker"], label=label)
    return issued.account_id, issued.token


def test_a_cached_token_is_authenticated_without_reading_its_credential_or_account(
    hub: Hub,
) -> None:
    cache_authentication(hub)
    _, token = opened(hub)
    first = hub.authenticate(token)
    hub.authenticate(token)  # read again once: the first recorded the token's use
    with patch.object(hub.repository, "get", side_effect=AssertionError("read")):
        assert hub.authenticate(token) == first


def test_a_suspended_account_is_refused_at_once(hub: Hub) -> None:
    cache_authentication(hub)
    account_id, token = opened(hub)
    hub.authenticate(token)
    with hub.acting_as(ADMIN):
        hub.suspend_account(account_id)
    with pytest.raises(NotAuthenticated):
        hub.authenticate(token)


def test_a_reissued_token_refuses_the_cached_earlier_one_at_once(hub: Hub) -> None:
    cache_authentication(hub)
    account_id, token = opened(hub)
    hub.authenticate(token)
    with hub.acting_as(ADMIN):
        fresh = hub.reissue_token(account_id)
    with pytest.raises(NotAuthenticated):
        hub.authenticate(token)
    assert hub.authenticate(fresh.token).account == str(account_id)


def test_a_cached_tokens_use_is_still_recorded_once_an_hour(hub: Hub, clock: ManualClock) -> None:
    cache_authentication(hub)
    _, token = opened(hub)
    credential_id = Credential.create_id(token_hash(token))
    first = clock.now
    for _ in range(3):
        hub.authenticate(token)
    clock.advance(minutes=59)
    hub.authenticate(token)
    clock.advance(minutes=1)
    hub.authenticate(token)
    hub.authenticate(token)
    used: list[Any] = [e for e in hub.events.get(credential_id) if type(e).__name__ == "TokenUsed"]
    assert [u.timestamp for u in used] == [first, first + timedelta(hours=1)]


def test_the_cache_keeps_no_more_tokens_than_its_size(hub: Hub) -> None:
    cache = cache_authentication(hub, size=3)
    tokens = [opened(hub, label=f"Sistema {n}")[1] for n in range(5)]
    for token in tokens * 2:  # the first round records each token's use
        hub.authenticate(token)
    assert len(cache) == 3
    assert all(hub.authenticate(token).agency == "dif" for token in tokens)


def test_a_hub_is_cached_once_however_often_it_is_asked(hub: Hub) -> None:
    assert cache_authentication(hub) is cache_authentication(hub)


def test_the_cache_watches_every_stored_event_of_accounts_and_credentials() -> None:
    stored = {
        topic
        for entry in STORED_NAMES
        if isinstance(entry.cls, type)
        and issubclass(entry.cls, (Account.Event, AccountSignIn.Event, Credential.Event))
        for topic in (entry.name, *entry.aliases)
    }
    assert stored
    assert stored <= set(account_topics())
