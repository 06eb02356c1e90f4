"""Urgent medical care after sexual violence, offered and answered, from the case page.

NOM-046-SSA2-2005 (6.4.2) makes sexual violence a medical emergency: antiretroviral prophylaxis
within 72 hours and emergency contraception up to 120 hours, offered at once; the person decides.
Whoever attends the person records that care was offered, when, and the answer: never what care
or any clinical detail. The page offers it in every case an agency attends, not only when the
detection names sexual exploitation: sexual violence happens under other forms too, and the
review rule ``urgent_medical_care_not_offered`` watches the cases that name it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.route_requests import OfferUrgentMedicalCare
from domain.case_roles import Write
from domain.errors import TimeInFuture, TimeOutOfOrder
from domain.hub import Hub
from domain.route_vocabulary import UrgentCareAnswer
from web.case_work.actions import Action, Field, Kind, Situation, enum_choices, may, now_here
from web.case_work.consent import last_event


def _offer(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.offer_urgent_medical_care(case_id, body.answer, body.offered_at)


def _offered_said(situation: Situation, item: UUID | None) -> dict[str, str]:
    event = last_event(situation, "UrgentMedicalCareOffered")
    answer = getattr(event, "answer", None)
    return {"answer": situation.label(UrgentCareAnswer, str(answer)) if answer else ""}


ACTIONS = (
    Action(
        name="urgent_medical_care",
        path="atencion-urgente",
        body=OfferUrgentMedicalCare,
        fields=(
            Field("answer", Kind.RADIO, enum_choices(UrgentCareAnswer), required=True),
            Field("offered_at", Kind.WHEN, default=now_here, hint=True),
        ),
        command=_offer,
        available=may(Write.URGENT_MEDICAL_CARE),
        refusals={TimeInFuture: "offered_at", TimeOutOfOrder: "offered_at"},
        said=_offered_said,
    ),
)
