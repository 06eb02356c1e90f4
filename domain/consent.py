"""Consent: with whom the person's data may be shared, for what, or what legal basis replaces it.

Deny by default. An agency is covered for a purpose when the person consented to it, when the
person filed a complaint with it (the prosecutor then has access), when a child's legal
representative (PPNNA) gave the child-protection basis and the agency attends children, or when a
stated legal basis overrode missing consent for that agency and purpose (recorded, reviewed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.agencies import Agency

ANY_PURPOSE = "*"
PPNNA = "ppnna"


@dataclass
class ConsentState:
    """What is covered now; the consent events keep the history."""

    # agency code -> purposes (service codes, or ANY_PURPOSE)
    granted: dict[str, list[str]] = field(default_factory=dict)
    overrides: dict[str, list[str]] = field(default_factory=dict)
    child_protection_basis: bool = False
    informed_in: str | None = None
    interpreter_used: bool = False

    def grant(self, agencies: list[str], purposes: list[str]) -> None:
        for agency in agencies:
            current = self.granted.setdefault(agency, [])
            current.extend(p for p in purposes if p not in current)

    def withdraw(self, agencies: list[str]) -> None:
        """Withdrawal ends consent-based access; overrides stay, each rests on its own basis."""
        for agency in agencies:
            self.granted.pop(agency, None)

    def override(self, agency: str, purpose: str) -> None:
        current = self.overrides.setdefault(agency, [])
        if purpose not in current:
            current.append(purpose)

    def covers(self, agency: Agency, purpose: str, *, is_child: bool) -> bool:
        if is_child and agency.code == PPNNA:
            return True  # a child's case is notified to PPNNA by law (LGDNNA art. 12)
        if is_child and self.child_protection_basis and agency.sees_children_cases:
            return True
        for grants in (self.granted, self.overrides):
            purposes = grants.get(agency.code, [])
            if purpose in purposes or ANY_PURPOSE in purposes:
                return True
            if purpose == ANY_PURPOSE and purposes:
                return True  # custody: covered for some purpose is enough
        return False
