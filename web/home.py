"""The first page after sign-in, and the language switch that every page carries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from texts.translations import ENGLISH, SPANISH
from web.menu import sections_of
from web.pages import LANGUAGE, local_path, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

YEAR = 365 * 24 * 3600


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: PersonDep) -> HTMLResponse:
    return render(request, "home.html", sections=sections_of(who.actor.roles))


@router.get("/idioma/{lang}")
def switch_language(
    lang: str, volver: Annotated[str | None, Query(max_length=500)] = None
) -> RedirectResponse:
    """Remember the language chosen on the switch, and go back to the page it was on."""
    chosen = ENGLISH if lang == ENGLISH else SPANISH
    response = RedirectResponse(local_path(volver), status_code=303)
    response.set_cookie(LANGUAGE, chosen, max_age=YEAR, path="/", samesite="strict", httponly=True)
    return response
