"""Saving a detection once per form: the hidden key makes a double submit record one case.

As ``api.commands`` does, the key is kept with the command's events in one transaction; a
second submit with the same key finds the first's outcome and records nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from domain.actor import Actor, IdempotencyKey
from domain.errors import ConcurrentUpdate, IdempotencyKeyReused
from domain.hub import Hub
from domain.hub_base import DetectionReport


@dataclass(frozen=True)
class Saved:
    """The folios opened, or, for a form sent again, the first folio (empty for a group)."""

    folios: list[str]
    again: bool = False


def report(facts: dict[str, object], person: dict[str, object]) -> DetectionReport:
    return DetectionReport(**{**facts, **person})  # type: ignore[arg-type]


def save(hub: Hub, actor: Actor, key: str, route: str, reports: Sequence[DetectionReport]) -> Saved:
    """Record the detection (one person or a group) as ``actor``, once for ``key``."""
    fingerprint = hashlib.sha256(
        f"{route}\n{json.dumps([repr(r) for r in reports])}".encode()
    ).hexdigest()
    if prior := _prior(hub, actor, key, fingerprint):
        return prior
    try:
        with hub.acting_as(actor, idempotency=IdempotencyKey(key, fingerprint)):
            opened = hub.open_group(reports) if len(reports) > 1 else [hub.open_case(reports[0])]
    except ConcurrentUpdate:
        if prior := _prior(hub, actor, key, fingerprint):
            return prior  # a racing submit of the same form committed first
        raise
    return Saved([o.folio for o in opened])


def _prior(hub: Hub, actor: Actor, key: str, fingerprint: str) -> Saved | None:
    prior = hub.command_outcome(actor.account, key)
    if prior is None:
        return None
    if prior.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    folio = prior.outcome.get("folio")
    return Saved([folio] if folio else [], again=True)
