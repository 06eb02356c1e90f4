"""The sealed values a reading will show: recorded as one disclosure before any is unsealed.

Every read of unsealed data is itself part of the verifiable history (who, which case, which
purpose, which fields), so the record comes first: a value is never shown that was not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from domain.errors import PersonalDataUnavailable
from domain.hub import Hub
from domain.personal_data import PlainValue, SealedValue


@dataclass
class Disclosures:
    """The values a reading asks to show, by the name the disclosure records."""

    hub: Hub
    case_id: UUID
    purpose: str | None  # None: nothing sealed is shown, and nothing is recorded
    wanted: list[tuple[str, str, SealedValue]] = field(default_factory=list)

    def want(self, name: str, label: str, sealed: SealedValue | None) -> None:
        """Ask for ``sealed`` (unsealed under ``label``), recorded as ``name``."""
        if sealed is not None and self.purpose is not None:
            self.wanted.append((name, label, sealed))

    def reveal(self) -> dict[str, PlainValue]:
        """Record the disclosure of every value wanted, then unseal them in order; name ->
        value. An erased case's key is gone: what follows the first erased value stays out."""
        revealed: dict[str, PlainValue] = {}
        if not self.wanted or self.purpose is None:
            return revealed
        self.hub.record_disclosure(self.case_id, self.purpose, [name for name, *_ in self.wanted])
        for name, label, sealed in self.wanted:
            try:
                revealed[name] = self.hub.unseal(self.case_id, label, sealed)
            except PersonalDataUnavailable:
                break
        return revealed


def as_text(value: PlainValue | None) -> str | None:
    """A disclosed free text as shown: a list (several lines recorded) joined."""
    if value is None or isinstance(value, str):
        return value
    return ", ".join(value)
