"""The international-protection screening of a foreign national, from the case page.

Whoever attends a person who is not known to be Mexican offers a referral to COMAR and asks
whether the person wants their consulate told, before any return or consular contact (Ley sobre
Refugiados, Protección Complementaria y Asilo Político, art. 6; its Reglamento, art. 22); for a
child, PPNNA answers as legal representative (LGDNNA). The date the person entered Mexico, when
known, starts the 30 business days to claim refugee status (art. 18); the confirmation says
when they end. The domain refuses the screening of a Mexican national and, for a child, by
anyone but PPNNA.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from babel.dates import format_date

from api.schemas.route_requests import ScreenForProtection
from domain.case_roles import Write
from domain.errors import NotAForeignNational, NotTheLegalRepresentative, TimeInFuture
from domain.hub import Hub
from domain.review_rules_followup import business_deadline
from domain.route_vocabulary import ScreeningAnswer
from texts.translations import LOCALES
from web.case_work.actions import Action, Choice, Field, Kind, Situation
from web.case_work.consent import languages, last_event

BASE = "web.action.screen_for_protection"


def _offered(situation: Situation) -> bool:
    """To whoever attends a foreign national; in a child's case, to PPNNA alone."""
    case = situation.case
    return (
        Write.SCREEN_FOR_PROTECTION in situation.writes
        and case.is_foreign_national
        and (not case.is_child or case.represents_child(situation.agency))
    )


def _answers(name: str) -> Any:
    """The two answers, in the words of the question ``name`` asks."""

    def choices(situation: Situation) -> list[Choice]:
        return [Choice(str(a), situation.t(f"{BASE}.{name}.{a}")) for a in ScreeningAnswer]

    return choices


def _screen(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.screen_for_protection(
        case_id,
        str(body.comar_referral),
        str(body.consular_notice) if body.consular_notice else None,
        body.entered_at,
        body.informed_in,
        body.interpreter,
    )


def _screened(situation: Situation, item: UUID | None) -> dict[str, str]:
    """The answers in words and, when the person wants asylum, the day the claim's term ends."""
    event = last_event(situation, "InternationalProtectionScreened")
    if event is None:
        return {"comar": "", "term": "", "consular": ""}
    said = {
        "comar": situation.t(f"{BASE}.done.comar.{event.comar_referral}"),
        "term": "",
        "consular": "",
    }
    if event.consular_notice:
        said["consular"] = situation.t(f"{BASE}.done.consular.{event.consular_notice}")
    if event.comar_referral == ScreeningAnswer.ACCEPTED and situation.hub is not None:
        limits = situation.hub.limits
        start = event.entered_at or situation.case.detection.detected_at
        ends = business_deadline(
            start, limits.refugee_claim_business_days, limits.local_offset, limits.holidays
        )
        day = format_date(ends.date(), "long", locale=LOCALES[situation.lang])
        since = "entry" if event.entered_at else "detection"
        said["term"] = situation.t(f"{BASE}.done.term.{since}", date=day)
    return said


ACTIONS = (
    Action(
        name="screen_for_protection",
        path="proteccion-internacional",
        body=ScreenForProtection,
        fields=(
            Field("comar_referral", Kind.RADIO, _answers("comar_referral"), True, hint=True),
            Field("consular_notice", Kind.RADIO, _answers("consular_notice"), hint=True),
            Field("entered_at", Kind.DATE, hint=True),
            Field("informed_in", Kind.SELECT, languages, default=lambda s: "es"),
            Field("interpreter", Kind.CHECK),
        ),
        command=_screen,
        available=_offered,
        refusals={
            NotAForeignNational: "comar_referral",
            NotTheLegalRepresentative: "comar_referral",
            TimeInFuture: "entered_at",
        },
        said=_screened,
    ),
)
