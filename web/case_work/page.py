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
from web.case_work.action_routes import offered, situation_of
from web.case_work.actions import Situation
from web.case_work.reading import (
    CaseWork,
    allowed_purposes,
    case_worker,
    parts_of,
    read_work,
)
from web.case_work.registry import ACTIONS, BY_NAME
from web.pages import page_language, render
from web.sessions import CsrfDep, Person, PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

DONE = ("accept", "decline", "acknowledge", "refuse", "answer")


@router.get("/casos/{folio}", response_model=None)
async def case_page(
    request: Request,
    folio: str,
    who: PersonDep,
    hecho: Annotated[str | None, Query(max_length=40)] = None,  # an action's name
    id: Annotated[UUID | None, Query()] = None,
) -> Response:
    case_worker(who)
    situation = await run_in_threadpool(situation_of, request, who, folio)
    done = hecho if hecho in DONE else None
    done_text = None
    if hecho in BY_NAME:
        done_text = situation.t(f"web.action.{hecho}.done", **BY_NAME[hecho].said(situation, id))
    return _page(
        request,
        who,
        situation.work,
        done=done,
        done_id=id,
        done_text=done_text,
        offers=offers(situation),
    )


def offers(situation: Situation) -> list[tuple[str, str]]:
    """What the agency may do in the case now, as (words, link): the case's actions, and each
    action on an item once per item it may act on."""
    folio = situation.reading.folio
    found: list[tuple[str, str]] = []
    for action in ACTIONS:
        if not offered(action, situation):
            continue
        link = situation.t(f"web.action.{action.name}.link")
        if action.on_item and action.items is not None:
            found.extend(
                (f"{link}: {c.label}", action.link(folio, c.code)) for c in action.items(situation)
            )
        else:
            found.append((link, action.link(folio)))
    return found


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
    situation = await run_in_threadpool(situation_of, request, who, folio)
    access = situation.work.access
    if proposito not in allowed_purposes(access):
        return _page(
            request, who, situation.work, purpose_error=True, status=400, offers=offers(situation)
        )
    purpose = Purpose(proposito)
    lang = page_language(request)
    work = await run_in_threadpool(read_work, parts, access, lang, purpose)
    return _page(request, who, work, purpose=purpose, offers=offers(situation))


def _page(
    request: Request,
    who: Person,
    work: CaseWork,
    *,
    purpose: Purpose | None = None,
    purpose_error: bool = False,
    done: str | None = None,
    done_id: UUID | None = None,
    done_text: str | None = None,
    offers: list[tuple[str, str]] | None = None,
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
        done_text=done_text,
        offers=offers or [],
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
