"""Who may read the commission's pages, and which agency's findings they see.

The API's rules: the commission reads every agency's findings, a supervisor its own agency's;
everybody else (a caseworker, an auditor) gets the 403 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request

from domain.access import may_observe
from domain.actor import Role
from domain.agencies import Agency
from domain.hub import Hub
from projections.review import ReviewView
from queries.folios import Folios
from web.sessions import PageForbidden, Person


@dataclass(frozen=True)
class Scope:
    """The reader's agency, and the one agency they are limited to (None: every agency)."""

    agency: Agency
    only: str | None

    @property
    def commission(self) -> bool:
        return self.only is None


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.parts.hub
    return hub


def folios_of(request: Request) -> Folios:
    """The process's folio cache (``queries.folios``), built with the parts."""
    folios: Folios = request.app.state.parts.folios
    return folios


def review_of(request: Request) -> ReviewView:
    """The review view; a 503 error page if this process does not hold it."""
    view: ReviewView | None = request.app.state.parts.review
    if view is None:
        raise HTTPException(503)
    return view


def reading_scope(request: Request, who: Person) -> Scope:
    """The commission: every agency; a supervisor: its own; anybody else: the 403 page."""
    agency = hub_of(request).catalogue.get(who.agency)
    if may_observe(who.actor, agency):
        return Scope(agency, None)
    if who.has(Role.SUPERVISOR):
        return Scope(agency, agency.code)
    raise PageForbidden()


def commission_only(request: Request, who: Person) -> Scope:
    """Only the commission (issuing observations)."""
    scope = reading_scope(request, who)
    if not scope.commission:
        raise PageForbidden()
    return scope
