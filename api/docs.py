"""``/docs``: the API's interactive reference, served whole by Ruta, under a strict policy.

Swagger UI's files are vendored in ``api/static/swagger-ui`` (government networks are often
closed to CDNs), and the page is written here rather than by FastAPI's ``get_swagger_ui_html``,
whose inline script a Content-Security-Policy without ``'unsafe-inline'`` would block: its
initializer is ``api/static/docs.js``. The OpenAPI document declares the bearer scheme
(``api.openapi``), so Swagger UI's Authorize button sends the token with "Try it out".
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from api.errors import lang_of
from texts.translations import translation

STATIC = Path(__file__).parent / "static"
FILES = "/docs/files"
# Swagger UI sets styles through the DOM (allowed), and its stylesheet draws icons as data: URIs
# (which the pages' own policy, ``web.app.CSP``, does not allow: this page keeps its own).
POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{files}/swagger-ui/swagger-ui.css">
</head>
<body>
<noscript><p>{noscript}</p></noscript>
<main id="swagger-ui" data-openapi="{openapi}"></main>
<script src="{files}/swagger-ui/swagger-ui-bundle.js"></script>
<script src="{files}/docs.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The page that loads Swagger UI from Ruta's own files."""
    lang = lang_of(request)
    text = translation(lang).section("api.docs")
    openapi = request.app.openapi_url or "/openapi.json"
    page = PAGE.format(
        lang="es-MX" if lang == "es" else lang,
        title=escape(text["title"]),
        noscript=escape(text["noscript"].format(openapi=openapi)),
        openapi=escape(openapi),
        files=FILES,
    )
    return HTMLResponse(page, headers=HEADERS)


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and its files; FastAPI's own pages must be turned off in the app."""
    app.include_router(router)
    app.mount(FILES, StaticFiles(directory=STATIC), name="docs-files")
