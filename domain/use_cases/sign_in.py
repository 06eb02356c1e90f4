"""The sign-in of people on the pages, with its limits per login and per client address.

Failed sign-ins are recorded as the hub's sign-in desk (``SIGN_IN``), since nobody is known
yet; a successful one as the person's account.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import NoReturn
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain import second_factor as totp
from domain.accounts import Account
from domain.actor import Actor
from domain.errors import AccountSuspended
from domain.errors.sign_in import SignInLocked, SignInRefused
from domain.logins import LONGEST_TYPED, Login, normalise_login
from domain.sign_in_guard import (
    ADDRESS_LIMIT,
    LOGIN_LIMIT,
    FailureReason,
    Fingerprints,
    SignInGuard,
    Watched,
)
from domain.use_cases.people import PASSWORD, SECOND_FACTOR, PeopleUseCases

SIGN_IN = Actor("ruta", "sign-in", frozenset())


class SignInUseCases(PeopleUseCases):
    """Signing in with a login, a password and a code from the app."""

    @property
    def fingerprints(self) -> Fingerprints:
        if self._fingerprints is None:
            raise RuntimeError("this hub was built without fingerprints")
        return self._fingerprints

    # Signing in

    def sign_in(self, login: str, password: str, code: str, address: str) -> UUID:
        """A new session (its id) for a person who gave the right login, password and a
        current code.

        Refused alike (``SignInRefused``) whatever was wrong, and locked alike
        (``SignInLocked``) whether the login exists or not.
        """
        now = self.clock()
        typed = normalise_login(login[:LONGEST_TYPED])
        guards = self._guards(typed, address)
        if self._locked_until(guards, now) > now:
            self._record_failure(guards, FailureReason.LOCKED, "")
            raise self._locked(guards, now)
        account = self._person(typed)
        if account is None or account.password is None or account.second_factor is None:
            self.passwords.waste_time(password)  # as long as a real check: no enumeration
            reason = FailureReason.UNKNOWN_LOGIN if account is None else FailureReason.NOT_ENROLLED
            self._fail(guards, reason, account)
        hashed = self._unseal(account, PASSWORD, account.password)
        if not self.passwords.verify(hashed, password):
            self._fail(guards, FailureReason.WRONG_PASSWORD, account)
        secret = self._unseal(account, SECOND_FACTOR, account.second_factor)
        step = totp.accepted_step(secret, code, now, account.last_step)
        if step is None:
            replayed = totp.accepted_step(secret, code, now, last_used=-1) is not None
            reason = FailureReason.REUSED_CODE if replayed else FailureReason.WRONG_CODE
            self._fail(guards, reason, account)
        if account.suspended:
            self._record_failure(guards, FailureReason.SUSPENDED, str(account.id))
            raise AccountSuspended(field="login")
        with self.acting_as(account.actor):
            account.use_second_factor(step)
            login_guard = guards[0]
            cleared = login_guard if login_guard.version and login_guard.failures else None
            if cleared is not None:
                cleared.clear()
            try:
                self.save(account, cleared)
            except IntegrityError:
                # The same code raced in from another request: only one of them signs in.
                raise SignInRefused(field="code") from None
        return self.start_session(account.id)

    # Helpers

    def _person(self, login: str) -> Account | None:
        try:
            reservation: object = self.repository.get(Login.create_id(login))
        except AggregateNotFoundError:
            return None
        assert isinstance(reservation, Login)
        return self.account(reservation.account_id)

    def _guards(self, login: str, address: str) -> tuple[SignInGuard, SignInGuard]:
        found = []
        for watched, value in ((Watched.LOGIN, login), (Watched.ADDRESS, address)):
            fingerprint = self.fingerprints.of(f"sign-in/{watched}", value)
            try:
                guard: object = self.repository.get(SignInGuard.create_id(watched, fingerprint))
            except AggregateNotFoundError:
                with self.acting_as(SIGN_IN):
                    guard = SignInGuard(watched=watched, fingerprint=fingerprint)
            assert isinstance(guard, SignInGuard)
            found.append(guard)
        return found[0], found[1]

    def _locked_until(self, guards: tuple[SignInGuard, SignInGuard], now: datetime) -> datetime:
        login, address = guards
        ends = [login.locked_until(LOGIN_LIMIT, now), address.locked_until(ADDRESS_LIMIT, now)]
        return max((end for end in ends if end is not None), default=now)

    def _locked(self, guards: tuple[SignInGuard, SignInGuard], now: datetime) -> SignInLocked:
        wait = self._locked_until(guards, now) - now
        return SignInLocked(field="login", minutes=max(1, math.ceil(wait.total_seconds() / 60)))

    def _fail(
        self,
        guards: tuple[SignInGuard, SignInGuard],
        reason: FailureReason,
        account: Account | None,
    ) -> NoReturn:
        """Record the failure and refuse; with the lock it has just set, if it set one."""
        self._record_failure(guards, reason, "" if account is None else str(account.id))
        now = self.clock()  # the failure is dated after the password's check: count from it
        if self._locked_until(guards, now) > now:
            raise self._locked(guards, now)
        raise SignInRefused(field="login")

    def _record_failure(
        self, guards: tuple[SignInGuard, SignInGuard], reason: FailureReason, account: str
    ) -> None:
        with self.acting_as(SIGN_IN):
            for guard in guards:
                guard.record_failure(reason, account)
            try:
                self.save(*guards)
            except IntegrityError:
                # Another failure of the same login or address was recorded meanwhile: record
                # this one on fresh copies, so that none goes uncounted.
                login, address = self._reloaded(guards)
                login.record_failure(reason, account)
                address.record_failure(reason, account)
                self.save(login, address)

    def _reloaded(self, guards: tuple[SignInGuard, SignInGuard]) -> tuple[SignInGuard, SignInGuard]:
        fresh = []
        for guard in guards:
            try:
                again: object = self.repository.get(guard.id)
            except AggregateNotFoundError:
                again = SignInGuard(watched=guard.watched, fingerprint=guard.fingerprint)
            assert isinstance(again, SignInGuard)
            fresh.append(again)
        return fresh[0], fresh[1]
