"""The timeline lines of the route itself: referrals, custody, whereabouts, protection measures,
urgent medical care offered."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from domain.route_vocabulary import UrgentCareAnswer
from domain.vocabulary import (
    CustodyEndReason,
    DeclineReason,
    HandoffRefusalReason,
    MeasureEndReason,
    MeasureKind,
    Service,
    Urgency,
    WithdrawalReason,
)
from texts.labels import agency_acronym
from texts.timeline_writer import Describer, Parts, TimelineWriter


def _referral_issued(e: Any, w: TimelineWriter) -> Parts:
    urgent = str(e.urgency) != Urgency.NORMAL
    urgency = w("urgency", urgency=w.code(Urgency, e.urgency)) if urgent else ""
    to, service = agency_acronym(e.to_agency), w.code(Service, e.service)
    return [
        w("ReferralIssued", to=to, service=service, urgency=urgency),
        w("due", due=w.time(e.due_at)),
        w.basis(e),
        w.sealed(e, "note", "with_note"),
    ]


def _referral_answered(key: str, reasons: type[StrEnum] | None = None) -> Describer:
    """A referral's later events: who answered or closed it, and why when a reason is given."""
    phrase_of_what = "referral_to_for" if key == "ReferralWithdrawn" else "referral_for"

    def describer(e: Any, w: TimelineWriter) -> Parts:
        what = w.referral(e.referral_id, phrase_of_what)
        reason = w.code(reasons, e.reason) if reasons else ""
        main = w(key, agency=agency_acronym(e.agency), what=what, reason=reason)
        return [main, w.sealed(e, "detail", "with_note")]

    return describer


def _handoff_initiated(e: Any, w: TimelineWriter) -> Parts:
    return [
        w("CustodyHandoffInitiated", to=agency_acronym(e.to_agency)),
        w.basis(e),
        w.sealed(e, "place", "place_recorded"),
    ]


def _by_agency(key: str, reasons: type[StrEnum] | None = None) -> Describer:
    """An event that says only which agency acted, and maybe why."""

    def describer(e: Any, w: TimelineWriter) -> Parts:
        reason = w.code(reasons, e.reason) if reasons else ""
        return [w(key, agency=agency_acronym(e.agency), reason=reason)]

    return describer


def _custody_released(e: Any, w: TimelineWriter) -> Parts:
    """An adult who leaves decides so (shelters are not detention): the line says it is theirs."""
    agency = agency_acronym(e.agency)
    if str(e.reason) == CustodyEndReason.VOLUNTARY_DEPARTURE:
        return [w("CustodyReleased.persons_decision", agency=agency)]
    return [w("CustodyReleased", agency=agency, reason=w.code(CustodyEndReason, e.reason))]


def _whereabouts_unknown(e: Any, w: TimelineWriter) -> Parts:
    return [
        w("WhereaboutsUnknownReported", last_seen=w.time(e.last_seen_at)),
        w.sealed(e, "place", "place_recorded"),
    ]


def _person_located(e: Any, w: TimelineWriter) -> Parts:
    holder = e.custody_with
    return [
        w("PersonLocated"),
        w("in_custody", agency=agency_acronym(holder)) if holder else "",
        w.sealed(e, "place", "place_recorded"),
    ]


def _prosecutor_notified(e: Any, w: TimelineWriter) -> Parts:
    return [
        w("ProsecutorNotified", prosecutor=agency_acronym(e.prosecutor)),
        w.sealed(e, "reference", "reference_recorded"),
    ]


def _measure_started(e: Any, w: TimelineWriter) -> Parts:
    kind, provider = w.code(MeasureKind, e.kind), agency_acronym(e.provider)
    return [
        w("ProtectionMeasureStarted", kind=kind, provider=provider),
        w("since", started=w.time(e.started_at)),
        w.sealed(e, "location", "location_recorded"),
    ]


def _measure_ended(e: Any, w: TimelineWriter) -> Parts:
    known = w.measures.get(str(e.measure_id))
    what = (
        w("measure", kind=w.code(MeasureKind, known[0]), provider=agency_acronym(known[1]))
        if known
        else ""
    )
    reason = w.code(MeasureEndReason, e.reason)
    return [w("ProtectionMeasureEnded", what=what, ended=w.time(e.ended_at), reason=reason)]


def _urgent_care_offered(e: Any, w: TimelineWriter) -> Parts:
    # That care was offered and the answer: never what care (need to know, NOM-046-SSA2-2005).
    answer = w.code(UrgentCareAnswer, e.answer)
    return [w("UrgentMedicalCareOffered", offered=w.time(e.offered_at), answer=answer)]


ROUTE_DESCRIBERS: dict[str, Describer] = {
    "ReferralIssued": _referral_issued,
    "ReferralAccepted": _referral_answered("ReferralAccepted"),
    "ReferralDeclined": _referral_answered("ReferralDeclined", DeclineReason),
    "ReferralWithdrawn": _referral_answered("ReferralWithdrawn", WithdrawalReason),
    "ReferralCompleted": _referral_answered("ReferralCompleted"),
    "CustodyHandoffInitiated": _handoff_initiated,
    "CustodyHandoffAcknowledged": _by_agency("CustodyHandoffAcknowledged"),
    "CustodyHandoffRefused": _by_agency("CustodyHandoffRefused", HandoffRefusalReason),
    "CustodyAssumed": _by_agency("CustodyAssumed"),
    "CustodyReleased": _custody_released,
    "WhereaboutsUnknownReported": _whereabouts_unknown,
    "PersonLocated": _person_located,
    "ProtectionMeasureStarted": _measure_started,
    "ProtectionMeasureEnded": _measure_ended,
    "ProsecutorNotified": _prosecutor_notified,
    "UrgentMedicalCareOffered": _urgent_care_offered,
}
