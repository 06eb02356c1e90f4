"""Cases: record a detection, list the caller's caseload, read a case and its timeline."""

from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import (
    AsOfDep,
    CaseAccessDep,
    CaseIdDep,
    CommandsDep,
    HubDep,
    MinPositionDep,
    PurposeDep,
)
from api.schemas.case import CaseOut
from api.schemas.requests import RecordDetection
from api.schemas.responses import CaseOpened
from api.schemas.timeline import Timeline
from domain.hub_base import DetectionReport
from queries import case_view, timeline

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
        economic_sector=body.economic_sector,
        trafficking_scope=body.trafficking_scope,
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
    return CaseOut.of(case_view.read_case(hub, access, purpose, as_of))


@router.get("/{case_id}/timeline", response_model=Timeline, response_model_exclude_unset=True)
def read_timeline(
    case_id: CaseIdDep, hub: HubDep, access: CaseAccessDep, as_of: AsOfDep = None
) -> Timeline:
    """The case's events, redacted for the caller; sealed values are never in it.

    ``as_of``: the events recorded until then, as the caller saw them then and may see them now.
    """
    return Timeline.of(case_id, timeline.read_timeline(hub, access, as_of))
