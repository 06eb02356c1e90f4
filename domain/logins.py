"""Login names of people: their rule, and the index that keeps each one unique in the hub.

A login is reserved by an aggregate whose id derives from the login itself, saved in the same
transaction as its account (as ``Folio`` does for folios and ``Credential`` for tokens): a second
account with the same login fails on the store's unique key, whatever process opened it.
"""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors.sign_in import LoginNameInvalid

LOGIN_NAMESPACE = uuid5(NAMESPACE_URL, "https://ruta.mx/login")
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
LONGEST_TYPED = 200  # what a sign-in form may send as a login before it is refused unread


def normalise_login(typed: str) -> str:
    """The login as stored: without surrounding spaces, in lower case."""
    return typed.strip().lower()


def check_login(typed: str) -> str:
    """The normalised login if it follows the rule; ``LoginNameInvalid`` otherwise."""
    login = normalise_login(typed)
    if not _LOGIN.fullmatch(login):
        raise LoginNameInvalid(field="login")
    return login


class Login(Aggregate):
    """The reservation of one login name for one person's account."""

    @staticmethod
    def create_id(login: str) -> UUID:
        return uuid5(LOGIN_NAMESPACE, normalise_login(login))

    @event("Reserved")
    def __init__(self, login: str, account_id: UUID) -> None:
        self.login = login
        self.account_id = account_id
