"""Closing a case when its route is over, and reopening it: by its lead (or, for a child, PPNNA).

A case closes only with nothing open (referrals, handoffs, measures): the domain refuses
otherwise, and the form says which are still open.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.schemas.requests import CloseCase, ReopenCase
from domain.case_roles import Write
from domain.hub import Hub
from domain.vocabulary import ClosureReason, ReopenReason
from web.case_work.actions import Action, Field, Kind, Situation, enum_choices, may


def _close(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.close_case(case_id, body.reason)


def _reopen(hub: Hub, case_id: UUID, item: UUID | None, body: Any) -> int:
    return hub.reopen_case(case_id, body.reason)


def _reason(situation: Situation, item: UUID | None) -> dict[str, str]:
    reason = situation.case.closure_reason
    return {"reason": situation.label(ClosureReason, str(reason)) if reason else ""}


ACTIONS = (
    Action(
        name="close",
        path="cerrar",
        body=CloseCase,
        fields=(Field("reason", Kind.RADIO, enum_choices(ClosureReason), required=True),),
        command=_close,
        available=may(Write.CLOSE),
        said=_reason,
    ),
    Action(
        name="reopen",
        path="reabrir",
        body=ReopenCase,
        fields=(Field("reason", Kind.RADIO, enum_choices(ReopenReason), required=True),),
        command=_reopen,
        available=may(Write.REOPEN),
    ),
)
