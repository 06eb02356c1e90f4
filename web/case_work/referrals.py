"""Referrals from the case page: refer the person to an agency that offers the service, withdraw
a referral the agency sent, conclude one it accepted.

A referral's destination is one choice of an agency and a service, grouped by service, among
only the agencies that offer it; each says whether the person's consent covers that agency for
that service (for a child, PPNNA's legal representation), so the legal basis is asked for where
consent is missing. The domain checks everything again: a referral outside consent without a
legal basis is refused in its words at the legal basis, and with one it is recorded as
``ConsentOverridden``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from api.schemas.requests import IssueReferral, WithdrawReferral
from domain.agencies import Agency, Participation
from domain.case_roles import Write
from domain.consent import ANY_PURPOSE, PPNNA
from domain.errors import ConsentNotCovering
from domain.hub import Hub
from domain.hub_base import Created
from domain.referral import Referral, ReferralStatus
from domain.vocabulary import LegalBasis, Service, Urgency, WithdrawalReason
from texts.labels import agency_acronym
from web.case_work.actions import Action, Choice, Field, Kind, Situation, enum_choices, may

HINT = "web.action.refer.consent."


class CompleteReferral(BaseModel):
    """Concluding a referral asks for nothing: the API's route takes no body either."""

    model_config = ConfigDict(extra="forbid")


def _offering(situation: Situation, service: Service) -> list[Agency]:
    """The case-party agencies that offer ``service``, but the acting agency (and, in a child's
    case, those that do not attend children: the domain refuses them)."""
    return [
        a
        for a in situation.catalogue
        if a.participation == Participation.CASE_PARTY
        and a.offers(service)
        and a.code != situation.agency
        and (a.sees_children_cases or not situation.case.is_child)
    ]


def _consent(situation: Situation, agency: Agency, service: Service) -> str:
    """Whether the person's consent covers ``agency`` for ``service``, in words."""
    case = situation.case
    if case.is_child:
        if agency.code == PPNNA:
            return situation.t(HINT + "child_ppnna")
        covered = case.consent.covers(agency, str(service), is_child=True)
        return situation.t(HINT + ("child_covered" if covered else "child_not_covered"))
    granted = case.consent.granted.get(agency.code, [])
    if str(service) in granted or ANY_PURPOSE in granted:
        return situation.t(HINT + "covered")
    if case.consent.covers(agency, str(service), is_child=False):
        return situation.t(HINT + "overridden")
    return situation.t(HINT + "not_covered")


def _name(situation: Situation, agency: Agency, service: Service) -> str:
    """The agency's name; beside a shelter, its places when the catalogue gives them."""
    name = situation.agency_name(agency.code)
    if service != Service.SHELTER or agency.capacity is None:
        return name
    return f"{name} ({situation.t('web.action.refer.capacity', places=agency.capacity)})"


def _destinations(situation: Situation) -> list[Choice]:
    choices: list[Choice] = []
    for service in Service:
        said = situation.label(Service, str(service))
        group = said[:1].upper() + said[1:]
        for agency in _offering(situation, service):
            code = f"{service}:{agency.code}"
            hint = _consent(situation, agency, service)
            choices.append(Choice(code, _name(situation, agency, service), group, hint))
    return choices


def _prepare(data: dict[str, Any], situation: Situation) -> dict[str, Any]:
    """``service:agency`` becomes the body's service and addressee."""
    service, _, to_agency = str(data.pop("destination", "")).partition(":")
    return {**data, "service": service, "to_agency": to_agency}


def _refer(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> Created:
    return hub.issue_referral(
        case_id, body.to_agency, body.service, body.urgency, body.note, body.legal_basis
    )


def _withdraw(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    assert item is not None  # the route's path has the item
    return hub.withdraw_referral(case_id, item, body.reason)


def _complete(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    assert item is not None
    return hub.complete_referral(case_id, item)


def _referral(situation: Situation, item: UUID | None) -> Referral | None:
    return next((r for r in situation.case.referrals if r.id == item), None)


def _words(situation: Situation, referral: Referral) -> dict[str, str]:
    return {
        "service": situation.label(Service, str(referral.service)),
        "agency": agency_acronym(referral.to_agency),
    }


def _sent(situation: Situation, item: UUID | None) -> dict[str, str]:
    referral = _referral(situation, item)
    if referral is None:
        return {"service": "", "agency": "", "due": ""}
    due = referral.due_at.astimezone(situation.zone).strftime("%d/%m/%Y %H:%M")
    return {**_words(situation, referral), "due": due}


def _said(situation: Situation, item: UUID | None) -> dict[str, str]:
    referral = _referral(situation, item)
    return _words(situation, referral) if referral else {"service": "", "agency": ""}


def _item(situation: Situation, referral: Referral) -> Choice:
    words = _words(situation, referral)
    return Choice(str(referral.id), f"{words['service']} · {words['agency']}")


def _withdrawable(situation: Situation) -> list[Choice]:
    """The referrals this agency sent that are still open: the domain lets their sender
    withdraw them while pending or accepted."""
    return [
        _item(situation, r)
        for r in situation.case.referrals
        if r.from_agency == situation.agency and r.is_open
    ]


def _completable(situation: Situation) -> list[Choice]:
    """The referrals addressed to this agency that it accepted and has not concluded."""
    return [
        _item(situation, r)
        for r in situation.case.referrals
        if r.to_agency == situation.agency and r.status == ReferralStatus.ACCEPTED
    ]


def _normal(situation: Situation) -> str:
    return str(Urgency.NORMAL)


def _case_open(situation: Situation) -> bool:
    return not situation.case.is_closed


ACTIONS = (
    Action(
        name="refer",
        path="canalizar",
        body=IssueReferral,
        fields=(
            Field("destination", Kind.RADIO, _destinations, required=True, hint=True),
            Field("legal_basis", Kind.RADIO, enum_choices(LegalBasis), hint=True),
            Field("urgency", Kind.RADIO, enum_choices(Urgency), default=_normal),
            Field("note", Kind.TEXTAREA, sealed=True, limit=8000),
        ),
        command=_refer,
        available=may(Write.ISSUE_REFERRAL),
        prepare=_prepare,
        refusals={ConsentNotCovering: "legal_basis"},
        said=_sent,
    ),
    Action(
        name="withdraw_referral",
        path="canalizaciones/{item}/retirar",
        body=WithdrawReferral,
        fields=(Field("reason", Kind.RADIO, enum_choices(WithdrawalReason), required=True),),
        command=_withdraw,
        available=_case_open,
        items=_withdrawable,
        said=_said,
    ),
    Action(
        name="complete_referral",
        path="canalizaciones/{item}/concluir",
        body=CompleteReferral,
        fields=(),
        command=_complete,
        available=_case_open,
        items=_completable,
        said=_said,
    ),
)
