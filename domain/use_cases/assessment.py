"""Assessments: the person's age group and the risk the person runs."""

from __future__ import annotations

from uuid import UUID

from domain.errors import InvalidValue
from domain.hub_reads import HubReads
from domain.vocabulary import AgeAssessmentMethod, AgeGroup, RiskLevel, parse_code


class AssessmentUseCases(HubReads):
    """Assessing the person's age and risk; a later assessment replaces an earlier one."""

    def assess_age(
        self, case_id: UUID, age_group: str, estimated_age: int | None, method: str
    ) -> int:
        self._party()
        group = parse_code(AgeGroup, age_group, field="age_group")
        if estimated_age is not None and not 0 <= estimated_age <= 120:
            raise InvalidValue(field="estimated_age", reason="an age from 0 to 120")
        case = self.get_case(case_id)
        case.assess_age(
            group, estimated_age, parse_code(AgeAssessmentMethod, method, field="method")
        )
        return self._save(case)

    def assess_risk(self, case_id: UUID, level: str, note: str | None = None) -> int:
        self._party()
        case = self.get_case(case_id)
        case.assess_risk(
            parse_code(RiskLevel, level, field="level"), self._seal_text(case_id, "risk.note", note)
        )
        return self._save(case)
