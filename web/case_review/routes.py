"""``/comision/casos``: find a case by its folio; ``/comision/casos/<folio>``: review it, now or
as it stood at any moment (``?al=`` a local date-time)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from adapters.bootstrap.parts import Parts
from domain.access import may_observe
from domain.actor import Role
from domain.errors import CaseNotFound
from domain.vocabulary import Purpose
from queries.need_to_know import case_of
from web.case_review.custody_drawing import drawing, duration
from web.case_review.moment import moment_of
from web.case_review.review import access_to, case_id_of, read_review
from web.pages import page_language, render
from web.sessions import PageForbidden, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

CASES = "/comision/casos"
Text = Annotated[str | None, Query(max_length=100)]


INVALID = object()  # a purpose that is not one of the codes: shown as an error on the field


def purpose_of(value: str | None) -> Any:
    """The purpose named to read the observations' texts: None, a ``Purpose``, or ``INVALID``."""
    if value is None or not value.strip():
        return None
    try:
        return Purpose(value.strip())
    except ValueError:
        return INVALID


def _parts(request: Request) -> Parts:
    found: Parts = request.app.state.parts
    return found


def _reviewer(request: Request, who: Person) -> Person:
    """The commission (of an oversight agency) and auditors review cases; others get a 403."""
    agency = _parts(request).hub.catalogue.agencies.get(who.agency)
    if who.has(Role.AUDITOR) or (agency is not None and may_observe(who.actor, agency)):
        return who
    raise PageForbidden()


@router.get(CASES, response_class=HTMLResponse)
def find_case(request: Request, who: PersonDep, folio: Text = None) -> Response:
    """The search box's answer: the case page of a known folio, a message for an unknown one."""
    _reviewer(request, who)
    if folio is None or not folio.strip():
        return render(request, "case/search.html", folio="", error=None)
    hub = _parts(request).hub
    try:
        case_id = case_id_of(hub, folio)
        reading = access_to(hub, who.actor, case_id)
    except CaseNotFound:
        return render(request, "case/search.html", folio=folio, error="unknown")
    return RedirectResponse(f"{CASES}/{case_of(reading).folio}", status_code=303)


@router.get(CASES + "/{reference}", response_class=HTMLResponse)
async def review_case(
    request: Request,
    reference: str,
    who: PersonDep,
    al: Text = None,
    proposito: Text = None,
) -> HTMLResponse:
    """The case review page; an unknown case and one the person may not know are the same 404."""
    _reviewer(request, who)
    parts = _parts(request)
    hub = parts.hub
    # An unknown case raises CaseNotFound: the 404 page, no sooner than the API's floor.
    access = await run_in_threadpool(access_to, hub, who.actor, case_id_of(hub, reference))
    zone = request.app.state.pages.zone
    moment = moment_of(al, zone, case_of(access).created_on, hub.clock())
    lang = page_language(request)
    purpose = purpose_of(proposito)
    named = purpose if isinstance(purpose, Purpose) else None
    review = await run_in_threadpool(read_review, parts, access, lang, moment.at, named)
    return render(
        request,
        "case/review.html",
        status=400 if moment.error or purpose is INVALID else 200,
        purposes=[str(p) for p in Purpose],
        purpose=named,
        purpose_error=purpose is INVALID,
        review=review,
        case=review.reading,
        moment=moment,
        asked=al or "",
        drawing=drawing(review, zone, lang),
        cases=CASES,
        duration=duration,
    )
