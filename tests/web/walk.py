"""Walking a scenario through the browser: each step by the agency that takes it, by its pages.

A ``Walk`` holds one browser context at one width (390 or 1440 px). ``as_agency`` signs a
person of an agency in (its session cookie, as a sign-in gives it); ``detect`` records a
detection through the form; ``act`` opens the case page, follows the link of an action or an
answer, fills its form and sends it, and returns the confirmation the case page shows. Every
page it passes fits the width without sideways scrolling, and none puts personal data in its
address or title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import BrowserContext, Page, ViewportSize

from tests.web.conftest import Site

FOLIO = re.compile(r"/casos/([A-Z0-9-]+)/registrado")
Values = dict[str, Any]


@dataclass
class Walk:
    """One browser, at one width, taking each step as the agency that takes it."""

    site: Site
    context: BrowserContext
    viewport: ViewportSize
    secrets: tuple[str, ...] = ()  # personal data of the walk: never in an address or a title
    page: Page | None = None
    visited: list[str] = field(default_factory=list)

    def as_agency(self, agency: str, role: str = "caseworker") -> Page:
        """A browser page of a person of ``agency`` with ``role``, signed in."""
        if self.page is not None:
            self.page.close()
        self.context.clear_cookies()
        cookie = self.site.session_cookie(self.site.person(agency, role))
        self.context.add_cookies([cookie])  # type: ignore[list-item]
        self.page = self.context.new_page()
        self.page.set_viewport_size(self.viewport)
        self.page.on(
            "response", lambda r: self.visited.extend([r.url, r.headers.get("location", "")])
        )
        return self.page

    @property
    def current(self) -> Page:
        assert self.page is not None, "sign a person in first: walk.as_agency(...)"
        return self.page

    def goto(self, path: str) -> int:
        answer = self.current.goto(path)
        assert answer is not None
        self.check_page()
        return answer.status

    def check_page(self) -> None:
        page = self.current
        assert page.evaluate("document.documentElement.scrollWidth") <= self.viewport["width"], (
            f"{page.url} scrolls sideways at {self.viewport['width']} px"
        )
        for secret in self.secrets:
            assert secret not in page.title()

    def detect(self, values: Values) -> str:
        """Record a detection through ``/casos/nuevo``; the folio the page shows, large."""
        self.goto("/casos/nuevo")
        fill(self.current, values)
        return self._saved()[0]

    def detect_group(self, people: int, values: Values) -> list[str]:
        """Record a group's detection (``p<i>_`` fields for each person); their folios."""
        self.goto(f"/casos/nuevo/grupo?personas={people}")
        fill(self.current, values)
        return self._saved()

    def _saved(self) -> list[str]:
        self.current.click("#guardar")
        self.current.wait_for_url(FOLIO)
        self.check_page()
        return self.current.locator("p.folio").all_inner_texts()

    def case_text(self, folio: str) -> str:
        """The case page's main text as the signed-in agency sees it."""
        assert self.goto(f"/casos/{folio}") == 200
        return self.current.inner_text("main")

    def act(self, folio: str, action: str, values: Values | None = None, nth: int = 0) -> str:
        """Follow the case page's link to ``action`` (the end of its address: ``cerrar``,
        ``aceptar``), the ``nth`` if several, fill its form with ``values`` (by field name) and
        send it; the confirmation shown on the case page."""
        assert self.goto(f"/casos/{folio}") == 200
        links = self.current.locator(f'main a[href$="/{action}"]')
        assert links.count() > nth, f"no link to {action!r} on the case page of {folio}"
        links.nth(nth).click()
        self.current.wait_for_load_state()
        self.check_page()
        fill(self.current, values or {})
        self.current.locator("main form button[type=submit]").last.click()
        self.current.wait_for_url(re.compile(r"hecho="))
        self.check_page()
        return self.current.inner_text("#hecho")

    def read_personal(self, folio: str, purpose: str) -> str:
        """The case page after naming ``purpose`` (a code) to read personal data."""
        assert self.goto(f"/casos/{folio}") == 200
        if self.current.locator("#proposito").count() == 0:  # no purpose fits its part
            return self.current.inner_text("main")
        self.current.select_option("#proposito", purpose)
        self.current.locator("form.read-texts button").click()
        self.current.wait_for_load_state()
        self.check_page()
        return self.current.inner_text("main")

    def links(self, folio: str) -> list[str]:
        """The words of the actions the case page offers the signed-in agency."""
        assert self.goto(f"/casos/{folio}") == 200
        return self.current.locator("#acciones a").all_inner_texts()

    def addresses(self) -> Iterable[str]:
        return [*self.visited, *([self.page.url] if self.page else [])]

    def assert_no_secret_in_addresses(self) -> None:
        for address in self.addresses():
            for secret in self.secrets:
                for word in secret.split():
                    assert word not in address, f"{word!r} in {address}"


def fill(page: Page, values: Values) -> None:
    """Fill a form by its fields' names: a list checks boxes, True checks one, a code chooses
    a radio or an option, text is typed."""
    for name, value in values.items():
        if isinstance(value, bool):
            box = page.locator(f'input[name="{name}"]')
            box.check() if value else box.uncheck()
        elif isinstance(value, list):
            for code in value:
                page.check(f'input[name="{name}"][value="{code}"]')
        else:
            field_ = page.locator(f'[name="{name}"]').first
            tag = field_.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
            if tag == "select:select-one":
                page.select_option(f'select[name="{name}"]', str(value))
            elif tag in ("input:radio", "input:checkbox"):
                page.check(f'input[name="{name}"][value="{value}"]')
            else:
                field_.fill(str(value))
