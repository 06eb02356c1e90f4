"""Rendering a page: its template, with what every page shows (the person, the language switch,
the CSRF token for its forms) in the reader's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment

from texts.translations import ENGLISH, SPANISH, translation
from web.menu import sections_of
from web.sessions import csrf_token, optional_person

LANGUAGE = "ruta_idioma"


def page_language(request: Request) -> str:
    """The language the person chose on the switch (remembered in a cookie); es-MX otherwise."""
    return ENGLISH if request.cookies.get(LANGUAGE) == ENGLISH else SPANISH


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env: Environment = request.app.state.pages.templates
    lang = page_language(request)
    who = optional_person(request)
    menu = sections_of(who.actor.roles) if who is not None else []
    page = env.get_template(template).render(
        request=request,
        t=translation(lang),
        lang=lang,
        person=who,
        menu=menu,
        current=current_section(menu, request.url.path),
        csrf=csrf_token(request),
        path=request.url.path,
        here=local_path(str(request.url.path) + _query(request)),
        **context,
    )
    return HTMLResponse(page, status_code=status)


def current_section(menu: list[tuple[str, str]], path: str) -> str | None:
    """The menu's section the page belongs to: the longest one whose path leads to it
    (``/casos/nuevo`` is the detection's, ``/casos/QR-…`` the cases')."""
    leading = [p for _, p in menu if path == p or path.startswith(p.rstrip("/") + "/")]
    return max(leading, key=len, default=None)


def redirect(to: str) -> RedirectResponse:
    """After a form: see the result with a GET (303), so that a reload posts nothing twice."""
    return RedirectResponse(local_path(to), status_code=303)


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path of this site; ``default`` for anything else (an open redirect
    to another site, a scheme, ``//host``)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return default
    return target


def _query(request: Request) -> str:
    query = request.url.query
    return f"?{query}" if query else ""
