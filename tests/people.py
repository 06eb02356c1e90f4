"""Person accounts for tests: a hub that can hash passwords and seal for real, and an enrolled
person made the way the pages make one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pyotp

from adapters.fingerprints import KeyedFingerprints
from adapters.keystore import MemoryKeyStore
from adapters.master_key import MasterKey
from adapters.passwords import Argon2Passwords
from adapters.sealer import CaseSealer
from domain.actor import Actor, Role
from domain.hub import Hub
from domain.personal_data import Sealer
from tests.fakes import ManualClock

ADMIN = Actor("segob", "admin-1", frozenset({Role.ADMIN}))
PASSWORD = "tres tristes tigres"
MASTER = MasterKey(bytes(range(32)), Path("master.key"))


def people_hub(
    clock: ManualClock, env: dict[str, str] | None = None, sealer: Sealer | None = None
) -> Hub:
    """A hub on the in-memory store (or ``env``'s), with the real sealer, argon2id (cheap) and
    fingerprints."""
    return Hub(
        env or {"PERSISTENCE_MODULE": "eventsourcing.popo"},
        sealer=sealer or CaseSealer(MemoryKeyStore(), MASTER),
        clock=clock,
        passwords=Argon2Passwords(cheap=True),
        fingerprints=KeyedFingerprints(MASTER),
    )


@dataclass(frozen=True)
class Person:
    account_id: UUID
    login: str
    secret: str

    def code(self, clock: ManualClock, steps: int = 0) -> str:
        return pyotp.TOTP(self.secret).at(clock.now.timestamp() + 30 * steps)


def enrolled_person(hub: Hub, clock: ManualClock, login: str = "comision") -> Person:
    with hub.acting_as(ADMIN):
        issued = hub.open_person_account("cdheqroo", ["commission"], login)
    hub.choose_password(issued.token, PASSWORD, PASSWORD)
    secret = hub.enrolment(issued.token).secret
    assert secret is not None
    clock.advance(seconds=1)
    hub.confirm_second_factor(issued.token, pyotp.TOTP(secret).at(clock.now))
    clock.advance(seconds=30)  # the next code is a new one
    return Person(issued.account_id, login, secret)
