"""How a person's account signs in: its login, its enrolment link, password and second factor.

A system's account has none of these and signs in with bearer tokens only; a person's account
has no bearer token. The password's hash and the second factor's secret are kept sealed with the
account's own data key (``Sealer``), never in the clear in the log: the log is exported to
auditors, and destroying the key would erase both for good.

An enrolment link is a random token whose SHA-256 hash only is recorded; it is valid for 24 hours
and until it is used. Issuing a new one puts the earlier password and second factor out of use,
since it is issued for a person who lost either.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from domain.errors.sign_in import EnrolmentLinkInvalid
from domain.personal_data import SealedValue
from domain.stamped import StampedAggregate

ENROLMENT_VALIDITY = timedelta(hours=24)


def new_link_token(account_id: UUID) -> str:
    """The account's id and 256 random bits, URL-safe: the link finds its account unaided."""
    raw = account_id.bytes + secrets.token_bytes(32)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def link_account(token: str) -> UUID | None:
    """The account a link token names, or None for anything that is not such a token."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None
    return UUID(bytes=raw[:16]) if len(raw) == 48 else None


def link_hash(token: str) -> str:
    # 256 random bits: a fast hash is enough, no guessing attack is possible.
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Enrolment:
    """An enrolment under way: the link's hash, until when it is valid, and what was chosen."""

    link_hash: str
    expires_at: datetime
    second_factor: SealedValue
    password: SealedValue | None = None


class AccountSignIn(StampedAggregate):
    """The part of an account that lets a person sign in on the pages."""

    def _start_sign_in(self) -> None:
        """The state of an account without a login (called when the account is opened)."""
        self.login: str | None = None
        self.enrolment: Enrolment | None = None
        self.password: SealedValue | None = None
        self.second_factor: SealedValue | None = None
        self.last_step = 0

    @property
    def is_person(self) -> bool:
        return self.login is not None

    @property
    def is_enrolled(self) -> bool:
        return self.password is not None and self.second_factor is not None

    @event("LoginAssigned")
    def assign_login(self, login: str) -> None:
        self.login = login

    def issue_enrolment(self, token: str, expires_at: datetime, second_factor: SealedValue) -> None:
        self._enrolment_issued(
            link_hash=link_hash(token), expires_at=expires_at, second_factor=second_factor
        )

    @event("EnrolmentIssued")
    def _enrolment_issued(
        self, link_hash: str, expires_at: datetime, second_factor: SealedValue
    ) -> None:
        self.enrolment = Enrolment(link_hash, expires_at, second_factor)
        self.password = None
        self.second_factor = None

    def open_enrolment(self, token: str, now: datetime) -> Enrolment:
        """The enrolment of ``token`` if it is still valid; ``EnrolmentLinkInvalid`` if not."""
        found = self.enrolment
        if (
            getattr(self, "suspended", False)
            or found is None
            or not secrets.compare_digest(found.link_hash, link_hash(token))
            or now >= found.expires_at
        ):
            raise EnrolmentLinkInvalid()
        return found

    def choose_password(self, token: str, now: datetime, password: SealedValue) -> None:
        self.open_enrolment(token, now)
        self._password_chosen(password=password)

    @event("PasswordChosen")
    def _password_chosen(self, password: SealedValue) -> None:
        assert self.enrolment is not None
        self.enrolment.password = password

    def enrol(self, token: str, now: datetime, step: int) -> None:
        """Finish the enrolment with the step of a code the person typed: the link is spent."""
        enrolment = self.open_enrolment(token, now)
        if enrolment.password is None:
            raise EnrolmentLinkInvalid()
        self._enrolled(step=step)

    @event("Enrolled")
    def _enrolled(self, step: int) -> None:
        assert self.enrolment is not None
        self.password = self.enrolment.password
        self.second_factor = self.enrolment.second_factor
        self.enrolment = None
        self.last_step = step

    @event("SecondFactorUsed")
    def use_second_factor(self, step: int) -> None:
        """A code of ``step`` was accepted: no code of that step or before is accepted again."""
        self.last_step = step
