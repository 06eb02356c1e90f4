"""Cases: record a detection, list the caller's caseload, read a case and its timeline."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.dependencies import (
    AsOfDep,
    CaseAccessDep,
    CommandsDep,
    HubDep,
    MinPositionDep,
    PurposeDep,
    past_access,
)
from api.schemas.requests import RecordDetection
from api.schemas.responses import CaseOpened, CaseOut, Timeline
from domain.access import Level
from domain.case import Case
from domain.errors import CaseNotFound
from domain.hub import replay
from domain.hub_base import DetectionReport
from domain.past_access import PastAccess
from queries.case_view import case_out
from queries.timeline import timeline_out

router = APIRouter(prefix="/cases", tags=["cases"])


@router.post("", status_code=201, response_model=CaseOpened)
def record_detection(
    body: RecordDetection, hub: HubDep, commands: CommandsDep
) -> dict[str, object]:
    """Record a detection: it opens a case with the next folio of the year."""
    personal = body.personal_data.model_dump(exclude_none=True) if body.personal_data else {}
    report = DetectionReport(
        detected_at=body.detected_at,
        municipality=body.municipality,
        indicators=body.indicators,
        exploitation_forms=body.exploitation_forms,
        age_group=body.age_group,
        estimated_age=body.estimated_age,
        sex=body.sex,
        nationality=body.nationality,
        languages=body.languages,
        needs_interpreter=body.needs_interpreter,
        in_custody=body.in_custody,
        operation=body.operation,
        personal_data=personal,
    )
    return commands.run(body, lambda: hub.open_case(report))


@router.get("/{case_id}", response_model=CaseOut, response_model_exclude_unset=True)
def read_case(
    hub: HubDep,
    access: CaseAccessDep,
    purpose: PurposeDep = None,
    as_of: AsOfDep = None,
    min_position: MinPositionDep = None,
) -> CaseOut:
    """The case as the caller may see it; sealed fields only with ``X-Ruta-Purpose``.

    ``as_of`` answers from the events as they stood then, showing only what the caller was
    entitled to then and still is now. Read from the event store itself, so it is always
    current: ``min_position`` is accepted for symmetry and needs no wait.
    """
    case = access.case
    assert isinstance(case, Case)
    if as_of is not None:
        access = past_access(hub, case.id, access, as_of)
        case = access.case
        assert isinstance(case, Case)
    with hub.acting_as(access.actor):
        out = case_out(hub, case, access, purpose)
    if as_of is not None:
        out.as_of = as_of
    return out


@router.get("/{case_id}/timeline", response_model=Timeline, response_model_exclude_unset=True)
def read_timeline(
    case_id: UUID, hub: HubDep, access: CaseAccessDep, as_of: AsOfDep = None
) -> Timeline:
    """The case's events, redacted for the caller; sealed values are never in it.

    ``as_of``: the events recorded until then, as the caller saw them then and may see them now.
    """
    if access.level == Level.NONE:
        raise CaseNotFound(case_id=str(case_id))
    events = hub.timeline(case_id, until=as_of)
    if as_of is not None:  # the case as those events made it: read once, for both
        access = PastAccess.of(access, replay(None, events))
    return Timeline(case_id=case_id, items=timeline_out(events, access))
