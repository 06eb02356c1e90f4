"""A system token's last use: recorded on its credential at most once an hour, the time only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.accounts import Credential, token_hash
from domain.errors import NotAuthenticated
from domain.hub import Hub
from tests.builders import ADMIN
from tests.fakes import FakeSealer, ManualClock


def uses(hub: Hub, credential_id: UUID) -> list[Any]:
    return [e for e in hub.events.get(credential_id) if type(e).__name__ == "TokenUsed"]


def opened(hub: Hub) -> tuple[str, UUID]:
    with hub.acting_as(ADMIN):
        issued = hub.open_account("dif", ["caseworker"], label="Expedientes DIF")
    return issued.token, Credential.create_id(token_hash(issued.token))


def test_a_tokens_first_use_is_recorded_with_the_hubs_time_and_nothing_else(
    hub: Hub, clock: ManualClock
) -> None:
    token, credential_id = opened(hub)
    actor = hub.authenticate(token)
    [used] = uses(hub, credential_id)
    assert used.timestamp == clock.now
    assert (used.agency, used.account) == (actor.agency, actor.account)
    told = set(vars(used)) - {"originator_id", "originator_version", "timestamp", "traceparent"}
    assert told == {"agency", "account"}
    credential: object = hub.repository.get(credential_id)
    assert isinstance(credential, Credential)
    assert credential.last_used == clock.now


def test_a_use_within_the_hour_records_nothing_and_one_an_hour_later_does(
    hub: Hub, clock: ManualClock
) -> None:
    token, credential_id = opened(hub)
    hub.authenticate(token)
    clock.advance(minutes=59)
    hub.authenticate(token)
    assert len(uses(hub, credential_id)) == 1
    clock.advance(minutes=1)
    hub.authenticate(token)
    assert [u.timestamp for u in uses(hub, credential_id)][-1] == clock.now
    assert len(uses(hub, credential_id)) == 2


class RacingHub(Hub):
    """A hub beside another replica that records the same use just before it saves."""

    racing = False

    def save(self, *aggregates: Any, **kwargs: Any) -> Any:
        if self.racing and any(isinstance(a, Credential) for a in aggregates):
            self.racing = False
            [mine] = [a for a in aggregates if isinstance(a, Credential)]
            theirs: Credential = self.repository.get(mine.id)
            theirs.record_use()
            super().save(theirs)
        return super().save(*aggregates, **kwargs)


def test_a_use_another_replica_recorded_first_is_not_recorded_twice_nor_refused(
    clock: ManualClock, sealer: FakeSealer
) -> None:
    hub = RacingHub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=sealer, clock=clock)
    token, credential_id = opened(hub)
    hub.racing = True
    assert hub.authenticate(token).agency == "dif"
    assert not hub.racing  # the other replica did record it
    assert len(uses(hub, credential_id)) == 1


def test_a_revoked_token_with_a_recorded_use_is_refused_at_once(hub: Hub) -> None:
    token, _ = opened(hub)
    account_id = UUID(hub.authenticate(token).account)
    with hub.acting_as(ADMIN):
        [token_id] = hub.account(account_id).tokens
        hub.revoke_token(account_id, token_id)
    with pytest.raises(NotAuthenticated):
        hub.authenticate(token)


def test_a_token_used_for_months_still_authenticates_from_a_snapshot(
    hub: Hub, clock: ManualClock
) -> None:
    token, credential_id = opened(hub)
    for _ in range(120):
        hub.authenticate(token)
        clock.advance(hours=1)
    assert hub.snapshots is not None
    assert list(hub.snapshots.get(credential_id))
    credential: object = hub.repository.get(credential_id)
    assert isinstance(credential, Credential)
    assert credential.last_used == clock.now - timedelta(hours=1)
