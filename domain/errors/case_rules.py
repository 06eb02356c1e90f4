"""Rule violations about what a case's record can say: consent, referrals, custody, closing."""

from __future__ import annotations

from domain.errors.base import RuleViolation

# Consent


class ConsentNotCovering(RuleViolation):
    message = (
        "The person's consent does not cover {agency} for {purpose}; state the legal basis "
        "that replaces it."
    )


class ConsentNeedsScope(RuleViolation):
    message = "A consent names at least one agency and one purpose."


class LegalBasisNotApplicable(RuleViolation):
    message = "The legal basis {legal_basis} does not apply here: {reason}."


class NothingToWithdraw(RuleViolation):
    message = "There is no consent to withdraw for {agency}."


# Referrals


class ReferralAlreadyAnswered(RuleViolation):
    message = "Referral {referral_id} was answered already ({status})."


class ReferralNotOpen(RuleViolation):
    message = "Referral {referral_id} is {status}; it cannot change now."


class DuplicateReferral(RuleViolation):
    message = "A referral to {agency} for {service} is open already ({referral_id})."


class DeclineNeedsReason(RuleViolation):
    message = "A declined referral says why."


class RiskAssessmentRequired(RuleViolation):
    message = "An assisted return is arranged only after a risk assessment."


# Custody


class HandoffAlreadyOpen(RuleViolation):
    message = "Custody handoff {handoff_id} is still open; one handoff at a time."


class HandoffNotOpen(RuleViolation):
    message = "Custody handoff {handoff_id} is {status}; it cannot change now."


class NobodyInCustody(RuleViolation):
    message = "Nobody holds custody of the person now."


class AlreadyInCustody(RuleViolation):
    message = "Agency {agency} holds custody already."


class ChildNeedsCustodian(RuleViolation):
    message = "A child is handed over to another agency, never released to nobody."


class WhereaboutsUnknown(RuleViolation):
    message = "The person's whereabouts are unknown; record that the person was located first."


class CustodyOnlyByAcknowledgement(RuleViolation):
    message = (
        "Custody passes to {agency} only when it acknowledges a handoff; the agency that found "
        "the person may take custody itself."
    )


class WhereaboutsKnown(RuleViolation):
    message = "The person's whereabouts are not reported unknown."


# Measures, observations, the case


class MeasureNotActive(RuleViolation):
    message = "Protection measure {measure_id} has ended already."


class ObservationAlreadyAnswered(RuleViolation):
    message = "Observation {observation_id} was answered already."


class CaseClosed(RuleViolation):
    message = "The case is closed; it accepts only reopening, observations and answers."


class CaseNotClosed(RuleViolation):
    message = "The case is open; only a closed case is reopened."


class CaseHasOpenItems(RuleViolation):
    message = "The case still has {count} open {items}; settle them before closing."


class PpnnaNeverNotified(RuleViolation):
    message = (
        "A child's case closes only after PPNNA has been notified of it (LGDNNA art. 12); "
        "refer the case to PPNNA first."
    )


class ChildNotHandedOver(RuleViolation):
    message = (
        "Agency {agency} still holds the child; hand the child over to PPNNA or DIF before "
        "closing the case (LGDNNA art. 122)."
    )


class DataAlreadyErased(RuleViolation):
    message = "The personal data of this case was erased already."


# The notice to the prosecutor (CNPP art. 222)


class ProsecutorAlreadyNotified(RuleViolation):
    message = "Prosecutor {agency} was notified of this case already."


# International protection (Ley sobre Refugiados, Protección Complementaria y Asilo Político)


class ProtectionScreeningRequired(RuleViolation):
    message = (
        "A foreign national's return or consular notice waits for the international-protection "
        "screening: record that a referral to COMAR was offered and the person's answer."
    )


class AsylumSeekerNotReturnable(RuleViolation):
    message = (
        "The person accepted the referral to COMAR: nobody seeking asylum is returned to their "
        "country while the claim stands."
    )


class ConsularNoticeToAsylumSeeker(RuleViolation):
    message = (
        "The person seeks asylum: the consulate of their country is not notified while the "
        "claim stands."
    )


class ConsularNoticeNotConsented(RuleViolation):
    message = "The consulate is notified only with the person's consent, asked in the screening."


class NotAForeignNational(RuleViolation):
    message = "International protection is for foreign nationals; the person is Mexican."
