"""Custody from the case page: handing the person over, taking them into care, releasing them.

Custody passes only when the receiving agency acknowledges a handoff that the current custodian
initiated, one open at a time (``domain/case_custody.py``); the page offers each action only
where the domain would accept it, and the domain checks again.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.requests import Body, InitiateHandoff, ReleaseCustody
from domain.agencies import Participation
from domain.case_roles import Write
from domain.errors import ConsentNotCovering
from domain.hub import Hub
from domain.hub_base import Created
from domain.vocabulary import CustodyEndReason, LegalBasis
from web.case_work.actions import Action, Choice, Field, Kind, Situation, enum_choices, may


def holds_custody(situation: Situation) -> bool:
    """The agency holds the person now and the case is open."""
    return not situation.case.is_closed and situation.case.custody.custodian == situation.agency


def _may_hand_over(situation: Situation) -> bool:
    custody = situation.case.custody
    return (
        holds_custody(situation)
        and custody.open_handoff() is None
        and not custody.whereabouts_unknown
    )


def _receivers(situation: Situation) -> list[Choice]:
    """The agencies that may receive the person: case parties that may hold custody (for a
    child, those that see children's cases), but the acting one."""
    return [
        Choice(agency.code, situation.agency_name(agency.code))
        for agency in situation.catalogue
        if agency.participation == Participation.CASE_PARTY
        and agency.may_hold_custody
        and (agency.sees_children_cases or not situation.case.is_child)
        and agency.code != situation.agency
    ]


def _hand_over(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> Created:
    return hub.initiate_handoff(case_id, body.to_agency, body.place, body.legal_basis)


def _handed_to(situation: Situation, item: UUID | None) -> dict[str, str]:
    handoff = next((h for h in situation.case.custody.handoffs if h.id == item), None)
    return {"agency": situation.agency_name(handoff.to_agency) if handoff else ""}


def _may_assume(situation: Situation) -> bool:
    agency = situation.catalogue.agencies.get(situation.agency)
    return (
        may(Write.ASSUME_CUSTODY)(situation)
        and situation.case.custody.custodian is None
        and agency is not None
        and agency.may_hold_custody
    )


def _assume(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.assume_custody(case_id)


def _may_release(situation: Situation) -> bool:
    """An adult leaves the custodian's care when no handoff is open; a child is handed over."""
    return (
        holds_custody(situation)
        and situation.case.custody.open_handoff() is None
        and not situation.case.is_child
    )


def _release(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.release_custody(case_id, body.reason)


ACTIONS = (
    Action(
        name="hand_over",
        path="entregar",
        body=InitiateHandoff,
        fields=(
            Field("to_agency", Kind.RADIO, _receivers, required=True),
            Field("place", Kind.TEXT, sealed=True, limit=4000),
            Field("legal_basis", Kind.RADIO, enum_choices(LegalBasis), hint=True),
        ),
        command=_hand_over,
        available=_may_hand_over,
        refusals={ConsentNotCovering: "legal_basis"},
        said=_handed_to,
    ),
    Action(
        name="assume_custody",
        path="custodia/asumir",
        body=Body,
        fields=(),
        command=_assume,
        available=_may_assume,
    ),
    Action(
        name="release_custody",
        path="custodia/liberar",
        body=ReleaseCustody,
        fields=(Field("reason", Kind.RADIO, enum_choices(CustodyEndReason), required=True),),
        command=_release,
        available=_may_release,
    ),
)
