"""Rule violations about what a command carries: accounts, keys, codes, times, agencies."""

from __future__ import annotations

from domain.errors.base import RuleViolation

# Accounts and keyed commands


class RoleNotHeld(RuleViolation):
    message = "The account does not hold the role {role}."


class AccountSuspended(RuleViolation):
    message = "The account is suspended."


class IdempotencyKeyReused(RuleViolation):
    message = "This Idempotency-Key was used for a different request."


# The detection and the codes


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


# Agencies and services


class UnknownAgency(RuleViolation):
    message = "{agency!r} is not an agency of the catalogue."


class ServiceNotOffered(RuleViolation):
    message = "Agency {agency} does not offer {service}."


class NotAProsecutor(RuleViolation):
    message = "Agency {agency} is not a prosecutor's office (Ministerio Público)."


class NotTheCompetentAuthority(RuleViolation):
    message = "Agency {agency} is not the authority that grants {measure}."


class ConsularNoticeBreachesAsylum(RuleViolation):
    message = (
        "Agency {agency} handles asylum claims and never notifies the person's consulate "
        "(asylum confidentiality)."
    )


class CannotHoldCustody(RuleViolation):
    message = "Agency {agency} may not hold custody of a person."


class NotForChildren(RuleViolation):
    message = "Agency {agency} does not attend children's cases."


class NotACaseParty(RuleViolation):
    message = "Agency {agency} does not take part in cases."


class SelfAddressed(RuleViolation):
    message = "An agency does not refer to or hand over to itself."
