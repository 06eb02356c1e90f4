"""The first page after sign-in, and the language switch that every page carries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from domain.access import may_write_cases
from texts.translations import ENGLISH, SPANISH
from web.menu import sections_of
from web.pages import LANGUAGE, local_path, redirect, render
from web.sessions import PersonDep

router = APIRouter(tags=["pages"], include_in_schema=False)

YEAR = 365 * 24 * 3600


@router.get("/", response_model=None)
def home(request: Request, who: PersonDep) -> Response:
    if may_write_cases(who.actor):  # caseworkers and supervisors begin at their inbox
        return redirect("/bandeja")
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
