"""A case's timeline as people read it: one line per event, in es-MX or English.

Codes become labels, agencies their acronyms, times the deployment's local time. Sealed fields
(notes, places, locations, personal data) are never unsealed here: a line says at most that one
was recorded. An event type this module does not know (one added later) still gets a line: its
type name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.agencies import AgencyCatalogue
from domain.countries import UNKNOWN_NATIONALITY
from domain.personal_data import PersonalField
from domain.route_vocabulary import ScreeningAnswer
from domain.vocabulary import (
    AgeAssessmentMethod,
    AgeGroup,
    ClosureReason,
    ComplaintDecision,
    ErasureReason,
    ExploitationForm,
    Indicator,
    MeasureKind,
    ObservationKind,
    ReopenReason,
    RiskLevel,
    Service,
    Sex,
)
from texts.labels import agency_acronym, country_name, language
from texts.timeline_children import CHILDREN_DESCRIBERS
from texts.timeline_route import ROUTE_DESCRIBERS
from texts.timeline_writer import Describer, Parts, TimelineWriter, agencies

ANY_PURPOSE = "*"  # the purpose of a custody handoff's consent override (domain.consent)


def describe(event: object, lang: str = "es", catalogue: AgencyCatalogue | None = None) -> str:
    """What ``event`` says happened, in one line of the reader's language."""
    return _describe(event, TimelineWriter(language(lang), catalogue))


def timeline_lines(
    events: Iterable[object], lang: str = "es", catalogue: AgencyCatalogue | None = None
) -> list[str]:
    """``dd/mm/yyyy HH:MM  AGENCY  description`` for each event, in order."""
    writer = TimelineWriter(language(lang), catalogue)
    lines = []
    for event in events:
        text = _describe(event, writer)
        # Later events name a referral, handoff or measure by id only: remember what it was.
        writer.learn(event)
        when = getattr(event, "timestamp", None)
        shown = writer.time(when) if isinstance(when, datetime) else ""
        lines.append(f"{shown}  {agency_acronym(getattr(event, 'agency', None))}  {text}")
    return lines


def _describe(event: object, w: TimelineWriter) -> str:
    name = type(event).__name__
    describer = _DESCRIBERS.get(name)
    if describer is None:
        return name
    try:
        parts = describer(event, w)
    except (AttributeError, KeyError, TypeError, ValueError):
        # A stored event of an older shape than this code expects: a line, never a crash.
        return name
    return "; ".join(part for part in parts if part)


def _opened(e: Any, w: TimelineWriter) -> Parts:
    d = e.detection
    forms = list(d.exploitation_forms)
    main = (
        w("CaseOpened", municipality=d.municipality, forms=w.codes(ExploitationForm, forms))
        if forms
        else w("CaseOpened.no_forms", municipality=d.municipality)
    )
    age = w.code(AgeGroup, d.age_group)
    detected = w.time(d.detected_at)
    if d.estimated_age is not None:
        age += f" ({w('estimated_age', age=d.estimated_age)})"
    nationality = (
        w("nationality_unknown")
        if d.nationality == UNKNOWN_NATIONALITY
        else w("nationality", nationality=country_name(d.nationality, w.lang))
    )
    return [
        main,
        w("indicators", indicators=w.codes(Indicator, d.indicators)) if d.indicators else "",
        w("person", age_group=age, sex=w.code(Sex, d.sex), nationality=nationality),
        w("interpreter_needed") if d.needs_interpreter else "",
        w("in_custody", agency=agency_acronym(d.agency)) if d.in_custody else "",
        w("operation", operation=d.operation) if d.operation else "",
        # A detection may be recorded after the fact: then the line's time is not its time.
        w("detected_at", detected=detected) if detected != w.time(e.timestamp) else "",
    ]


def _age_assessed(e: Any, w: TimelineWriter) -> Parts:
    return [
        w("AgeAssessed", age_group=w.code(AgeGroup, e.age_group)),
        w("estimated_age", age=e.estimated_age) if e.estimated_age is not None else "",
        w("method", method=w.code(AgeAssessmentMethod, e.method)),
    ]


def _risk_assessed(e: Any, w: TimelineWriter) -> Parts:
    return [w("RiskAssessed", level=w.code(RiskLevel, e.level)), w.sealed(e, "note", "with_note")]


