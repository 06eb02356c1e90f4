"""What the commission's page tests share: a client with a person's cookie, the demo's names."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2 as httpx

from tests.web.conftest import Site

DEMO = Path(__file__).resolve().parents[2] / "demo"


def client(site: Site, agency: str | None = None, role: str = "commission") -> httpx.Client:
    made = httpx.Client(base_url=site.url, follow_redirects=False, timeout=30)
    if agency is not None:
        cookie = site.session_cookie(site.person(agency, role))
        made.cookies.set(cookie["name"], cookie["value"])
    return made


def demo_names() -> list[str]:
    """The fictitious full names the demo records: none may appear on the commission's pages."""
    names: list[str] = []
    for path in DEMO.glob("*.py"):
        for found in re.findall(r'"full_name": f?"([^"{]+)', path.read_text(encoding="utf-8")):
            names.append(found.strip())
    names = [n for n in names if len(n) > 6]
    assert names, "the demo's names were not found"
    return names


def assert_no_personal_data(html: str) -> None:
    for name in demo_names():
        assert name not in html
    assert "el Chino" not in html
