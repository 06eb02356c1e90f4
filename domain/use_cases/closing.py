"""Closing: a case ends with a reason, and reopens with another."""

from __future__ import annotations

from uuid import UUID

from domain.hub_reads import HubReads
from domain.vocabulary import ClosureReason, ReopenReason, parse_code


class ClosingUseCases(HubReads):
    """Closing and reopening a case."""

    def close_case(self, case_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        holder = case.custody.custodian
        custodian = self.catalogue.get(holder) if holder is not None else None
        case.close(parse_code(ClosureReason, reason, field="reason"), custodian)
        return self._save(case)

    def reopen_case(self, case_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.reopen(parse_code(ReopenReason, reason, field="reason"))
        return self._save(case)
