"""Who reads an agency's inbox and caseload: its caseworkers and supervisors, the API's rule
for ``GET /cases`` (``domain.access.may_write_cases``); anybody else gets the 403 page."""

from __future__ import annotations

from fastapi import HTTPException, Request

from domain.access import may_write_cases
from domain.agencies import Agency
from domain.hub import Hub
from projections.caseload import CaseloadView
from web.sessions import PageForbidden, Person


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.parts.hub
    return hub


def own_agency(request: Request, who: Person) -> Agency:
    """The person's agency, if the person acts for it on cases; else the 403 page."""
    if not may_write_cases(who.actor):
        raise PageForbidden()
    return hub_of(request).catalogue.get(who.agency)


def caseload_of(request: Request) -> CaseloadView:
    """The caseload view; a 503 error page if this process does not hold it."""
    view: CaseloadView | None = request.app.state.parts.caseload
    if view is None:
        raise HTTPException(503)
    return view
