"""What every page shares: the session, its limits, the security headers, the language."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page

from domain.actor import Role
from domain.errors import SessionEnded
from tests.web.conftest import OPERATOR, PHONE, Site, axe, shot
from web.sessions import SESSION, SessionCookies
from web.site import create_site


def client(site: Site, account_id: object | None = None) -> httpx.Client:
    made = httpx.Client(base_url=site.url, follow_redirects=False)
    if account_id is not None:
        cookie = site.session_cookie(account_id)  # type: ignore[arg-type]
        made.cookies.set(cookie["name"], cookie["value"])
    return made


def test_a_page_without_a_session_asks_to_sign_in_and_comes_back(site: Site) -> None:
    with client(site) as anonymous:
        answer = anonymous.get("/")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/entrar?volver=/"


def test_every_page_forbids_inline_code_and_outside_resources(site: Site) -> None:
    with client(site, site.person("cdheqroo", "commission")) as browser:
        answer = browser.get("/")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in answer.text
    assert "style=" not in answer.text


def test_the_home_page_lists_the_sections_of_the_persons_roles(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("cdheqroo", "commission")
    page.goto("/")
    menu = page.get_by_role("navigation", name="Menú principal")
    assert menu.get_by_role("link", name="Hallazgos").is_visible()
    assert menu.get_by_role("link", name="Puntos de control").count() == 0
    assert "Comisión de los Derechos Humanos" in page.content()
    axe(page)
    shot(page, "home-commission")


def test_the_pages_fit_a_phone_without_scrolling_sideways(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("segob", "auditor")
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page.get_by_role("link", name="Puntos de control").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    axe(page)


def test_the_language_switch_is_remembered_from_page_to_page(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("cdheqroo", "commission")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "es-MX"
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Home").is_visible()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Español").click()
    assert page.get_by_role("heading", name="Inicio").is_visible()


def test_the_language_switch_never_sends_anyone_to_another_site(site: Site) -> None:
    with client(site) as anonymous:
        for target in ("https://example.org/", "//example.org/", "/\\example.org"):
            answer = anonymous.get("/idioma/en", params={"volver": target})
            assert answer.headers["location"] == "/"


def test_a_session_ends_after_30_minutes_without_use(site: Site) -> None:
    with client(site, site.person("cdheqroo", "commission")) as browser:
        assert browser.get("/").status_code == 200
        site.clock.advance(minutes=29)
        assert browser.get("/").status_code == 200  # used: the idle time counts again
        site.clock.advance(minutes=29)
        assert browser.get("/").status_code == 200
        site.clock.advance(minutes=31)
        answer = browser.get("/")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/entrar?volver=/&motivo=expirada"


def test_a_session_ends_after_12_hours_however_much_it_is_used(site: Site) -> None:
    with client(site, site.person("cdheqroo", "commission")) as browser:
        for _ in range(12 * 60 // 25):
            site.clock.advance(minutes=25)
            assert browser.get("/").status_code == 200
        site.clock.advance(minutes=25)
        assert browser.get("/").status_code == 303


def test_a_signed_out_session_is_refused_from_the_next_request(site: Site) -> None:
    account = site.person("cdheqroo", "commission")
    cookie = site.session_cookie(account)
    session_id = SessionCookies(site.cookie_key).read(cookie["value"])
    assert session_id is not None
    with httpx.Client(base_url=site.url, cookies={SESSION: cookie["value"]}) as browser:
        assert browser.get("/", follow_redirects=False).status_code == 200
        site.hub.end_session(session_id[0])
        assert browser.get("/", follow_redirects=False).status_code == 303


def test_a_suspended_account_cannot_use_the_session_it_had(site: Site) -> None:
    with site.hub.acting_as(OPERATOR):
        opened = site.hub.open_person_account("cdheqroo", [Role.COMMISSION], login="to.suspend")
    with client(site, opened.account_id) as browser:
        assert browser.get("/").status_code == 200
        with site.hub.acting_as(OPERATOR):
            site.hub.suspend_account(opened.account_id)
        assert browser.get("/").status_code == 303


def test_a_session_cookie_not_signed_by_this_deployment_is_refused(site: Site) -> None:
    now = site.clock()
    forged = SessionCookies(b"another key" * 3).issue(uuid4(), now, now)
    tampered = site.session_cookie(site.person("cdheqroo", "commission"))["value"]
    tampered = tampered[:-2] + ("AA" if not tampered.endswith("AA") else "BB")
    for value in (forged, tampered, "nonsense", ""):
        with httpx.Client(base_url=site.url, cookies={SESSION: value}) as browser:
            assert browser.get("/", follow_redirects=False).status_code == 303


def test_a_csrf_token_is_bound_to_the_browser_that_was_given_it() -> None:
    cookies = SessionCookies(b"k" * 32)
    token = cookies.csrf("nonce-of-this-browser")
    assert cookies.csrf_matches("nonce-of-this-browser", token)
    assert not cookies.csrf_matches("nonce-of-another-browser", token)
    assert not cookies.csrf_matches("nonce-of-this-browser", token[:-1] + "x")
    assert not cookies.csrf_matches(None, token)
    assert not cookies.csrf_matches("nonce-of-this-browser", "")


def test_over_https_the_cookies_are_host_prefixed_secure_http_only_and_strict(site: Site) -> None:
    account = site.person("cdheqroo", "commission")
    plain = site.session_cookie(account)["value"]
    app = create_site(site.parts, cookie_key=site.cookie_key)
    # Not entered as a context: its lifespan would close the log watch the site shares.
    browser = TestClient(app, base_url="https://ruta.example")
    browser.cookies.set("__Host-" + SESSION, plain, domain="ruta.example")
    site.clock.advance(minutes=2)  # old enough to be re-issued as it is used
    answer = browser.get("/", follow_redirects=False)
    assert answer.status_code == 200
    cookies = answer.headers.get_list("set-cookie")
    for name in ("__Host-ruta_sesion=", "__Host-ruta_csrf="):
        (cookie,) = [c for c in cookies if c.startswith(name)]
        attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
        assert {"httponly", "secure", "path=/", "samesite=strict"} <= attributes
        assert not any(a.startswith("domain") for a in attributes)


def test_a_system_account_never_holds_a_session(site: Site) -> None:
    with site.hub.acting_as(OPERATOR):
        system = site.hub.open_account("cdheqroo", [Role.COMMISSION], label="a system")
    with pytest.raises(SessionEnded):
        site.hub.start_session(system.account_id)


def test_the_error_pages_say_what_happened_in_spanish_and_pass_axe(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("dif", "caseworker")
    for path, status, heading in (
        ("/comision/hallazgos", 403, "No tiene acceso a esta página"),
        ("/auditoria", 403, "No tiene acceso a esta página"),
        ("/no/existe", 404, "No se encontró la página"),
    ):
        answer = page.goto(path)
        assert answer is not None
        assert answer.status == status, path
        assert page.get_by_role("heading", name=heading).is_visible(), path
        axe(page)


def test_a_page_asked_for_with_a_value_it_cannot_take_is_an_error_page_not_json(
    site: Site,
) -> None:
    with client(site, site.person("segob", "auditor")) as browser:
        answer = browser.get("/auditoria/divulgaciones.pdf", headers={"Accept": "text/html"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "No se pudo completar la solicitud" in answer.text


def test_the_menu_marks_the_section_a_page_belongs_to() -> None:
    from web.pages import current_section

    menu = [("inbox", "/bandeja"), ("caseload", "/casos"), ("detection", "/casos/nuevo")]
    assert current_section(menu, "/casos/nuevo") == "/casos/nuevo"
    assert current_section(menu, "/casos/nuevo/grupo") == "/casos/nuevo"
    assert current_section(menu, "/casos/QR-2026-000019") == "/casos"
    assert current_section(menu, "/casos") == "/casos"
    assert current_section(menu, "/casosx") is None
    audit = [("checkpoints", "/auditoria"), ("verify", "/auditoria/verificar")]
    assert current_section(audit, "/auditoria/verificar") == "/auditoria/verificar"
    assert current_section(audit, "/auditoria") == "/auditoria"
