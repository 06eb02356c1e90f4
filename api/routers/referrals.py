"""Referrals (canalizaciones): issue, accept, decline, withdraw, complete."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.dependencies import CaseIdDep, CommandsDep, HubDep, NoBody
from api.schemas.requests import DeclineReferral, IssueReferral, WithdrawReferral
from api.schemas.responses import Recorded, ReferralCreated

router = APIRouter(prefix="/cases/{case_id}/referrals", tags=["referrals"])


@router.post("", status_code=201, response_model=ReferralCreated)
def issue_referral(
    case_id: CaseIdDep, body: IssueReferral, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Ask another agency for a service; outside the person's consent, state the legal basis."""
    return commands.run(
        body,
        lambda: hub.issue_referral(
            case_id, body.to_agency, body.service, body.urgency, body.note, body.legal_basis
        ),
        created="referral_id",
        case_id=case_id,
    )


@router.post("/{referral_id}/accept", response_model=Recorded, dependencies=[NoBody])
def accept_referral(
    case_id: CaseIdDep, referral_id: UUID, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Accept a referral addressed to the caller's agency."""
    return commands.run(None, lambda: hub.accept_referral(case_id, referral_id), case_id=case_id)


@router.post("/{referral_id}/decline", response_model=Recorded)
def decline_referral(
    case_id: CaseIdDep, referral_id: UUID, body: DeclineReferral, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Decline a referral addressed to the caller's agency, saying why."""
    return commands.run(
        body,
        lambda: hub.decline_referral(case_id, referral_id, body.reason, body.detail),
        case_id=case_id,
    )


@router.post("/{referral_id}/withdraw", response_model=Recorded)
def withdraw_referral(
    case_id: CaseIdDep,
    referral_id: UUID,
    body: WithdrawReferral,
    hub: HubDep,
    commands: CommandsDep,
) -> dict[str, object]:
    """Withdraw a referral the caller's agency issued."""
    return commands.run(
        body, lambda: hub.withdraw_referral(case_id, referral_id, body.reason), case_id=case_id
    )


@router.post("/{referral_id}/complete", response_model=Recorded, dependencies=[NoBody])
def complete_referral(
    case_id: CaseIdDep, referral_id: UUID, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Mark an accepted referral as completed: the service was given."""
    return commands.run(None, lambda: hub.complete_referral(case_id, referral_id), case_id=case_id)
