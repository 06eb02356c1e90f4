"""Not found: what was asked for does not exist, or the caller may not know it does."""

from __future__ import annotations

from domain.errors.base import NotFound, RutaError


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


# Beside the errors of things not found, as it answers the same question (can the case's data be
# read?), but a fault of the server: not a NotFound, so it is never answered as one.
class DataKeyMissing(RutaError):
    """A case's data key is not in the key store, though the case was never erased: the key
    store was lost or restored from an older backup. A fault of the server, not of the request,
    and never to be shown as "no data"."""

    message = "The data key of case {case_id} is missing from the key store; it was not erased."


class AccountNotFound(NotFound):
    message = "Account {account_id} was not found."
