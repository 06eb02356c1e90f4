"""The errors the domain raises on purpose: a shallow tree under four bases.

Every error has a stable ``code`` (its class name in snake case), the ``field`` of the command
that is wrong when there is one, and ``params`` that are safe to show: ids, codes, counts, never
personal data. The English ``message`` is a template over ``params``; the product's Spanish text
for each code lives at the edge (``texts/messages.py``).
"""

from __future__ import annotations

import re
from typing import ClassVar


class RutaError(Exception):
    """Base of every error that the hub raises on purpose."""

    message: ClassVar[str] = "The request cannot be carried out."

    def __init__(self, *, field: str | None = None, **params: object) -> None:
        self.field = field
        self.params = params
        super().__init__(self.message.format(**params))

    @classmethod
    def code(cls) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


class NotAuthenticated(RutaError):
    """The caller did not prove who it is: no token, an unknown one, or a revoked one."""

    message = "A valid bearer token is needed."


class NotFound(RutaError):
    """The thing asked for does not exist, or the caller may not know that it exists."""


class Forbidden(RutaError):
    """The caller exists and is known, but may not do this."""


class Conflict(RutaError):
    """The write raced another one, or what it would create exists already."""


class RuleViolation(RutaError):
    """The command would make the record say something that cannot be true."""


# Not found


class CaseNotFound(NotFound):
    message = "Case {case_id} was not found."


class ReferralNotFound(NotFound):
    message = "Referral {referral_id} is not part of this case."


class HandoffNotFound(NotFound):
    message = "Custody handoff {handoff_id} is not part of this case."


class MeasureNotFound(NotFound):
    message = "Protection measure {measure_id} is not part of this case."


class ObservationNotFound(NotFound):
    message = "Observation {observation_id} is not part of this case."


class PersonalDataUnavailable(NotFound):
    message = "The personal data of case {case_id} was erased and can no longer be read."


class DataKeyMissing(RutaError):
    """A case's data key is not in the key store, though the case was never erased: the key
    store was lost or restored from an older backup. A fault of the server, not of the request,
    and never to be shown as "no data"."""

    message = "The data key of case {case_id} is missing from the key store; it was not erased."


class AccountNotFound(NotFound):
    message = "Account {account_id} was not found."


# Forbidden


class NotInvolved(Forbidden):
    message = "Agency {agency} is not involved in this case."


class NotTheAddressee(Forbidden):
    message = "Only {addressee}, the addressee of the referral, may answer it."


class NotTheSender(Forbidden):
    message = "Only {sender}, which issued the referral, may withdraw it."


class NotTheCustodian(Forbidden):
    message = "Only the current custodian may initiate a custody handoff."


class NotTheReceiver(Forbidden):
    message = "Only {receiver}, the receiving agency, may acknowledge or refuse this handoff."


class OversightOnly(Forbidden):
    message = "Agency {agency} reviews cases and issues observations; it never changes a case."


class StatisticsOnly(Forbidden):
    message = "Agency {agency} receives anonymized statistics only."


class NotTheProvider(Forbidden):
    message = (
        "Only {provider}, which provides the measure, or the agency that recorded it, ends it."
    )


class NotTheCommission(Forbidden):
    message = "Only the human-rights commission issues observations."


class NotTheAgencyConcerned(Forbidden):
    message = "Only {agency}, the agency concerned, may answer this observation."


class NotTheLegalRepresentative(Forbidden):
    message = (
        "A child's consent is given by the child-protection authority as legal representative."
    )


class PurposeNotAllowed(Forbidden):
    message = "The purpose {purpose} is not one the caller's part in the case allows."


class NotShown(Forbidden):
    message = "Your agency's part in the case does not show its {what}."


class RoleRequired(Forbidden):
    message = "This action needs the {role} role."


class NotTheLead(Forbidden):
    """The write belongs to whoever leads the case (``domain/case_roles.py``)."""

    message = (
        "Only the agency that leads the case (the custodian; when nobody holds custody, the last "
        "agency that held it, or else the detecting agency) or, in a child's case, PPNNA as the "
        "child's legal representative may do this."
    )


class NotAttendingThePerson(Forbidden):
    """The write belongs to the agencies attending the person (``domain/case_roles.py``)."""

    message = (
        "Agency {agency} neither leads the case, nor represents the child, nor serves the person "
        "under an accepted referral; it may not do this."
    )


class OwnMeasuresOnly(Forbidden):
    message = (
        "A measure provided by {agency} is recorded by {agency} itself, by the agency that leads "
        "the case or by a child's legal representative."
    )


# Accounts


class RoleNotHeld(RuleViolation):
    message = "The account does not hold the role {role}."


class AccountSuspended(RuleViolation):
    message = "The account is suspended."


# Conflict


class ConcurrentUpdate(Conflict):
    message = "The case was changed by someone else meanwhile; load it again and retry."


class IdempotencyKeyReused(RuleViolation):
    message = "This Idempotency-Key was used for a different request."


class CaseExists(Conflict):
    message = "A case with id {case_id} exists already."


# Rules: the detection and the codes


class UnknownCode(RuleViolation):
    message = "{value!r} is not a known {vocabulary} code."


class TimeInFuture(RuleViolation):
    message = "An act may be recorded after the fact, never in the future."


class DetectionInFuture(TimeInFuture):
    message = "A detection may be recorded after the fact, never in the future."


class TimeNotAware(RuleViolation):
    message = "Times must carry their UTC offset."


class TimeOutOfOrder(RuleViolation):
    message = "This cannot have happened before {earlier}."


class UnknownMunicipality(RuleViolation):
    message = "{municipality!r} is not a municipality of this deployment."


class InconsistentAge(RuleViolation):
    message = "An estimated age of {estimated_age} contradicts the age group {age_group}."


class NoIndicators(RuleViolation):
    message = "A detection names at least one indicator."


class UnknownPersonalDataField(RuleViolation):
    message = "{name!r} is not a personal-data field."


class InvalidValue(RuleViolation):
    message = "The value is not valid: {reason}."


# Rules: agencies and services


class UnknownAgency(RuleViolation):
    message = "{agency!r} is not an agency of the catalogue."


class ServiceNotOffered(RuleViolation):
    message = "Agency {agency} does not offer {service}."


class CannotHoldCustody(RuleViolation):
    message = "Agency {agency} may not hold custody of a person."


class NotForChildren(RuleViolation):
    message = "Agency {agency} does not attend children's cases."


class NotACaseParty(RuleViolation):
    message = "Agency {agency} does not take part in cases."


class SelfAddressed(RuleViolation):
    message = "An agency does not refer to or hand over to itself."


# Rules: consent


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


# Rules: referrals


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


# Rules: custody


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


# Rules: measures, observations, the case


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


class DataAlreadyErased(RuleViolation):
    message = "The personal data of this case was erased already."
