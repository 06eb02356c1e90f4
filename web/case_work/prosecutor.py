"""The notice to the prosecutor (vista al Ministerio Público): any agency that knows the case's
route reports the crime to a prosecutor's office not yet notified (CNPP art. 222)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.route_requests import NotifyProsecutor
from domain.agencies import AgencyKind, Participation
from domain.case_roles import Write
from domain.errors import NotAProsecutor, ProsecutorAlreadyNotified
from domain.hub import Hub
from texts.labels import agency_acronym
from web.case_work.actions import Action, Choice, Field, Kind, Situation
from web.case_work.consent import sees_route


def _notify(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.notify_prosecutor(case_id, body.prosecutor, body.reference)


def _not_yet_notified(situation: Situation) -> list[Choice]:
    """The prosecutors' offices of the catalogue that this case has not notified yet."""
    notified = {n.prosecutor for n in situation.case.prosecutor_notices}
    return [
        Choice(a.code, situation.agency_name(a.code))
        for a in situation.catalogue
        if a.kind == AgencyKind.PROSECUTION
        and a.participation == Participation.CASE_PARTY
        and a.code not in notified
    ]


def _notified(situation: Situation, item: UUID | None) -> dict[str, str]:
    """The office told: to an agency that sees the case's route, or to the one that gave the
    notice (the detecting agency sees a receipt, yet it gives the vista itself)."""
    notices = [
        n
        for n in situation.case.prosecutor_notices
        if sees_route(situation) or n.by == situation.agency
    ]
    return {"prosecutor": agency_acronym(notices[-1].prosecutor) if notices else ""}


ACTIONS = (
    Action(
        name="notify_prosecutor",
        path="vista",
        body=NotifyProsecutor,
        fields=(
            Field("prosecutor", Kind.RADIO, _not_yet_notified, required=True),
            Field("reference", Kind.TEXTAREA, hint=True, sealed=True, limit=4000),
        ),
        command=_notify,
        available=lambda s: Write.NOTIFY_PROSECUTOR in s.writes and bool(_not_yet_notified(s)),
        refusals={NotAProsecutor: "prosecutor", ProsecutorAlreadyNotified: "prosecutor"},
        said=_notified,
    ),
)
