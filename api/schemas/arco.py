"""What administrators send about ARCO requests (LGPDPPSO arts. 37-50): codes only. The
requester's name and papers stay in the unit of transparency's own file."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool

from api import case_reference
from api.schemas.requests import Body, Time, example
from domain.arco import (
    ArcoDecision,
    ArcoExtensionReason,
    ArcoKind,
    ArcoRefusalGround,
    ArcoRequester,
)

CaseReference = Annotated[
    str,
    Field(
        min_length=1,
        max_length=case_reference.MAX_LENGTH,
        pattern=case_reference.PATTERN,
        description=case_reference.DESCRIPTION,
        examples=case_reference.EXAMPLES,
    ),
]


class ReceiveArcoRequest(Body):
    """A request received by the unit of transparency; ``identity_checked`` says whether the
    holder's identity (and a representative's power) was accredited, off the system (art. 49)."""

    model_config = example(
        case="QR-2026-000001", kind="cancellation", requester="holder",
        identity_checked=True, received_at="2026-11-20T10:00:00-05:00",
    )  # fmt: skip
    case: CaseReference
    kind: ArcoKind
    requester: ArcoRequester
    identity_checked: StrictBool
    received_at: Time


class ExtendArcoRequest(Body):
    """The one extension of the answer's term by 10 business days (art. 45)."""

    model_config = example(reason="several_agencies")
    reason: ArcoExtensionReason


class AnswerArcoRequest(Body):
    """Grant, or refuse on one ground of art. 49 (``ground``, required for a refusal only)."""

    model_config = example(decision="refused", ground="obstructs_proceedings")
    decision: ArcoDecision
    ground: ArcoRefusalGround | None = None
