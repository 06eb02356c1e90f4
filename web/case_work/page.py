"""``/casos/<folio>``: the case page of the agencies involved in the case.

A GET shows what the person's agency may see, without anything sealed. To read personal data
and sealed places, the person names a purpose in a form that is POSTed: the answer is the page
itself (no redirect, so nothing personal is ever in a URL or the browser's history), and it says
the reading was recorded. After an action, its confirmation in words (``?hecho=``).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from domain.access import may_write_cases
from domain.vocabulary import Purpose
from web.case_review.custody_drawing import drawing, duration
from web.case_work.reading import (
    CaseWork,
    allowed_purposes,
    case_worker,
    open_access,
    parts_of,
    read_work,
)
from web.pages import page_language, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

DONE = ("accept", "decline", "acknowledge", "refuse", "answer")


@router.get("/casos/{folio}", response_model=None)
async def case_page(
    request: Request,
    folio: str,
    who: PersonDep,
    hecho: Annotated[str | None, Query(max_length=20)] = None,
    id: Annotated[UUID | None, Query()] = None,
) -> Response:
    case_worker(who)
    parts = parts_of(request)
    access = await run_in_threadpool(open_access, parts, who, folio)
    work = await run_in_threadpool(read_work, parts, access, page_language(request))
    done = hecho if hecho in DONE else None
    return _page(request, who, work, done=done, done_id=id)


@router.post("/casos/{folio}", response_model=None, dependencies=[CsrfDep])
async def case_page_with_purpose(
    request: Request,
    folio: str,
    who: PersonDep,
    proposito: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """The page with what the named purpose lets the person read; the reading is recorded."""
    case_worker(who)
    parts = parts_of(request)
    access = await run_in_threadpool(open_access, parts, who, folio)
    lang = page_language(request)
    if proposito not in allowed_purposes(access):
        work = await run_in_threadpool(read_work, parts, access, lang)
        return _page(request, who, work, purpose_error=True, status=400)
    purpose = Purpose(proposito)
    work = await run_in_threadpool(read_work, parts, access, lang, purpose)
    return _page(request, who, work, purpose=purpose)


def _page(
    request: Request,
    who: Person,
    work: CaseWork,
    *,
    purpose: Purpose | None = None,
    purpose_error: bool = False,
    done: str | None = None,
    done_id: UUID | None = None,
    status: int = 200,
) -> Response:
    reading = work.reading
    agency = who.agency
    writer = may_write_cases(who.actor)
    details = reading.details
    return render(
        request,
        "case_work/case.html",
        status=status,
        case=reading,
        review=work.review,
        purposes=work.purposes,
        purpose=purpose,
        purpose_error=purpose_error,
        drawing=drawing(work.review, request.app.state.pages.zone, page_language(request))
        if details is not None
        else None,
        duration=duration,
        agency_code=agency,
        writer=writer,
        done=done,
        done_referral=next((r for r in reading.referrals if r.referral_id == done_id), None),
        open_handoffs=[
            h
            for h in (details.custody.handoffs if details else ())
            if h.to_agency == agency and h.status == "pending"
        ],
        observations=[
            o for o in (details.observations if details else ()) if o.concerning == agency
        ],
    )
