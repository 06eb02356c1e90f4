"""Who may use the administrators' pages, and how their forms' commands run: once per key.

Only the ``admin`` role; every other reader gets the 403 page. An administrator acts through the
hub's use cases as themself, so each change is an event stamped with their account. A form
carries an idempotency key: sent twice, it changes the account once, and the second answer says
that it was done already (a link or token is never shown twice).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from fastapi import Request

from domain.actor import IdempotencyKey, Role
from domain.errors import IdempotencyKeyReused, RutaError
from domain.hub import Hub
from web.sessions import Person, require_role

T = TypeVar("T")


def admin_only(who: Person) -> Person:
    return require_role(who, Role.ADMIN)


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.parts.hub
    return hub


def run_once(
    hub: Hub, who: Person, key: str, route: str, body: str, command: Callable[[], T]
) -> T | None:
    """``command`` as ``who`` under ``key``; None if that key was used for it already."""
    fingerprint = hashlib.sha256(f"{route}\n{body}".encode()).hexdigest()
    if key and (prior := hub.command_outcome(who.actor.account, key)):
        if prior.fingerprint != fingerprint:
            raise IdempotencyKeyReused(field="clave")
        return None
    keyed = IdempotencyKey(key, fingerprint) if key else None
    try:
        with hub.acting_as(who.actor, idempotency=keyed):
            return command()
    except RutaError:
        if key and hub.command_outcome(who.actor.account, key):
            return None  # a second submit racing the first: the first recorded it
        raise
