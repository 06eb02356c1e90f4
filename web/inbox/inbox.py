"""``/bandeja``: what my agency owes now, the most urgent first, and what changed in its cases
since my last visit."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from queries.inbox import OwedLine, owed_lines
from queries.recent_changes import changes_since, last_visit
from texts.durations import in_words
from web.case_review.timeline import lines as timeline_lines
from web.inbox.access import caseload_of, hub_of, own_agency
from web.pages import page_language, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

MOST_CHANGES = 30
# The most urgent lines shown: a longer list is not worked through; the caseload lists every
# case (and its "overdue" filter those past a deadline).
MOST_OWED = 100


@router.get("/bandeja", response_class=HTMLResponse)
async def inbox(request: Request, who: PersonDep) -> HTMLResponse:
    agency = own_agency(request, who)
    hub = hub_of(request)
    view = caseload_of(request)
    review = request.app.state.parts.review
    folios = request.app.state.parts.folios
    lang = page_language(request)
    now = hub.clock()

    def read() -> tuple[list[dict[str, object]], int, datetime, list[dict[str, object]]]:
        found, total = owed_lines(hub, agency.code, view, review, folios, now, MOST_OWED)
        owed = [_owed(line, now, lang) for line in found]
        since = last_visit(hub, who.account_id, who.session_id, now)
        changes = []
        for case in changes_since(hub, who.actor, agency, view, since):
            for line in timeline_lines(hub, case.entries, case.events, lang, hub.catalogue):
                changes.append({"folio": case.folio, "line": line})
        changes.sort(key=lambda change: change["line"].at, reverse=True)  # type: ignore[attr-defined]
        return owed, total, since, changes[:MOST_CHANGES]

    owed, total, since, changes = await run_in_threadpool(read)
    return render(request, "inbox/inbox.html", owed=owed, total=total, since=since, changes=changes)


def _owed(line: OwedLine, now: datetime, lang: str) -> dict[str, object]:
    late = line.late(now)
    return {
        "line": line,
        "late": late,
        "span": in_words(now - line.due_at if late else line.due_at - now, lang),
    }
