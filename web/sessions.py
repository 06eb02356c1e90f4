"""People's sessions on the pages: a signed cookie, checked against the recorded session.

The cookie holds the session's id, when it began and when it was last used, signed with a key
derived from the master key (so every replica can check it, and nothing in the database forges
one). A session ends after 30 minutes without use or 12 hours in all, at sign-out, or when its
account is suspended; the last two are read from the store on every request. Over HTTPS the
cookie is ``__Host-`` prefixed and ``Secure``; it is always ``HttpOnly`` and ``SameSite=Strict``.

Every form carries a CSRF token: an HMAC of a random value the browser holds in a cookie of its
own, so that a page of another site can neither read nor forge it (the double-submit pattern,
signed).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Form, Request

from domain.actor import Actor, Role
from domain.errors import SessionEnded
from domain.hub import Hub

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
REFRESH = timedelta(minutes=1)  # a cookie is re-issued at most this often, as it is used
SESSION = "ruta_sesion"
NONCE = "ruta_csrf"
SECURE_PREFIX = "__Host-"
_UNSEEN = object()


class SignInRequired(Exception):
    """The page needs a signed-in person; ``expired`` when there was a session that ended."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("sign-in required")
        self.expired = expired


class PageForbidden(Exception):
    """The signed-in person may not see this page (a role it does not hold)."""


class CsrfRefused(Exception):
    """A form came without the token of the page it was on."""


@dataclass(frozen=True)
class Person:
    """The signed-in person: their account's actor and their session."""

    actor: Actor
    session_id: UUID
    started: datetime

    @property
    def agency(self) -> str:
        return self.actor.agency

    @property
    def account_id(self) -> UUID:
        return UUID(self.actor.account)

    def has(self, role: Role) -> bool:
        return self.actor.has(role)


@dataclass(frozen=True)
class SessionCookies:
    """Issues and reads the session cookie and the CSRF tokens with one deployment key."""

    key: bytes

    def issue(self, session_id: UUID, started: datetime, now: datetime) -> str:
        payload = f"{session_id.hex}.{_seconds(started)}.{_seconds(now)}"
        return f"{payload}.{self._mac('session', payload)}"

    def read(self, value: str | None) -> tuple[UUID, datetime, datetime] | None:
        """The session id, start and last use of a cookie this deployment signed; else None."""
        parts = (value or "").split(".")
        if len(parts) != 4:
            return None
        payload = ".".join(parts[:3])
        if not hmac.compare_digest(parts[3], self._mac("session", payload)):
            return None
        try:
            return UUID(hex=parts[0]), _moment(parts[1]), _moment(parts[2])
        except ValueError:
            return None

    def csrf(self, nonce: str) -> str:
        return self._mac("csrf", nonce)

    def csrf_matches(self, nonce: str | None, token: str | None) -> bool:
        return bool(nonce and token) and hmac.compare_digest(self.csrf(nonce or ""), token or "")

    def _mac(self, purpose: str, payload: str) -> str:
        digest = hmac.new(self.key, f"{purpose}:{payload}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def cookie_name(request: Request, name: str) -> str:
    """``__Host-`` names need ``Secure``, which a browser keeps only from HTTPS."""
    return SECURE_PREFIX + name if request.url.scheme == "https" else name


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _moment(seconds: str) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.parts.hub
    return hub


def _cookies(request: Request) -> SessionCookies:
    cookies: SessionCookies = request.app.state.pages.cookies
    return cookies


def person(request: Request) -> Person:
    """The signed-in person, or ``SignInRequired`` (the page then asks to sign in)."""
    found = optional_person(request)
    if found is None:
        raise SignInRequired(expired=bool(getattr(request.state, "session_expired", False)))
    return found


def optional_person(request: Request) -> Person | None:
    """The signed-in person if there is one; an expired session is ended and recorded so."""
    known = getattr(request.state, "person", _UNSEEN)
    if known is not _UNSEEN:
        assert known is None or isinstance(known, Person)
        return known
    request.state.person = None
    read = _cookies(request).read(request.cookies.get(cookie_name(request, SESSION)))
    if read is None:
        return None
    session_id, started, last_used = read
    hub = _hub(request)
    now = hub.clock()
    try:
        if now - last_used > IDLE or now - started > ABSOLUTE:
            request.state.session_expired = True
            hub.end_session(session_id, reason="expired")
            return None
        actor = hub.session_actor(session_id)
    except SessionEnded:
        request.state.session_expired = True
        return None
    found = Person(actor, session_id, started)
    request.state.person = found
    if now - last_used >= REFRESH:
        request.state.session_cookie = _cookies(request).issue(session_id, started, now)
    return found


PersonDep = Annotated[Person, Depends(person)]


def require_role(who: Person, *roles: Role) -> Person:
    """``who`` if they hold one of ``roles``; a 403 page otherwise."""
    if not any(who.has(role) for role in roles):
        raise PageForbidden()
    return who


def csrf_token(request: Request) -> str:
    """The token the page's forms carry; a new browser gets its nonce cookie with the page."""
    nonce = request.cookies.get(cookie_name(request, NONCE))
    if not nonce:
        nonce = getattr(request.state, "csrf_nonce", None) or new_nonce()
        request.state.csrf_nonce = nonce
    return _cookies(request).csrf(nonce)


def check_csrf(request: Request, csrf: Annotated[str, Form()] = "") -> None:
    """Every POST of the pages: the form's token must be the one this browser was given."""
    nonce = request.cookies.get(cookie_name(request, NONCE))
    if not _cookies(request).csrf_matches(nonce, csrf):
        raise CsrfRefused()


CsrfDep = Depends(check_csrf)


def begin_session(request: Request, session_id: UUID, now: datetime) -> None:
    """Hand the browser the cookie of a session that has just begun (sign-in, enrolment)."""
    request.state.session_cookie = _cookies(request).issue(session_id, now, now)
    request.state.person = None  # the new session counts from the next request


def clear_session(request: Request) -> None:
    """Make the browser forget its session cookie (sign-out)."""
    request.state.clear_session = ""
