"""The HTTP API: ``create_app`` builds it around the parts the composition root has built."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from adapters.bootstrap.parts import Parts
from adapters.log_watch import LogWatch
from adapters.telemetry import Telemetry
from api import case_not_found, docs, errors, openapi
from api.former_codes import FormerCodes
from api.routers import (
    arco,
    audit,
    caseload,
    cases,
    children,
    custody,
    feed,
    health,
    lifecycle,
    measures,
    referrals,
    review,
    review_findings,
    review_observations,
    statistics,
    vocabulary,
)
from api.tracing import RequestSpans
from api.wait_limits import WAITS_PER_ACCOUNT, WaitLimits
from api.waits import ACCOUNT_CHECK, Waits

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 256 * 1024  # a detection with a long narrative fits many times over
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})  # methods that write nothing


def create_app(
    parts: Parts,
    *,
    max_body: int = MAX_BODY,
    statistics_threshold: int = 11,
    telemetry: Telemetry | None = None,
    not_found_floor: float = case_not_found.FLOOR,
    waits_per_account: int = WAITS_PER_ACCOUNT,
    account_check: float = ACCOUNT_CHECK,
) -> FastAPI:
    """The API around ``parts`` (``adapters.bootstrap.parts.api_parts``). Its long polls, event
    streams and ``min_position`` reads wait on the parts' log watcher, whose thread runs while
    someone waits and is stopped with the app; each account holds at most ``waits_per_account``
    of them at once, and a stream checks its account every ``account_check`` seconds."""
    waits = Waits(parts.watch, WaitLimits(waits_per_account), account_check)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        # Ends the waits left as the server stops, so that open streams end before the process
        # releases the rest of its parts; closing it again there does nothing.
        await run_in_threadpool(waits.watch.close)  # joins the thread

    app = FastAPI(
        lifespan=lifespan,
        title="Ruta",
        version="1",
        summary="Coordinación interinstitucional contra la trata de personas (Quintana Roo)",
        # The description and the tags' are the catalogues' (``api.openapi``); /docs is ours
        # (``api.docs``), served with its files; ReDoc, which would load from a CDN, is off.
        docs_url=None,
        redoc_url=None,
    )
    app.state.parts = parts
    app.state.catalogue = parts.hub.catalogue
    app.state.statistics_threshold = statistics_threshold
    app.state.not_found_floor = not_found_floor
    app.state.waits = waits
    errors.install(app)
    openapi.install(app)
    docs.install(app)
    for module in (
        cases,
        caseload,
        referrals,
        custody,
        measures,
        lifecycle,
        children,
        review,
        review_findings,
        review_observations,
        statistics,
        audit,
        arco,
        feed,
        health,
        vocabulary,
    ):
        app.include_router(module.router)
    # Paths whose routes bound their bodies themselves (a page's big upload): added by the pages.
    app.state.own_body_bounds = set()
    app.add_middleware(BodyLimit, max_body=max_body, exempt=app.state.own_body_bounds)
    app.add_middleware(case_not_found.RequestStart)
    app.add_middleware(PokeAfterWrites, watch=waits.watch)
    catalogue = parts.hub.catalogue
    app.add_middleware(
        FormerCodes,
        accepted=catalogue.accepted_former_codes,
        today=lambda: parts.hub.clock().astimezone(catalogue.utc_offset).date(),
    )
    if telemetry is not None:  # added last, so outermost: a refused body is traced too
        app.add_middleware(RequestSpans, telemetry=telemetry)
    return app


class PokeAfterWrites:
    """Wakes the log watcher after each write of this process, so that the waits it ends (a
    long poll for the next event, a read of one's own write) answer at once."""

    def __init__(self, app: ASGIApp, watch: LogWatch) -> None:
        self.app = app
        self.watch = watch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http" and scope["method"] not in SAFE:
                self.watch.poke()


class BodyLimit:
    """Refuses bodies over ``max_body`` bytes with 413, before anything reads them whole.

    The paths in ``exempt`` are let through: their routes read their bodies in chunks and
    refuse them past a bound of their own (the auditors' upload of an export).
    """

    def __init__(self, app: ASGIApp, max_body: int, exempt: Collection[str] = ()) -> None:
        self.app = app
        self.max_body = max_body
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.exempt:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                # Re-raised by FastAPI's body parsing, then answered by the problem handler.
                raise HTTPException(status_code=413)
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = errors.http_problem(Request(scope, receive), 413)
        await response(scope, receive, send)
