"""A person's session on the pages: begun by a sign-in, ended by a sign-out, one stream each.

The session's cookie (``web/sessions.py``) carries its id and times, signed; each request reads
this aggregate and the account, so that a sign-out, or a suspended account, is refused from the
next request in every replica. Nothing secret is recorded: no password, no code, no cookie.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import SessionEnded
from domain.stamped import StampedAggregate


class PersonSession(StampedAggregate):
    """One sign-in of one person account, until its sign-out."""

    class SignedIn(StampedAggregate.Event, Aggregate.Created):
        account_id: UUID

    @event(SignedIn)
    def __init__(self, account_id: UUID) -> None:
        self.account_id = account_id
        self.ended = False

    def end(self, reason: str) -> None:
        if self.ended:
            raise SessionEnded()
        self._signed_out(reason=reason)

    @event("SignedOut")
    def _signed_out(self, reason: str) -> None:
        self.ended = True
