"""Whereabouts from the case page: the person went missing, or was located again.

A disappearance starts the clock of the review rule ``whereabouts_unknown``: within
``whereabouts_notice`` (one hour) PPNNA (for a child) and a prosecutor must hear of it, by a
referral to each, unless they follow the case already (``domain/review_rules_custody.py``). The
confirmation says so, naming those still to be told.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.requests import ReportLocated, ReportWhereaboutsUnknown
from domain.agencies import AgencyKind
from domain.case_roles import Write
from domain.consent import PPNNA
from domain.hub import Hub
from web.case_work.actions import Action, Choice, Field, Kind, Situation, may, now_here


def _may_report_missing(situation: Situation) -> bool:
    return may(Write.WHEREABOUTS)(situation) and not situation.case.custody.whereabouts_unknown


def _may_report_located(situation: Situation) -> bool:
    return may(Write.WHEREABOUTS)(situation) and situation.case.custody.whereabouts_unknown


def _report_missing(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.report_whereabouts_unknown(case_id, body.last_seen_at, body.place)


def _report_located(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.report_located(case_id, body.custody_with, body.place)


def _follows(situation: Situation, code: str) -> bool:
    """The agency has heard: it reported it, holds the person or serves an open referral."""
    case = situation.case
    return (
        code == situation.agency
        or case.custody.custodian == code
        or any(r.to_agency == code and r.is_open for r in case.referrals)
    )


def _to_tell(situation: Situation, item: UUID | None) -> dict[str, str]:
    """Who must still be told within the hour, in words, as the review rule reads it."""
    prosecutors = [a.code for a in situation.catalogue.by_kind(AgencyKind.PROSECUTION)]
    child = situation.case.is_child and not _follows(situation, PPNNA)
    prosecutor = not any(_follows(situation, code) for code in prosecutors)
    base = "web.action.whereabouts_unknown.next."
    if child and prosecutor:
        return {"next": situation.t(base + "both")}
    if child:
        return {"next": situation.t(base + "ppnna")}
    if prosecutor:
        return {"next": situation.t(base + "prosecutor")}
    return {"next": situation.t(base + "none")}


def _self_as_holder(situation: Situation) -> list[Choice]:
    """Custody passes to another agency only by its acknowledgement: the agency that found the
    person may take them into its own custody, if it may hold custody at all."""
    agency = situation.catalogue.agencies.get(situation.agency)
    if agency is None or not agency.may_hold_custody:
        return []
    return [Choice(agency.code, situation.agency_name(agency.code))]


ACTIONS = (
    Action(
        name="whereabouts_unknown",
        path="paradero/desconocido",
        body=ReportWhereaboutsUnknown,
        fields=(
            Field("last_seen_at", Kind.WHEN, required=True, default=now_here),
            Field("place", Kind.TEXT, sealed=True, limit=4000),
        ),
        command=_report_missing,
        available=_may_report_missing,
        said=_to_tell,
    ),
    Action(
        name="located",
        path="paradero/localizada",
        body=ReportLocated,
        fields=(
            Field("custody_with", Kind.SELECT, _self_as_holder, hint=True),
            Field("place", Kind.TEXT, sealed=True, limit=4000),
        ),
        command=_report_located,
        available=_may_report_located,
    ),
)
