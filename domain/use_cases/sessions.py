"""The hub's use cases about people's sessions on the pages: begin, end, and who a session is.

Sign-in itself (password, second factor, limits) decides *whether* a session begins; these
only record that it did, and answer for it on every request.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.actor import Actor
from domain.errors import SessionEnded
from domain.sessions import PersonSession
from domain.use_cases.accounts import AccountUseCases


class SessionUseCases(AccountUseCases):
    """Sessions of person accounts: their sign-in and sign-out events, and their check."""

    def start_session(self, account_id: UUID) -> UUID:
        """Record the sign-in of ``account_id`` (checked by the caller) as a new session."""
        account = self.account(account_id)
        if account.suspended or not account.is_person:  # systems hold tokens, never sessions
            raise SessionEnded()
        with self.acting_as(account.actor):
            session = PersonSession(account_id=account_id)
            self.save(session)
        return session.id

    def end_session(self, session_id: UUID, reason: str = "signed_out") -> int:
        """Record the sign-out; a session ended already is refused with ``SessionEnded``."""
        session = self._session(session_id)
        with self.acting_as(self.account(session.account_id).actor):
            session.end(reason)
            try:
                return int(self.save(session)[-1].notification.id)
            except IntegrityError:
                raise SessionEnded() from None  # another request ended it meanwhile

    def session_actor(self, session_id: UUID) -> Actor:
        """Who an open session acts as; ``SessionEnded`` once it is signed out or its account
        is suspended."""
        session = self._session(session_id)
        if session.ended:
            raise SessionEnded()
        account = self.account(session.account_id)
        if account.suspended or not account.is_person:
            raise SessionEnded()
        return account.actor

    def _session(self, session_id: UUID) -> PersonSession:
        try:
            found: object = self.repository.get(session_id)
        except AggregateNotFoundError:
            raise SessionEnded() from None
        if not isinstance(found, PersonSession):
            raise SessionEnded()
        return found
