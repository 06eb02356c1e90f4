"""A notice to the prosecutor (vista al Ministerio Público), as a case keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.personal_data import SealedValue


@dataclass(frozen=True)
class ProsecutorNotice:
    """One vista: to which prosecutor, by which agency, when, and its sealed reference (the
    oficio or the carpeta de investigación: it may name people)."""

    prosecutor: str
    by: str
    notified_at: datetime
    reference: SealedValue | None
