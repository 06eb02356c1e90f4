"""International protection: the screening that offers a referral to COMAR before any return or
consular contact (Ley sobre Refugiados, Protección Complementaria y Asilo Político)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.hub_reads import HubReads
from domain.route_vocabulary import ScreeningAnswer
from domain.vocabulary import parse_code


class ProtectionUseCases(HubReads):
    """Recording the person's answers in the international-protection screening."""

    def screen_for_protection(
        self,
        case_id: UUID,
        comar_referral: str,
        consular_notice: str | None = None,
        entered_at: datetime | None = None,
        informed_in: str | None = None,
        interpreter: bool = False,
    ) -> int:
        """The latest screening governs: a later one replaces the answers of an earlier one."""
        self._party()
        comar = parse_code(ScreeningAnswer, comar_referral, field="comar_referral")
        consular = (
            parse_code(ScreeningAnswer, consular_notice, field="consular_notice")
            if consular_notice
            else None
        )
        case = self.get_case(case_id)
        case.screen_for_protection(comar, consular, entered_at, informed_in, interpreter)
        return self._save(case)
