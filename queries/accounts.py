"""Accounts as administrators see them: holder, roles, state, last sign-in, tokens, when each
was issued and when it was last used.

Read from the log as it is, nothing kept: the last sign-in is the latest ``SignedIn`` of the
account's sessions (one pass over the sign-ins), a token's issue time is its ``TokenIssued``
event, its last use its credential's latest ``TokenUsed`` (recorded at most once an hour).
Nothing here is personal data of a case; a person's login is shown to administrators only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.accounts import Account, Credential
from domain.hub import Hub
from domain.sessions import PersonSession
from domain.stamped import StampedAggregate
from domain.stored_names import topics_of

PAGE = 500


@dataclass(frozen=True)
class Token:
    """An active token of a system's account (its id, never the token or its hash)."""

    token_id: str
    issued: datetime | None
    last_used: datetime | None = None


@dataclass(frozen=True)
class AccountRow:
    """One account, as the administrators' pages list it."""

    account_id: UUID
    agency: str
    label: str
    login: str | None
    roles: tuple[str, ...]
    suspended: bool
    enrolled: bool
    last_sign_in: datetime | None
    tokens: tuple[Token, ...]

    @property
    def is_person(self) -> bool:
        return self.login is not None


def last_sign_ins(hub: Hub) -> dict[UUID, datetime]:
    """Each person account's latest sign-in."""
    latest: dict[UUID, datetime] = {}
    topics = topics_of(PersonSession.SignedIn)
    after = 0
    while True:
        page = hub.recorder.select_notifications(
            start=after, limit=PAGE, topics=topics, inclusive_of_start=False
        )
        for notification in page:
            signed_in = hub.mapper.to_domain_event(notification)
            assert isinstance(signed_in, PersonSession.SignedIn)
            latest[signed_in.account_id] = signed_in.timestamp  # log order: the last wins
        if len(page) < PAGE:
            return latest
        after = page[-1].id


def issue_times(hub: Hub, account_id: UUID) -> dict[str, datetime]:
    """When each token of the account was issued, by token id."""
    times: dict[str, datetime] = {}
    for recorded in hub.events.get(account_id):
        token_id = getattr(recorded, "token_id", None)
        issued = type(recorded).__name__ == "TokenIssued"
        if issued and isinstance(recorded, StampedAggregate.Event) and isinstance(token_id, str):
            times[token_id] = recorded.timestamp
    return times


def account_rows(hub: Hub, *, people: bool) -> list[AccountRow]:
    """People's accounts (``people``) or systems' accounts, the latest opened first."""
    signed = last_sign_ins(hub) if people else {}
    rows = [_row(hub, account, signed) for account in hub.accounts() if account.is_person == people]
    return rows[::-1]


def account_row(hub: Hub, account_id: UUID) -> AccountRow:
    account = hub.account(account_id)
    signed = last_sign_ins(hub) if account.is_person else {}
    return _row(hub, account, signed)


def _row(hub: Hub, account: Account, signed: dict[UUID, datetime]) -> AccountRow:
    times = issue_times(hub, account.id) if account.tokens else {}
    return AccountRow(
        account_id=account.id,
        agency=account.holder_agency,
        label=account.label,
        login=account.login,
        roles=tuple(account.roles),
        suspended=account.suspended,
        enrolled=account.is_enrolled,
        last_sign_in=signed.get(account.id),
        tokens=tuple(
            Token(t, times.get(t), _last_use(hub, hashed)) for t, hashed in account.tokens.items()
        ),
    )


def _last_use(hub: Hub, hashed: str) -> datetime | None:
    """The token's last recorded use, to the hour: its credential's latest ``TokenUsed``."""
    credential: object = hub.repository.get(Credential.create_id(hashed))
    return credential.last_used if isinstance(credential, Credential) else None
