"""The whole site ``ruta serve`` runs: the HTTP API for systems and the pages for people, one
app over the same parts (``adapters.bootstrap``), so a page never shows what the API refuses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from adapters.bootstrap.parts import Parts
from api.app import create_app
from web.app import install_web, pages


def create_site(
    parts: Parts, *, cookie_key: bytes, time_zone: str = "America/Cancun", **api: Any
) -> FastAPI:
    """The API (``create_app`` with ``api``'s options) with the pages added to it."""
    app = create_app(parts, **api)
    install_web(app, pages(parts.hub.catalogue, cookie_key, time_zone))
    return app
