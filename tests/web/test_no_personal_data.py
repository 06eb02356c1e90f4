"""The commission and auditors never see personal data, nor a code for words, on any page:
every page they can reach by following links from the home page is read, and none holds a word
of the demo's sealed values (names, places, shelters, narratives, contacts), not even in a link
or a title, nor shows a code (``referral_issued``) where a person reads words."""

from __future__ import annotations

import html
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx
import pytest

from tests.web.conftest import Site

# The demo's sealed values (demo/adults.py, demo/children.py): all fictitious.
SEALED = (
    "Yesenia",
    "Marlén",
    "Daniela Ficticia",
    "Rosa Ficticia",
    "Niño Ficticio",
    "Adolescente Ficticia",
    "Niña Ficticia",
    "Ficticio Prueba",
    "el Chino",
    "Relato ficticio",
    "Teléfono ficticio",
    "zona hotelera",
    "Terminal de autobuses",
    "Casa de medio camino",
    "Salida lateral",
    "Parque central",
    "Estación migratoria",
    "Playa del Carmen",
    "Refugio ficticio",
    "Albergue ficticio",
)
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # referral_issued, child_protection: a code, not words
LINK = re.compile(r'href="([^"#]+)"')
SKIP = ("/static/", "/idioma/", "/salir", "/entrar", "/docs", "/openapi.json")
MOST = 120  # pages read per person: every kind of page, several of each
DEMO = Path(__file__).parents[2] / "demo"


def reachable_pages(site: Site, cookie: dict[str, str]) -> dict[str, str]:
    """Every page reachable from the home page by links, by path, with its text."""
    seen: dict[str, str] = {}
    queue = deque(["/"])
    with httpx.Client(base_url=site.url, cookies={cookie["name"]: cookie["value"]}) as browser:
        while queue and len(seen) < MOST:
            path = queue.popleft()
            if path in seen:
                continue
            answer = browser.get(path, follow_redirects=False)
            seen[path] = (
                answer.text
                if answer.headers.get("content-type", "").startswith("text/html")
                else ""
            )
            for link in LINK.findall(seen[path]):
                target = urljoin(path, link.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.netloc or target.startswith(SKIP):
                    continue
                queue.append(target)
    return seen


@pytest.mark.parametrize(
    ("agency", "role"),
    [("cdheqroo", "commission"), ("segob", "auditor")],
    ids=["commission", "auditor"],
)
def test_no_page_a_reviewer_can_reach_shows_personal_data(
    site: Site, agency: str, role: str
) -> None:
    cookie = site.session_cookie(site.person(agency, role))
    pages = reachable_pages(site, cookie)
    assert len(pages) > 1, "the home page links to the person's sections"
    for path, text in pages.items():
        found = [word for word in SEALED if word in text]
        assert not found, f"{path} shows sealed values: {found}"


@pytest.mark.parametrize(
    ("agency", "role"),
    [("cdheqroo", "commission"), ("segob", "auditor")],
    ids=["commission", "auditor"],
)
def test_no_page_a_reviewer_can_reach_shows_a_code_instead_of_its_words(
    site: Site, agency: str, role: str
) -> None:
    cookie = site.session_cookie(site.person(agency, role))
    for path, page in reachable_pages(site, cookie).items():
        # What a person reads: the text between tags, but for commands and code to copy.
        shown = re.sub(r"<(pre|code|script|style)\b.*?</\1>", " ", page, flags=re.S)
        shown = html.unescape(re.sub(r"<[^>]+>", " ", shown))
        assert not CODE.findall(shown), f"{path} shows codes: {sorted(set(CODE.findall(shown)))}"


INLINE = re.compile(r"\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)|javascript:", re.IGNORECASE)


@pytest.mark.parametrize(
    ("agency", "role"),
    [("cdheqroo", "commission"), ("segob", "auditor")],
    ids=["commission", "auditor"],
)
def test_no_page_holds_inline_style_or_script_that_the_policy_would_block(
    site: Site, agency: str, role: str
) -> None:
    cookie = site.session_cookie(site.person(agency, role))
    pages = reachable_pages(site, cookie)
    with httpx.Client(base_url=site.url) as anonymous:
        pages["/entrar"] = anonymous.get("/entrar").text
    for path, page in pages.items():
        # SVG drawings may carry presentation attributes (fill, stroke): only style= is inline CSS.
        assert not INLINE.findall(page), f"{path} holds inline code: {INLINE.findall(page)}"


def test_the_words_looked_for_are_the_demos_sealed_values() -> None:
    demo = "".join(p.read_text(encoding="utf-8") for p in DEMO.glob("*.py"))
    assert [word for word in SEALED if word not in demo] == []
