"""The timeline's lines of the children's route and the return gate (issue 14): what PPNNA
recorded of a child's protection, and an adult's own request to return."""

from __future__ import annotations

from typing import Any

from domain.route_vocabulary import BestInterestOutcome, NoticeRecipient
from domain.vocabulary import MeasureKind
from texts.labels import agency_acronym
from texts.timeline_writer import Describer, Parts, TimelineWriter


def _plain(key: str) -> Describer:
    def describer(e: Any, w: TimelineWriter) -> Parts:
        return [w(key)]

    return describer


def _best_interest(e: Any, w: TimelineWriter) -> Parts:
    return [w("BestInterestDetermined", outcome=w.code(BestInterestOutcome, e.outcome))]


def _urgent_measure_notified(e: Any, w: TimelineWriter) -> Parts:
    known = w.measures.get(str(e.measure_id))
    what = (
        w("measure", kind=w.code(MeasureKind, known[0]), provider=agency_acronym(known[1]))
        if known
        else ""
    )
    return [
        w(  # each recipient with its article: "al Ministerio Público", "a la autoridad..."
            f"UrgentMeasureNotified.{NoticeRecipient(e.recipient)}",
            what=what,
            notified=w.time(e.notified_at),
        )
    ]


def _child_heard(e: Any, w: TimelineWriter) -> Parts:
    return [
        w("ChildHeard", heard=w.time(e.heard_at)),
        w("ChildHeard.interpreter") if e.interpreter else "",
    ]


CHILDREN_DESCRIBERS: dict[str, Describer] = {
    "RestitutionPlanDrawnUp": _plain("RestitutionPlanDrawnUp"),
    "RestitutionPlanUpdated": _plain("RestitutionPlanUpdated"),
    "RestitutionPlanConcluded": _plain("RestitutionPlanConcluded"),
    "BestInterestDetermined": _best_interest,
    "UrgentMeasureNotified": _urgent_measure_notified,
    "ChildHeard": _child_heard,
    "ReturnRequestedByPerson": _plain("ReturnRequestedByPerson"),
}
