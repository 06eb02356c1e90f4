"""Accounts of the agencies, their roles and their bearer tokens (only hashes are kept).

A token is looked up through a credential whose id derives from the token's hash, so that
authenticating a request costs two reads and no scan, and never needs the token itself stored.
Suspending an account or revoking a token takes effect on the next request: the domain caches
nothing, and the API's cache (``adapters.authentication_cache``) is checked against the log.
A token's use is recorded on its credential at most once an hour (``USE_RECORDED_EVERY``): an
event per request would be too much, and the hour is what an administrator needs to tell a token
in use from a forgotten one. The event holds the time only: no address, no path.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain.account_sign_in import AccountSignIn
from domain.actor import Actor, Role
from domain.errors import AccountSuspended, InvalidValue, RoleNotHeld
from domain.errors.sign_in import PersonHasNoToken
from domain.stamped import StampedAggregate

CREDENTIAL_NAMESPACE = uuid5(NAMESPACE_URL, "https://ruta.mx/credential")
TOKEN_PREFIX = "ruta_"  # noqa: S105 - a prefix, not a secret
USE_RECORDED_EVERY = timedelta(hours=1)
NEVER = datetime.min.replace(tzinfo=UTC)  # the stamp replaces it with the hub's time


def token_hash(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough, no guessing attack is possible.
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class Account(AccountSignIn):
    """An account of one agency: roles, token hashes, and whether it may act at all; a person's
    account has a login instead of tokens (``AccountSignIn``)."""

    class AccountOpened(StampedAggregate.Event, Aggregate.Created):
        holder_agency: str
        label: str
        roles: list[str]

    @event(AccountOpened)
    def __init__(self, holder_agency: str, label: str, roles: list[str]) -> None:
        self.holder_agency = holder_agency
        self.label = label
        self.roles: list[str] = list(roles)
        self.tokens: dict[str, str] = {}  # token id -> hash, active tokens only
        self.suspended = False
        self._start_sign_in()

    @property
    def actor(self) -> Actor:
        return Actor(self.holder_agency, str(self.id), frozenset(Role(r) for r in self.roles))

    def grant(self, role: Role) -> None:
        self._require_active()
        if role not in self.roles:
            self._role_granted(role=role)

    @event("RoleGranted")
    def _role_granted(self, role: Role) -> None:
        self.roles.append(str(role))

    def revoke(self, role: Role) -> None:
        if role not in self.roles:
            raise RoleNotHeld(field="role", role=str(role))
        self._role_revoked(role=role)

    @event("RoleRevoked")
    def _role_revoked(self, role: Role) -> None:
        self.roles.remove(str(role))

    def issue_token(self) -> tuple[str, str]:
        """A new bearer token; the account keeps only its hash. Returns (token id, token)."""
        self._require_active()
        if self.is_person:
            raise PersonHasNoToken(field="account")
        token, token_id = new_token(), uuid4().hex
        self._token_issued(token_id=token_id, token_hash=token_hash(token))
        return token_id, token

    @event("TokenIssued")
    def _token_issued(self, token_id: str, token_hash: str) -> None:
        self.tokens[token_id] = token_hash

    def revoke_token(self, token_id: str) -> None:
        if token_id not in self.tokens:
            raise InvalidValue(field="token_id", reason="not an active token of this account")
        self._token_revoked(token_id=token_id)

    @event("TokenRevoked")
    def _token_revoked(self, token_id: str) -> None:
        del self.tokens[token_id]

    def revoke_tokens_but(self, keep: str) -> None:
        """Revoke every active token except ``keep`` (one ``TokenRevoked`` each)."""
        for token_id in [t for t in self.tokens if t != keep]:
            self._token_revoked(token_id=token_id)

    def suspend(self, reason: str) -> None:
        self._require_active()
        self._suspended(reason=reason)

    @event("AccountSuspended")
    def _suspended(self, reason: str) -> None:
        self.suspended = True
        self.tokens.clear()

    def accepts(self, token: str) -> bool:
        return not self.suspended and token_hash(token) in self.tokens.values()

    def _require_active(self) -> None:
        if self.suspended:
            raise AccountSuspended()


class Credential(StampedAggregate):
    """The index from a token's hash to its account."""

    @staticmethod
    def create_id(token_hash: str) -> UUID:
        return uuid5(CREDENTIAL_NAMESPACE, token_hash)

    @event("CredentialIssued")
    def __init__(self, token_hash: str, account_id: UUID) -> None:
        self.account_id = account_id
        self.last_used: datetime | None = None

    def use_due(self, now: datetime) -> bool:
        """Whether a use at ``now`` is to be recorded: never recorded, or over an hour ago."""
        return self.last_used is None or now - self.last_used >= USE_RECORDED_EVERY

    def record_use(self) -> None:
        """Record that the token authenticated a request, at the hub's time."""
        self._used()

    @event("TokenUsed")
    def _used(self, timestamp: datetime = NEVER) -> None:
        self.last_used = timestamp


@dataclass(frozen=True)
class IssuedToken:
    """A token as handed to its holder once: it is never shown again."""

    account_id: UUID
    token: str
    position: int
