"""For auditors: who was shown which personal data, when, and for what purpose."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.dependencies import ActorDep, HubDep
from api.schemas.responses import AccessLog, DisclosureOut
from domain.actor import Role
from domain.errors import RoleRequired

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("/access", response_model=AccessLog)
def access_log(
    hub: HubDep,
    who: ActorDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    case_id: UUID | None = None,
) -> AccessLog:
    """Every disclosure of sealed data in log order after ``after`` (auditors only)."""
    if not who.has(Role.AUDITOR):
        raise RoleRequired(role=str(Role.AUDITOR))
    entries = hub.access_log(after=after, limit=limit, case_id=case_id)
    return AccessLog(
        items=[DisclosureOut(**{**vars(e), "labels": list(e.labels)}) for e in entries],
        next=entries[-1].position if len(entries) == limit else None,
    )
