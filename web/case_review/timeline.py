"""The case's timeline as the page shows it: each event the reader may see, as a sentence of
the reader's language (``texts.timeline``), with when, the agency that acted and the role of the
account that acted, when known."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.agencies import AgencyCatalogue
from domain.errors import RutaError
from domain.hub import Hub
from queries.timeline import Entry
from texts.timeline import timeline_lines


@dataclass(frozen=True)
class Line:
    """One event of the timeline, in words."""

    at: datetime
    agency: str  # a code: the template names it
    roles: tuple[str, ...]  # role codes of the account that acted: the template labels them
    sentence: str


def lines(
    hub: Hub,
    entries: Sequence[Entry],
    events: Sequence[Any],
    lang: str,
    catalogue: AgencyCatalogue,
) -> list[Line]:
    """``entries`` (what the read side lets the reader see) told by the sentences of their
    ``events`` (the case's, up to the same moment: later sentences name what earlier ones said)."""
    # A line is "time  AGENCY  sentence": the sentence is what follows the agency.
    sentences = {
        getattr(event, "originator_version", None): line.split("  ", 2)[-1]
        for event, line in zip(events, timeline_lines(events, lang, catalogue), strict=True)
    }
    roles = _Roles(hub)
    return [
        Line(
            at=entry.at,
            agency=entry.agency,
            roles=roles.of(entry.account),
            sentence=sentences.get(entry.version, ""),
        )
        for entry in entries
        if not entry.receipt
    ]


class _Roles:
    """The roles of the accounts that acted, read once per account."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.known: dict[str, tuple[str, ...]] = {}

    def of(self, account: str | None) -> tuple[str, ...]:
        if account is None:
            return ()
        if account not in self.known:
            self.known[account] = self._read(account)
        return self.known[account]

    def _read(self, account: str) -> tuple[str, ...]:
        try:
            found = self.hub.account(UUID(account))
        except (ValueError, RutaError):  # not an account of this store (an operator, a system)
            return ()
        return tuple(sorted(found.roles))