def _consent_recorded(e: Any, w: TimelineWriter) -> Parts:
    representative = e.given_by == "legal_representative"
    who = w("ConsentRecorded.legal_representative" if representative else "ConsentRecorded.person")
    main = who
    if e.agencies:
        main = w("scope", who=who, agencies=agencies(e.agencies))
        if e.purposes:
            main += f": {w.codes(Service, e.purposes)}"
    return [
        main,
        w.basis(e),
        w("informed_in", language=e.informed_in) if e.informed_in else "",
        w("interpreter") if e.interpreter else "",
    ]


def _consent_withdrawn(e: Any, w: TimelineWriter) -> Parts:
    return [w("ConsentWithdrawn", agencies=agencies(e.agencies))]


def _consent_overridden(e: Any, w: TimelineWriter) -> Parts:
    purpose = w("any_purpose") if e.purpose == ANY_PURPOSE else w.code(Service, e.purpose)
    agency = agency_acronym(e.to_agency)
    return [w("ConsentOverridden", agency=agency, purpose=purpose), w.basis(e)]


def _complaint_decision(e: Any, w: TimelineWriter) -> Parts:
    decision = w.code(ComplaintDecision, e.decision)
    if e.with_agency:
        agency = agency_acronym(e.with_agency)
        return [w("ComplaintDecisionRecorded.with", decision=decision, agency=agency)]
    return [w("ComplaintDecisionRecorded", decision=decision)]


def _protection_screened(e: Any, w: TimelineWriter) -> Parts:
    """The answers are codes; the fact that the person seeks asylum reaches only the agencies
    that see the case's route (LRPCAP art. 5, confidentiality)."""
    key = "InternationalProtectionScreened"
    consular = e.consular_notice
    return [
        w(f"{key}.{ScreeningAnswer(e.comar_referral)}"),
        w(f"{key}.consular.{ScreeningAnswer(consular)}") if consular else "",
        w(f"{key}.entered") if e.entered_at else "",  # the day itself stays in the event
        w("interpreter") if e.interpreter else "",
    ]


def _by_reason(key: str, reasons: type[StrEnum]) -> Describer:
    def describer(e: Any, w: TimelineWriter) -> Parts:
        return [w(key, reason=w.code(reasons, e.reason))]

    return describer


def _personal_data_amended(e: Any, w: TimelineWriter) -> Parts:
    # The names of the fields are codes, safe to show; their sealed values are not touched.
    fields = w.codes(PersonalField, list(e.personal_data))
    removed = w.codes(PersonalField, e.removed)
    if fields:
        return [
            w("PersonalDataAmended", fields=fields),
            w("removed", removed=removed) if removed else "",
        ]
    if removed:
        return [w("PersonalDataAmended.only_removed", removed=removed)]
    return [w("PersonalDataAmended.nothing")]


def _observation_issued(e: Any, w: TimelineWriter) -> Parts:
    kind = w.code(ObservationKind, e.kind)
    return [
        w("ObservationIssued", kind=kind, concerning=agency_acronym(e.concerning)),
        _subject(e.subject_id, w) if e.subject_id is not None else "",
    ]


def _subject(subject_id: object, w: TimelineWriter) -> str:
    key = str(subject_id)
    if key in w.referrals:
        return w.referral(key, "about_referral")
    if key in w.handoffs:
        return w("about_handoff", to=agency_acronym(w.handoffs[key]))
    if key in w.measures:
        kind, provider = w.measures[key]
        return w("about_measure", kind=w.code(MeasureKind, kind), provider=agency_acronym(provider))
    return ""


def _observation_answered(e: Any, w: TimelineWriter) -> Parts:
    kind = w.observations.get(str(e.observation_id))
    what = w("observation", kind=w.code(ObservationKind, kind)) if kind else ""
    return [w("ObservationAnswered", agency=agency_acronym(e.agency), what=what)]


_DESCRIBERS: dict[str, Describer] = {
    "CaseOpened": _opened,
    "AgeAssessed": _age_assessed,
    "RiskAssessed": _risk_assessed,
    "ConsentRecorded": _consent_recorded,
    "ConsentWithdrawn": _consent_withdrawn,
    "ConsentOverridden": _consent_overridden,
    "ComplaintDecisionRecorded": _complaint_decision,
    "InternationalProtectionScreened": _protection_screened,
    **ROUTE_DESCRIBERS,
    **CHILDREN_DESCRIBERS,
    "PersonalDataAmended": _personal_data_amended,
    "PersonalDataErased": _by_reason("PersonalDataErased", ErasureReason),
    "ObservationIssued": _observation_issued,
    "ObservationAnswered": _observation_answered,
    "CaseClosed": _by_reason("CaseClosed", ClosureReason),
    "CaseReopened": _by_reason("CaseReopened", ReopenReason),
}
