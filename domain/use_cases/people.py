"""The hub's use cases for people who sign in on the pages: accounts with a login, enrolment,
and the sign-in itself with its limits.

Apart from ``accounts.py`` (systems' accounts and tokens): these write person accounts, login
reservations and sign-in guards. The person's own acts are recorded as the person's account;
failed sign-ins, before anyone is known, as the hub's sign-in desk (``SIGN_IN``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain import second_factor as totp
from domain.account_sign_in import ENROLMENT_VALIDITY, link_account, new_link_token
from domain.accounts import Account
from domain.actor import Role
from domain.errors import AccountNotFound, AccountSuspended, InvalidValue
from domain.errors.sign_in import (
    EnrolmentLinkInvalid,
    LoginTaken,
    NotAPersonAccount,
    SecondFactorCodeWrong,
)
from domain.logins import Login, check_login
from domain.passwords import PasswordHasher, check_password
from domain.personal_data import SealedValue
from domain.use_cases.sessions import SessionUseCases
from domain.vocabulary import parse_codes

PASSWORD = "sign_in.password"  # noqa: S105 - the sealed value's label
SECOND_FACTOR = "sign_in.second_factor"


@dataclass(frozen=True)
class IssuedEnrolment:
    """An enrolment link's token as handed to the administrator once: never shown again."""

    account_id: UUID
    login: str
    token: str
    expires_at: datetime
    position: int


@dataclass(frozen=True)
class EnrolmentStep:
    """Where an enrolment stands: choosing the password, or confirming the second factor (with
    the secret to show, and its ``otpauth://`` address for the QR code)."""

    login: str
    needs_password: bool
    secret: str | None = None

    @property
    def uri(self) -> str:
        return totp.provisioning_uri(self.login, self.secret or "")


class PeopleUseCases(SessionUseCases):
    """Person accounts and their enrolment."""

    @property
    def passwords(self) -> PasswordHasher:
        if self._passwords is None:
            raise RuntimeError("this hub was built without a password hasher")
        return self._passwords

    # Administrators

    def open_person_account(
        self, agency: str, roles: Sequence[str], login: str, label: str = ""
    ) -> IssuedEnrolment:
        """A new person's account with its login and a first enrolment link."""
        self._require_role(Role.ADMIN)
        self.catalogue.get(agency, field="agency")
        name = check_login(login)
        checked = parse_codes(Role, list(roles), field="roles")
        if not checked:
            raise InvalidValue(field="roles", reason="at least one role")
        if self._exists(Login.create_id(name)):
            raise LoginTaken(field="login")
        account = Account(holder_agency=agency, label=label.strip()[:80], roles=list(checked))
        account.assign_login(name)
        reservation = Login(login=name, account_id=account.id)
        return self._with_enrolment(account, reservation)

    def issue_enrolment(self, account_id: UUID) -> IssuedEnrolment:
        """A new enrolment link for a person who lost theirs, or their password or phone."""
        self._require_role(Role.ADMIN)
        account = self.account(account_id)
        if not account.is_person:
            raise NotAPersonAccount(field="account", account_id=str(account_id))
        if account.suspended:
            raise AccountSuspended(field="account")
        return self._with_enrolment(account)

    # The person, with the link

    def enrolment(self, token: str) -> EnrolmentStep:
        account = self._enrolling(token)
        enrolment = account.open_enrolment(token, self.clock())
        assert account.login is not None
        if enrolment.password is None:
            return EnrolmentStep(account.login, needs_password=True)
        secret = self._unseal(account, SECOND_FACTOR, enrolment.second_factor)
        return EnrolmentStep(account.login, needs_password=False, secret=secret)

    def choose_password(self, token: str, password: str, confirmation: str) -> int:
        account = self._enrolling(token)
        account.open_enrolment(token, self.clock())
        assert account.login is not None
        check_password(password, confirmation, account.login)
        sealed = self.sealer.seal(account.id, PASSWORD, self.passwords.hash(password))
        with self.acting_as(account.actor):
            account.choose_password(token, self.clock(), sealed)
            return int(self.save(account)[-1].notification.id)

    def confirm_second_factor(self, token: str, code: str) -> UUID:
        """Finish enrolling with a code from the app: the person is signed in (a new session's
        id)."""
        account = self._enrolling(token)
        now = self.clock()
        enrolment = account.open_enrolment(token, now)
        secret = self._unseal(account, SECOND_FACTOR, enrolment.second_factor)
        step = totp.accepted_step(secret, code, now, last_used=0)
        if step is None:
            raise SecondFactorCodeWrong(field="code")
        with self.acting_as(account.actor):
            account.enrol(token, now, step)
            self.save(account)
        return self.start_session(account.id)

    # Helpers

    def _with_enrolment(self, account: Account, *also: Login) -> IssuedEnrolment:
        token = new_link_token(account.id)
        expires_at = self.clock() + ENROLMENT_VALIDITY
        secret = totp.new_secret()
        fresh = not self.sealer.has_key(account.id)
        sealed = self.sealer.seal_many(account.id, {SECOND_FACTOR: secret}, new_case=fresh)
        account.issue_enrolment(token, expires_at, sealed[SECOND_FACTOR])
        try:
            record = self._command_record({"account_id": str(account.id)})
            recordings = self.save(account, *also, record)
        except IntegrityError:
            raise LoginTaken(field="login") from None  # another process reserved it first
        assert account.login is not None
        position = int(recordings[-1].notification.id)
        return IssuedEnrolment(account.id, account.login, token, expires_at, position)

    def _enrolling(self, token: str) -> Account:
        account_id = link_account(token)
        if account_id is None:
            raise EnrolmentLinkInvalid()
        try:
            return self.account(account_id)
        except AccountNotFound:
            raise EnrolmentLinkInvalid() from None

    def _unseal(self, account: Account, label: str, sealed: SealedValue) -> str:
        value = self.sealer.unseal(account.id, label, sealed)
        assert isinstance(value, str)
        return value
