"""The rest of a case's life: consent, complaint, urgent medical care, age and risk, personal
data, closing."""

from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import CaseIdDep, CommandsDep, HubDep
from api.schemas.requests import (
    AmendPersonalData,
    AssessAge,
    AssessRisk,
    CloseCase,
    ErasePersonalData,
    RecordComplaintDecision,
    RecordConsent,
    ReopenCase,
    WithdrawConsent,
)
from api.schemas.responses import ProsecutorNoticeCreated, Recorded
from api.schemas.route_requests import NotifyProsecutor, OfferUrgentMedicalCare, ScreenForProtection
from domain.actor import Role

router = APIRouter(prefix="/cases/{case_id}", tags=["lifecycle"])


@router.post("/consents", response_model=Recorded)
def record_consent(
    case_id: CaseIdDep, body: RecordConsent, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The person's informed consent, or for a child the legal basis PPNNA states."""
    return commands.run(
        body,
        lambda: hub.record_consent(
            case_id,
            body.agencies,
            list(body.purposes),
            body.informed_in,
            body.interpreter,
            body.legal_basis,
            body.counted_in_statistics,
        ),
        case_id=case_id,
    )


@router.post("/consents/withdraw", response_model=Recorded)
def withdraw_consent(
    case_id: CaseIdDep, body: WithdrawConsent, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Withdraw consent from the agencies named, or from every agency."""
    return commands.run(body, lambda: hub.withdraw_consent(case_id, body.agencies), case_id=case_id)


@router.post("/complaint-decisions", response_model=Recorded)
def record_complaint_decision(
    case_id: CaseIdDep, body: RecordComplaintDecision, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The person's decision to file a complaint, now or later: never a condition for help."""
    return commands.run(
        body,
        lambda: hub.record_complaint_decision(case_id, body.decision, body.with_agency),
        case_id=case_id,
    )


@router.post("/prosecutor-notices", response_model=ProsecutorNoticeCreated, status_code=201)
def notify_prosecutor(
    case_id: CaseIdDep, body: NotifyProsecutor, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The notice to the prosecutor (vista al Ministerio Público): a public servant's duty to
    report the crime at once (CNPP art. 222), apart from the person's own complaint decision;
    once per prosecutor. The reference is sealed on arrival."""
    recorded = commands.run(
        body,
        lambda: hub.notify_prosecutor(case_id, body.prosecutor, body.reference),
        case_id=case_id,
    )
    return {**recorded, "prosecutor": body.prosecutor}


@router.post("/urgent-medical-care", response_model=Recorded)
def offer_urgent_medical_care(
    case_id: CaseIdDep, body: OfferUrgentMedicalCare, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Urgent medical care after sexual violence was offered (NOM-046-SSA2-2005: prophylaxis
    within 72 h, emergency contraception up to 120 h), and the person accepted or declined it.
    Offering is what the review rule checks; no clinical detail is recorded."""
    return commands.run(
        body,
        lambda: hub.offer_urgent_medical_care(case_id, body.answer, body.offered_at),
        case_id=case_id,
    )


@router.post("/protection-screenings", response_model=Recorded)
def screen_for_protection(
    case_id: CaseIdDep, body: ScreenForProtection, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """The international-protection screening: a referral to COMAR offered and the person's
    answer, and whether they want their consulate told; needed before a foreign national's
    return or consular notice (Ley sobre Refugiados, Protección Complementaria y Asilo
    Político)."""
    return commands.run(
        body,
        lambda: hub.screen_for_protection(
            case_id,
            body.comar_referral,
            body.consular_notice,
            body.entered_at,
            body.informed_in,
            body.interpreter,
        ),
        case_id=case_id,
    )


@router.post("/age-assessments", response_model=Recorded)
def assess_age(
    case_id: CaseIdDep, body: AssessAge, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """An age assessment; until one says adult, a person of unknown age is a child."""
    return commands.run(
        body,
        lambda: hub.assess_age(case_id, body.age_group, body.estimated_age, body.method),
        case_id=case_id,
    )


@router.post("/risk-assessments", response_model=Recorded)
def assess_risk(
    case_id: CaseIdDep, body: AssessRisk, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """A risk assessment; a high risk makes every new referral due within the hour."""
    return commands.run(
        body, lambda: hub.assess_risk(case_id, body.level, body.note), case_id=case_id
    )


@router.post("/personal-data", response_model=Recorded)
def amend_personal_data(
    case_id: CaseIdDep, body: AmendPersonalData, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Correct or complete the person's data (sealed on arrival), or remove fields."""
    values = body.personal_data.model_dump(exclude_none=True)
    return commands.run(
        body, lambda: hub.amend_personal_data(case_id, values, body.remove), case_id=case_id
    )


@router.post("/personal-data/erase", response_model=Recorded)
def erase_personal_data(
    case_id: CaseIdDep, body: ErasePersonalData, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """ARCO cancellation or end of retention (administrators): the key is destroyed."""
    return commands.run(
        body,
        lambda: hub.erase_personal_data(case_id, body.reason),
        allowed=lambda who: who.has(Role.ADMIN),
        role=Role.ADMIN,
    )


@router.post("/close", response_model=Recorded)
def close_case(
    case_id: CaseIdDep, body: CloseCase, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Close the case once nothing is left open."""
    return commands.run(body, lambda: hub.close_case(case_id, body.reason), case_id=case_id)


@router.post("/reopen", response_model=Recorded)
def reopen_case(
    case_id: CaseIdDep, body: ReopenCase, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Reopen a closed case."""
    return commands.run(body, lambda: hub.reopen_case(case_id, body.reason), case_id=case_id)
