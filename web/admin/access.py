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
from starlette.concurrency import run_in_threadpool

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


ROLES = [str(role) for role in Role]


def holder(hub: Hub, agency: str, roles: list[str] | None) -> tuple[list[str], dict[str, str]]:
    """The roles chosen (in their order), and the errors of a new account's agency and roles."""
    chosen = [role for role in ROLES if role in (roles or [])]
    errors: dict[str, str] = {}
    if agency not in {a.code for a in hub.catalogue}:
        errors["agencia"] = "web.admin.error.agency"
    if not chosen:
        errors["roles"] = "web.admin.error.roles"
    return chosen, errors


async def run_form(
    request: Request, who: Person, key: str, body: str, command: Callable[[], T]
) -> T | None:
    """The form's command, once per key (``run_once``), off the event loop; ``RutaError`` as
    the hub raises it."""
    route = f"POST {request.url.path}"
    return await run_in_threadpool(run_once, hub_of(request), who, key, route, body, command)


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
