"""The errors of ARCO requests (LGPDPPSO arts. 45 and 49): what cannot be true of one."""

from __future__ import annotations

from domain.errors.base import Conflict, NotFound, RuleViolation


class ArcoRequestNotFound(NotFound):
    message = "ARCO request {request_id} was not found."


class ArcoStepOutOfOrder(Conflict):
    message = "The ARCO request is {status}: it cannot {step} now."


class ArcoGroundRequired(RuleViolation):
    message = "A refusal names one ground of LGPDPPSO art. 49, and a grant none."


class ArcoIdentityNotChecked(RuleViolation):
    message = "The requester's identity was not accredited: the request can only be refused."


class RetentionNotSet(RuleViolation):
    message = "No retention period is set for this deployment (RUTA_RETENTION_YEARS)."
