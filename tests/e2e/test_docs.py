"""/docs as a closed government network sees it: the page and every file it loads come from Ruta,
under a Content-Security-Policy without 'unsafe-inline'; FastAPI's CDN pages are gone."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from api import docs
from tests.e2e.conftest import Api

VENDORED = Path(docs.__file__).parent / "static" / "swagger-ui"


class Page(HTMLParser):
    """What a page loads (every src and href) and what it would run inline."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self.in_script_without_src = False
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.loads += [v for k, v in attrs if k in ("src", "href") and v is not None]
        self.style_attributes += "style" in found
        self.in_script_without_src = tag == "script" and "src" not in found
        self.in_title = tag == "title"
        if tag == "style" or any(k.startswith("on") for k in found):
            self.inline_scripts += 1

    def handle_data(self, data: str) -> None:
        if self.in_script_without_src and data.strip():
            self.inline_scripts += 1
        if self.in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self.in_script_without_src = self.in_title = False


def read(api: Api, lang: str = "es-MX") -> tuple[Page, dict[str, str]]:
    answer = api.client.get("/docs", headers={"Accept-Language": lang})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    page = Page()
    page.feed(answer.text)
    return page, dict(answer.headers)


def test_the_page_and_every_file_it_references_are_served_by_ruta(api: Api) -> None:
    page, _ = read(api)
    assert len(page.loads) >= 3  # the stylesheet, Swagger UI and its initializer
    for reference in page.loads:
        assert reference.startswith("/"), reference
        assert not reference.startswith("//"), reference  # no other host, scheme-relative
        answer = api.client.get(reference)
        assert answer.status_code == 200, reference
        assert answer.content, reference
    assert "/docs/files/docs.js" in page.loads


def test_the_page_runs_nothing_inline_and_says_so_in_its_policy(api: Api) -> None:
    page, headers = read(api)
    assert page.inline_scripts == 0
    assert page.style_attributes == 0
    policy = headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert headers["x-content-type-options"] == "nosniff"


def test_the_page_is_spanish_by_default_and_english_on_request(api: Api) -> None:
    page, _ = read(api)
    assert page.title == "Ruta: referencia de la API"
    page, _ = read(api, "en")
    assert page.title == "Ruta: API reference"


def test_the_served_files_are_the_vendored_ones_with_their_licence_kept(api: Api) -> None:
    served = api.client.get("/docs/files/swagger-ui/swagger-ui-bundle.js")
    assert served.content == (VENDORED / "swagger-ui-bundle.js").read_bytes()
    assert "Apache License" in (VENDORED / "LICENSE").read_text(encoding="utf-8")
    assert "SmartBear" in (VENDORED / "NOTICE").read_text(encoding="utf-8")


def test_the_docs_files_hold_nothing_outside_their_folder(api: Api) -> None:
    assert api.client.get("/docs/files/../docs.py").status_code == 404
    assert api.client.get("/docs/files/%2e%2e/docs.py").status_code == 404


def test_fastapis_pages_that_load_from_a_cdn_are_not_served(api: Api) -> None:
    assert api.client.get("/redoc").status_code == 404
    assert api.client.get("/docs/oauth2-redirect").status_code == 404
    assert api.client.get("/openapi.json").status_code == 200
