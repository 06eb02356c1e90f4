"""The international-protection screening's answers, as a case keeps the latest of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.route_vocabulary import ScreeningAnswer


@dataclass
class ProtectionScreening:
    """The latest screening's answers: a later screening replaces them all."""

    comar_referral: ScreeningAnswer
    consular_notice: ScreeningAnswer | None  # None: not asked
    entered_at: datetime | None  # when the person entered Mexico, if they said
