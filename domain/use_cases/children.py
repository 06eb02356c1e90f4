"""The children's route kept by PPNNA (LGDNNA arts. 71-72, 97, 122 and 123), and an adult's
request to return (the return gate, ``domain/return_gate.py``)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.hub_reads import HubReads
from domain.route_vocabulary import BestInterestOutcome, NoticeRecipient
from domain.vocabulary import parse_code


class ChildrenUseCases(HubReads):
    """The restitution plan, the best interest, the notices of urgent measures, the child heard,
    an adult's return request."""

    def draw_up_restitution_plan(self, case_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.draw_up_restitution_plan()
        return self._save(case)

    def update_restitution_plan(self, case_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.update_restitution_plan()
        return self._save(case)

    def conclude_restitution_plan(self, case_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.conclude_restitution_plan()
        return self._save(case)

    def determine_best_interest(self, case_id: UUID, outcome: str) -> int:
        self._party()
        code = parse_code(BestInterestOutcome, outcome, field="outcome")
        case = self.get_case(case_id)
        case.determine_best_interest(code)
        return self._save(case)

    def notify_urgent_measure(
        self,
        case_id: UUID,
        measure_id: UUID,
        recipient: str,
        notified_at: datetime | None = None,
    ) -> int:
        """PPNNA's notice of an urgent protection measure to the prosecutor or the judge."""
        self._party()
        to = parse_code(NoticeRecipient, recipient, field="recipient")
        case = self.get_case(case_id)
        case.notify_urgent_measure(measure_id, to, notified_at or self.clock())
        return self._save(case)

    def record_child_heard(
        self, case_id: UUID, heard_at: datetime | None = None, interpreter: bool = False
    ) -> int:
        self._party()
        case = self.get_case(case_id)
        case.record_child_heard(heard_at or self.clock(), interpreter)
        return self._save(case)

    def record_return_request(self, case_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.record_return_request()
        return self._save(case)
