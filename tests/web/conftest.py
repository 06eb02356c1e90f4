"""The pages in a real browser: Debian's Chromium driven by Playwright, over a real site.

``site`` is what ``ruta serve --demo`` runs (SQLite files, the demo's fictitious cases, the views
kept in the process, the signed checkpoints), served by uvicorn on a loopback port, with a clock
that tests may move forward. ``signed_in`` opens a person account and a session for it and
hands the browser its cookie, as a sign-in does; the sign-in pages have their own tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from adapters.bootstrap.hub import build_runtime
from adapters.bootstrap.parts import Parts, api_parts
from adapters.bootstrap.stores import store_env
from adapters.bootstrap.views import start_views
from adapters.checkpoints import Checkpointer
from adapters.deployment_keys import checkpoint_key, page_cookie_key, prepare
from adapters.settings import Settings
from demo.load import load_demo
from domain.actor import Actor, Role
from domain.hub import Hub
from tests.served import serving
from web.sessions import SESSION, SessionCookies
from web.site import create_site

OPERATOR = Actor("ruta", "tests", frozenset({Role.ADMIN}))
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1440, "height": 900}


class ShiftClock:
    """The real time, moved forward by what a test says (an idle session, a deadline)."""

    def __init__(self) -> None:
        self.shift = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.shift

    def advance(self, **delta: float) -> None:
        self.shift += timedelta(**delta)


@dataclass
class Site:
    """A served site: its address, hub, parts and clock, and the cookies' key."""

    url: str
    hub: Hub
    parts: Parts
    clock: ShiftClock
    cookie_key: bytes
    accounts: dict[tuple[str, str], UUID] = field(default_factory=dict)

    def person(self, agency: str, role: str) -> UUID:
        """The account of a person of ``agency`` with ``role`` (opened on first use)."""
        if (agency, role) not in self.accounts:
            with self.hub.acting_as(OPERATOR):
                opened = self.hub.open_person_account(
                    agency, [role], login=f"{agency}.{role}", label="web tests"
                )
            self.accounts[(agency, role)] = opened.account_id
        return self.accounts[(agency, role)]

    def session_cookie(self, account_id: UUID) -> dict[str, Any]:
        """A browser cookie for a new session of ``account_id``, as sign-in hands it."""
        session_id = self.hub.start_session(account_id)
        now = self.clock()
        value = SessionCookies(self.cookie_key).issue(session_id, now, now)
        return {"name": SESSION, "value": value, "url": self.url}


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed: apt-get install -y chromium")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_site(data_dir: Path, stack: ExitStack) -> Site:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    prepare(settings)
    load_demo(settings)
    clock = ShiftClock()
    runtime = build_runtime(settings, clock=clock)
    stack.callback(runtime.close)
    hub = runtime.hub
    views = start_views(store_env(settings), settings.data_dir, catalogue=hub.catalogue)
    stack.callback(views.close)
    signer = Checkpointer(views.audit, checkpoint_key(settings), settings.log_origin)
    parts = api_parts(
        hub,
        caseload=views.caseload,
        custody=views.custody,
        review=views.review,
        audit=views.audit,
        checkpointer=signer,
        origin=settings.log_origin,
    )
    stack.callback(parts.watch.close)
    key = page_cookie_key(settings)
    app = create_site(parts, cookie_key=key, time_zone=settings.time_zone)
    port = stack.enter_context(serving(app))
    return Site(f"http://127.0.0.1:{port}", hub, parts, clock, key)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One demo site for the browser tests of a run (the demo takes seconds to load)."""
    with ExitStack() as stack:
        yield open_site(tmp_path_factory.mktemp("site"), stack)


@pytest.fixture
def context(browser: Browser, site: Site) -> Iterator[BrowserContext]:
    made = browser.new_context(
        base_url=site.url, viewport=DESK, locale="es-MX", timezone_id="America/Cancun"
    )
    # No page of Ruta loads anything from elsewhere: such a request fails the test.
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    made.route("**/*", only_loopback)
    # Nor is anything of Ruta's own blocked by its Content-Security-Policy.
    blocked: list[str] = []
    made.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield made
    made.close()
    assert not outside, f"pages asked for outside resources: {outside}"
    assert not blocked, f"the pages' policy blocked: {blocked}"


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def signed_in(site: Site, context: BrowserContext) -> Callable[[str, str], Page]:
    """A page of a browser signed in as a person of ``agency`` with ``role``."""

    def sign_in(agency: str, role: str) -> Page:
        context.add_cookies([site.session_cookie(site.person(agency, role))])  # type: ignore[list-item]
        return context.new_page()

    return sign_in


_axe = Axe()


def axe(page: Page) -> None:
    """No serious or critical accessibility violation on the page as it is (axe-core)."""
    results = _axe.run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe-core violations on {page.url}: {bad}"


def shot(page: Page, name: str) -> Path:
    """Save a screenshot of the whole page under tests/web/screenshots/ (kept out of git)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
