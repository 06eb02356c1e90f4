"""What the route's later steps (issue 14) ask for: the notice to the prosecutor, urgent care
after sexual violence, the international-protection screening, and the child's steps."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool

from api.schemas.requests import Agency, Body, Text, Time, example
from domain.route_vocabulary import (
    BestInterestOutcome,
    NoticeRecipient,
    ScreeningAnswer,
    UrgentCareAnswer,
)


class NotifyProsecutor(Body):
    """The notice to the prosecutor (vista al Ministerio Público, CNPP art. 222)."""

    model_config = example(prosecutor="fge", reference="Oficio ficticio 123/2026")
    prosecutor: Agency
    reference: Text | None = None


class OfferUrgentMedicalCare(Body):
    """Urgent medical care after sexual violence offered, and the person's answer: no clinical
    detail, by design (NOM-046-SSA2-2005, 6.4.2)."""

    model_config = example(answer="accepted", offered_at="2026-11-20T15:00:00-05:00")
    answer: UrgentCareAnswer
    offered_at: Time | None = None


class ScreenForProtection(Body):
    model_config = example(
        comar_referral="declined", consular_notice="accepted",
        entered_at="2026-10-02T00:00:00-05:00", informed_in="es", interpreter=False,
    )  # fmt: skip
    comar_referral: ScreeningAnswer
    consular_notice: ScreeningAnswer | None = None
    entered_at: Time | None = None
    informed_in: Annotated[str, Field(max_length=16)] | None = None
    interpreter: StrictBool = False


class DetermineBestInterest(Body):
    model_config = example(outcome="return_to_country_of_origin")
    outcome: BestInterestOutcome


class NotifyUrgentMeasure(Body):
    model_config = example(recipient="judge", notified_at="2026-11-20T16:30:00-05:00")
    recipient: NoticeRecipient
    notified_at: Time | None = None


class RecordChildHeard(Body):
    model_config = example(heard_at="2026-11-21T10:00:00-05:00", interpreter=True)
    heard_at: Time | None = None
    interpreter: StrictBool = False
