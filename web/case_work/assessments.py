"""Assessing the person's risk and age, from the case page.

Risk: a high level makes every referral issued from then on due as an urgent one
(``Deadlines.referral_due``); referrals already issued keep their deadline. Age: a person whose
age is unknown or disputed is presumed a child until an assessment says adult (LGDNNA art. 5),
and a child's case is owed a referral to PPNNA at once (``child_not_notified_to_ppnna``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.requests import AssessAge, AssessRisk
from domain.case_roles import Write
from domain.consent import PPNNA
from domain.hub import Hub
from domain.vocabulary import AgeAssessmentMethod, AgeGroup, RiskLevel
from web.case_work.actions import Action, Choice, Field, Kind, Situation, enum_choices, may


def _assess_risk(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.assess_risk(case_id, body.level, body.note)


def _assess_age(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.assess_age(case_id, body.age_group, body.estimated_age, body.method)


def _levels(situation: Situation) -> list[Choice]:
    """Each level in words, with a line on when it fits."""
    return [
        Choice(
            str(level),
            situation.label(RiskLevel, str(level)),
            hint=situation.t(f"web.action.assess_risk.level.{level}.hint"),
        )
        for level in RiskLevel
    ]


def _age_as_number(data: dict[str, Any], situation: Situation) -> dict[str, Any]:
    """The estimated age as the body's whole number; anything else is left for the body to
    refuse, at its field."""
    age = data.get("estimated_age")
    if isinstance(age, str) and age.isascii() and age.isdigit():
        return {**data, "estimated_age": int(age)}
    return data


def _risk_said(situation: Situation, item: UUID | None) -> dict[str, str]:
    level = situation.case.risk_level
    high = level == RiskLevel.HIGH
    return {
        "level": situation.label(RiskLevel, str(level)) if level else "",
        "then": situation.t("web.action.assess_risk.done_high") if high else "",
    }


def _age_said(situation: Situation, item: UUID | None) -> dict[str, str]:
    case = situation.case
    if not case.is_child:
        then = "web.action.assess_age.done_adult"
    elif any(r.to_agency == PPNNA for r in case.referrals):
        then = "web.action.assess_age.done_child_notified"
    else:
        then = "web.action.assess_age.done_child"
    return {"group": situation.label(AgeGroup, str(case.age_group)), "then": situation.t(then)}


ACTIONS = (
    Action(
        name="assess_risk",
        path="riesgo",
        body=AssessRisk,
        fields=(
            Field("level", Kind.RADIO, _levels, required=True),
            Field("note", Kind.TEXTAREA, sealed=True, limit=4000),
        ),
        command=_assess_risk,
        available=may(Write.ASSESS_RISK),
        said=_risk_said,
    ),
    Action(
        name="assess_age",
        path="edad",
        body=AssessAge,
        fields=(
            Field("age_group", Kind.RADIO, enum_choices(AgeGroup), required=True),
            Field("estimated_age", Kind.TEXT, hint=True),
            Field("method", Kind.RADIO, enum_choices(AgeAssessmentMethod), required=True),
        ),
        command=_assess_age,
        available=may(Write.ASSESS_AGE),
        prepare=_age_as_number,
        said=_age_said,
    ),
)
