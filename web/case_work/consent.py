"""The person's consent, its withdrawal and their decision about a complaint, from the case page.

Consent names the agencies that may receive the person's data and what for; withdrawing it is
no harder than giving it. In a child's case PPNNA, as legal representative (LGDNNA), records it
and may state child protection as the legal basis that replaces it. Services never depend on
filing a complaint (Ley General de Trata, art. 3 fr. XI).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from babel import Locale
from babel.lists import format_list

from api.schemas.requests import RecordComplaintDecision, RecordConsent, WithdrawConsent
from domain.access import Level
from domain.agencies import Participation
from domain.case_roles import Write
from domain.errors import (
    ConsentNeedsScope,
    LegalBasisNotApplicable,
    NotForChildren,
    NothingToWithdraw,
    NotTheLegalRepresentative,
    ServiceNotOffered,
)
from domain.hub import Hub
from domain.vocabulary import ComplaintDecision, LegalBasis, Service
from texts.labels import agency_acronym
from texts.translations import LOCALES
from web.case_work.actions import Action, Choice, Field, Kind, Situation, enum_choices
from web.detection.choices import COMMON_LANGUAGES


def case_parties(situation: Situation) -> list[Choice]:
    """The agencies that take part in cases, by their names (in a child's case, those that may
    see children's cases)."""
    child = situation.case.is_child
    return [
        Choice(a.code, situation.agency_name(a.code))
        for a in situation.catalogue
        if a.participation == Participation.CASE_PARTY and (a.sees_children_cases or not child)
    ]


def in_words(situation: Situation, items: list[str]) -> str:
    """``a, b y c``: a list in a sentence, in the reader's language."""
    return format_list(items, locale=LOCALES[situation.lang]) if items else ""


def sees_route(situation: Situation) -> bool:
    """Whether the agency may know the case's route (consent, measures, the complaint): a
    confirmation asked for by hand (``?hecho=``) says nothing more than the page does."""
    return situation.work.access.level >= Level.METADATA


def last_event(situation: Situation, name: str) -> Any:
    """The case's newest event of the type ``name`` (what the confirmation says)."""
    if situation.hub is None or not sees_route(situation):
        return None
    events = situation.hub.timeline(situation.reading.case_id)
    return next((e for e in reversed(events) if type(e).__name__ == name), None)


def _represents(situation: Situation) -> bool:
    """In a child's case only the legal representative speaks for the child (the domain's rule)."""
    return not situation.case.is_child or situation.case.represents_child(situation.agency)


def languages(situation: Situation) -> list[Choice]:
    names = Locale.parse(LOCALES[situation.lang]).languages
    return [Choice(c, str(names.get(c, c)).capitalize()) for c in COMMON_LANGUAGES]


def _child_basis(situation: Situation) -> list[Choice]:
    """What replaces consent in a child's case (the only basis the domain accepts here)."""
    if not situation.case.is_child:
        return []
    return enum_choices(LegalBasis)(situation)[:1]  # child_protection


def _granted(situation: Situation) -> list[Choice]:
    """The agencies consent covers now that this agency may withdraw it from."""
    granted = list(situation.case.consent.granted)
    if not (Write.WITHDRAW_CONSENT in situation.writes and _represents(situation)):
        granted = [c for c in granted if c == situation.agency]
    return [Choice(c, situation.agency_name(c)) for c in granted]


def _counted(situation: Situation) -> list[Choice]:
    """The person's answer to being counted in the statistics (PPNNA's, for a child)."""
    return [
        Choice(code, situation.t(f"web.action.record_consent.counted_{word}"))
        for code, word in (("si", "yes"), ("no", "no"), ("", "not_asked"))
    ]


def _answer_as_yes_or_no(data: dict[str, Any], situation: Situation) -> dict[str, Any]:
    """The answer as the body's true, false or nothing; anything else is left for the body to
    refuse, at its field."""
    said = data.get("counted_in_statistics")
    if said in (None, "", "si", "no"):
        return {**data, "counted_in_statistics": {"si": True, "no": False}.get(said or "")}
    return data


def _record(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.record_consent(
        case_id,
        list(body.agencies),
        [str(p) for p in body.purposes],
        body.informed_in,
        body.interpreter,
        body.legal_basis,
        body.counted_in_statistics,
    )


def _withdraw(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.withdraw_consent(case_id, list(body.agencies))


def _decide(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.record_complaint_decision(case_id, body.decision, body.with_agency)


def _recorded(situation: Situation, item: UUID | None) -> dict[str, str]:
    event = last_event(situation, "ConsentRecorded")
    agencies = [agency_acronym(a) for a in getattr(event, "agencies", [])]
    purposes = [situation.label(Service, p) for p in getattr(event, "purposes", [])]
    return {  # a child's case on its legal basis alone names no agency or purpose
        "agencies": in_words(situation, agencies)
        or situation.t("web.action.record_consent.basis_agencies"),
        "purposes": in_words(situation, purposes)
        or situation.t("web.action.record_consent.basis_purposes"),
    }


def _withdrawn(situation: Situation, item: UUID | None) -> dict[str, str]:
    event = last_event(situation, "ConsentWithdrawn")
    agencies = [agency_acronym(a) for a in getattr(event, "agencies", [])]
    return {"agencies": in_words(situation, agencies)}


def _decided(situation: Situation, item: UUID | None) -> dict[str, str]:
    decision = situation.case.complaint if sees_route(situation) else None
    return {"decision": situation.label(ComplaintDecision, str(decision)) if decision else ""}


def _prosecutors(situation: Situation) -> list[Choice]:
    return [
        c
        for c in case_parties(situation)
        if situation.catalogue.agencies[c.code].offers(Service.INVESTIGATION)
    ]


ACTIONS = (
    Action(
        name="record_consent",
        path="consentimiento",
        body=RecordConsent,
        fields=(
            Field("agencies", Kind.CHECKBOXES, case_parties),
            Field("purposes", Kind.CHECKBOXES, enum_choices(Service)),
            Field("informed_in", Kind.SELECT, languages, default=lambda s: "es"),
            Field("interpreter", Kind.CHECK),
            Field("legal_basis", Kind.RADIO, _child_basis, hint=True),
            Field("counted_in_statistics", Kind.RADIO, _counted, hint=True),
        ),
        command=_record,
        prepare=_answer_as_yes_or_no,
        available=lambda s: Write.RECORD_CONSENT in s.writes and _represents(s),
        refusals={
            ConsentNeedsScope: "agencies",
            NotForChildren: "agencies",
            NotTheLegalRepresentative: "agencies",
            LegalBasisNotApplicable: "legal_basis",
        },
        said=_recorded,
    ),
    Action(
        name="withdraw_consent",
        path="consentimiento/retirar",
        body=WithdrawConsent,
        fields=(Field("agencies", Kind.CHECKBOXES, _granted, required=True),),
        command=_withdraw,
        available=lambda s: (
            bool(_granted(s))
            and bool({Write.WITHDRAW_CONSENT, Write.WITHDRAW_OWN_CONSENT} & s.writes)
        ),
        refusals={NothingToWithdraw: "agencies", NotTheLegalRepresentative: "agencies"},
        said=_withdrawn,
    ),
    Action(
        name="complaint_decision",
        path="denuncia",
        body=RecordComplaintDecision,
        fields=(
            Field("decision", Kind.RADIO, enum_choices(ComplaintDecision), required=True),
            Field("with_agency", Kind.SELECT, _prosecutors, hint=True),
        ),
        command=_decide,
        available=lambda s: Write.COMPLAINT_DECISION in s.writes,
        refusals={LegalBasisNotApplicable: "with_agency", ServiceNotOffered: "with_agency"},
        said=_decided,
    ),
)
