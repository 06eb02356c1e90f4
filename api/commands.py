"""Running a command for a request: as its account, once per idempotency key.

A keyed command saves a record of itself in the same transaction as its events. A retry with
the same key and body gets the first answer back and records nothing; racing retries cannot
both commit (the second finds the record when it fails); the same key with another body is
refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from domain.access import may_write_cases
from domain.actor import Actor, IdempotencyKey, Role
from domain.errors import CaseNotFound, IdempotencyKeyReused, RoleRequired, RutaError
from domain.hub import Hub
from domain.hub_base import Created, Opened
from domain.idempotency import CommandOutcome
from queries.need_to_know import may_know

Result = Created | Opened | int


@dataclass(frozen=True)
class CommandRunner:
    """The hub, the caller, and the request's identity for idempotency."""

    hub: Hub
    actor: Actor
    key: str | None
    route: str

    def run(
        self,
        body: BaseModel | None,
        command: Callable[[], Result],
        created: str | None = None,
        case_id: UUID | None = None,
        allowed: Callable[[Actor], bool] = may_write_cases,
        role: Role = Role.CASEWORKER,
    ) -> dict[str, Any]:
        """Run ``command`` as the caller; the answer names what it created as ``created``.

        A caller refused on a case it may not know exists learns only that it was not found,
        whatever the refusal was (closed, unknown referral, not involved). A caller whose roles
        do not allow the command is refused before anything else (``role`` names the one needed).
        """
        if not allowed(self.actor):
            raise RoleRequired(role=str(role))
        fingerprint = hashlib.sha256(
            f"{self.route}\n{body.model_dump_json() if body else ''}".encode()
        ).hexdigest()
        if self.key and (prior := self.hub.command_outcome(self.actor.account, self.key)):
            return _replay(prior, fingerprint)
        keyed = IdempotencyKey(self.key, fingerprint) if self.key else None
        try:
            with self.hub.acting_as(self.actor, idempotency=keyed):
                result = command()
        except RutaError:
            # A retry racing this one may have committed first: answer as it did.
            if self.key and (prior := self.hub.command_outcome(self.actor.account, self.key)):
                return _replay(prior, fingerprint)
            if case_id is not None and not may_know(self.hub, self.actor, case_id):
                raise CaseNotFound(case_id=str(case_id)) from None
            raise
        return _answer(result, created)


def _answer(result: Result, created: str | None) -> dict[str, Any]:
    if isinstance(result, Opened):
        return {"case_id": result.case_id, "folio": result.folio, "position": result.position}
    if isinstance(result, Created):
        return {created or "id": result.id, "position": result.position}
    return {"position": result}


def _replay(prior: CommandOutcome, fingerprint: str) -> dict[str, Any]:
    if prior.fingerprint != fingerprint:
        raise IdempotencyKeyReused(field="Idempotency-Key")
    return {**prior.outcome, "position": prior.position}
