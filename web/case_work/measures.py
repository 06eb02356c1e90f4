"""Protection measures actually provided, started and ended from the case page.

An agency attending the person records its own measures; the lead (or, for a child, PPNNA) also
records those another agency provides, under the person's consent for them or a stated legal
basis. A measure is ended by its provider or by the agency that recorded it. Where it is (the
shelter's location) is sealed on arrival and never goes into a link or a title.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.requests import EndMeasure, StartMeasure
from domain.case_roles import Write
from domain.errors import (
    ConsentNotCovering,
    ConsularNoticeBreachesAsylum,
    ConsularNoticeNotConsented,
    ConsularNoticeToAsylumSeeker,
    MeasureNotActive,
    NotACaseParty,
    NotTheCompetentAuthority,
    NotTheProvider,
    OwnMeasuresOnly,
    ProtectionScreeningRequired,
    ServiceNotOffered,
    TimeInFuture,
    TimeOutOfOrder,
)
from domain.hub import Hub
from domain.hub_base import Created
from domain.measures import Measure
from domain.vocabulary import LegalBasis, MeasureEndReason, MeasureKind
from web.case_work.actions import Action, Choice, Field, Kind, Situation, enum_choices, now_here
from web.case_work.consent import case_parties, sees_route


def _providers(situation: Situation) -> list[Choice]:
    """The acting agency; for the lead, any agency that takes part in cases."""
    if Write.START_MEASURE_FOR_ANOTHER in situation.writes:
        return case_parties(situation)
    return [Choice(situation.agency, situation.agency_name(situation.agency))]


def _endable(situation: Situation) -> list[Measure]:
    """Active measures this agency provides or recorded (``Measure.require_endable_by``)."""
    if situation.case.is_closed:
        return []
    return [
        m
        for m in situation.case.measures
        if m.is_active and situation.agency in (m.provider, m.recorded_by)
    ]


def _measures(situation: Situation) -> list[Choice]:
    return [
        Choice(
            str(m.id),
            situation.t(
                "web.action.end_measure.item",
                kind=situation.label(MeasureKind, str(m.kind)),
                agency=situation.agency_name(m.provider),
                date=m.started_at.astimezone(situation.zone).strftime("%d/%m/%Y"),
            ),
        )
        for m in _endable(situation)
    ]


def _start(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> Created:
    return hub.start_measure(
        case_id, body.kind, body.provider, body.location, body.started_at, body.legal_basis
    )


def _end(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    assert item is not None  # the route's {item}
    return hub.end_measure(case_id, item, body.reason, body.ended_at)


def _measure_said(situation: Situation, item: UUID | None) -> dict[str, str]:
    found = next((m for m in situation.case.measures if m.id == item), None)
    if found is None or not (
        sees_route(situation) or situation.agency in (found.provider, found.recorded_by)
    ):
        return {"kind": "", "agency": ""}
    return {
        "kind": situation.label(MeasureKind, str(found.kind)),
        "agency": situation.agency_name(found.provider),
    }


def _ended_said(situation: Situation, item: UUID | None) -> dict[str, str]:
    said = _measure_said(situation, item)
    found = next((m for m in situation.case.measures if m.id == item), None)
    reason = found.end_reason if found and said["kind"] else None
    return {
        **said,
        "reason": situation.label(MeasureEndReason, str(reason)) if reason else "",
    }


ACTIONS = (
    Action(
        name="start_measure",
        path="medidas/nueva",
        body=StartMeasure,
        fields=(
            Field("kind", Kind.RADIO, enum_choices(MeasureKind), required=True),
            Field(
                "provider",
                Kind.SELECT,
                _providers,
                required=True,
                default=lambda s: s.agency,
            ),
            Field("location", Kind.TEXT, sealed=True, limit=4000),
            Field("started_at", Kind.WHEN, default=now_here),
            Field("legal_basis", Kind.RADIO, enum_choices(LegalBasis), hint=True),
        ),
        command=_start,
        available=lambda s: bool(
            {Write.START_OWN_MEASURE, Write.START_MEASURE_FOR_ANOTHER} & s.writes
        ),
        refusals={
            ConsentNotCovering: "legal_basis",
            OwnMeasuresOnly: "provider",
            ServiceNotOffered: "provider",
            NotTheCompetentAuthority: "provider",
            ConsularNoticeBreachesAsylum: "provider",
            # the person's answers in the international-protection screening (Reglamento de
            # la LRPCAP, art. 22)
            ProtectionScreeningRequired: "kind",
            ConsularNoticeToAsylumSeeker: "kind",
            ConsularNoticeNotConsented: "kind",
            NotACaseParty: "provider",
            TimeInFuture: "started_at",
            TimeOutOfOrder: "started_at",
        },
        said=_measure_said,
    ),
    Action(
        name="end_measure",
        path="medidas/{item}/terminar",
        body=EndMeasure,
        fields=(
            Field(
                "reason",
                Kind.RADIO,
                enum_choices(MeasureEndReason),
                required=True,
                default=lambda s: str(MeasureEndReason.COMPLETED),
            ),
            Field("ended_at", Kind.WHEN, default=now_here),
        ),
        command=_end,
        available=lambda s: bool(_endable(s)),
        items=_measures,
        refusals={
            NotTheProvider: "reason",
            MeasureNotActive: "reason",
            TimeInFuture: "ended_at",
            TimeOutOfOrder: "ended_at",
        },
        said=_ended_said,
    ),
)
