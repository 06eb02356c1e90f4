"""People's sign-in in a real browser: enrolment with the link, sign-out, sign-in with a TOTP
code; wrong codes and passwords, the limit, an expired session and forged CSRF tokens refused;
axe-core on every page; the sign-in form by keyboard alone."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import pyotp
from playwright.sync_api import Page

from tests.web.conftest import OPERATOR, Site, axe, shot

PASSWORD = "un cenote azul en Bacalar"


@dataclass(frozen=True)
class Enrolled:
    login: str
    secret: str
    account_id: UUID

    def code(self, site: Site, steps: int = 1) -> str:
        """A code of the step after the one enrolment used (its drift allows one step)."""
        return pyotp.TOTP(self.secret).at(site.clock().timestamp() + 30 * steps)


def open_link(site: Site, login: str) -> str:
    with site.hub.acting_as(OPERATOR):
        issued = site.hub.open_person_account("cdheqroo", ["commission"], login)
    return f"/inscripcion/{issued.token}"


def enrolled(site: Site, login: str) -> Enrolled:
    """A person enrolled directly through the hub, as the enrolment pages do."""
    with site.hub.acting_as(OPERATOR):
        issued = site.hub.open_person_account("cdheqroo", ["commission"], login)
    site.hub.choose_password(issued.token, PASSWORD, PASSWORD)
    secret = site.hub.enrolment(issued.token).secret
    assert secret is not None
    site.hub.confirm_second_factor(issued.token, pyotp.TOTP(secret).at(site.clock()))
    return Enrolled(login, secret, issued.account_id)


def fill_sign_in(page: Page, login: str, password: str, code: str) -> None:
    page.get_by_label("Nombre de usuario").fill(login)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_label("Código de la aplicación").fill(code)
    page.get_by_role("button", name="Entrar").click()


def test_a_person_enrols_with_the_link_signs_out_and_signs_in_with_a_code(
    site: Site, page: Page
) -> None:
    page.goto(open_link(site, "ana.web"))
    assert page.get_by_role("heading", name="Paso 1 de 2: elija su contraseña").is_visible()
    axe(page)
    shot(page, "enrol-password")
    page.get_by_label("Contraseña", exact=True).fill("corta")
    page.get_by_label("Escriba de nuevo la contraseña").fill("corta")
    page.get_by_role("button", name="Continuar").click()
    assert "al menos 12 caracteres" in page.locator(".error-summary").inner_text()
    axe(page)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Escriba de nuevo la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()

    assert page.get_by_role("heading", name="Paso 2 de 2: configure su segundo factor").is_visible()
    assert page.locator("figure.qr svg").count() == 1  # drawn in the page, no image fetched
    axe(page)
    shot(page, "enrol-second-factor")
    secret = page.locator("#key").inner_text().replace(" ", "")
    assert len(secret) == 32
    page.get_by_label("Código que muestra la aplicación").fill("000000")
    page.get_by_role("button", name="Activar y entrar").click()
    assert "no es el que muestra ahora" in page.locator(".error-summary").inner_text()
    page.get_by_label("Código que muestra la aplicación").fill(pyotp.TOTP(secret).at(site.clock()))
    page.get_by_role("button", name="Activar y entrar").click()
    page.wait_for_url(f"{site.url}/")
    assert page.get_by_role("button", name="Cerrar sesión").is_visible()

    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url("**/entrar?motivo=salida")
    assert "Cerró su sesión" in page.locator(".notice").inner_text()
    page.goto("/")
    assert "/entrar" in page.url  # signed out for real

    person = Enrolled("ana.web", secret, UUID(int=0))
    page.goto("/entrar?volver=/")
    fill_sign_in(page, "ana.web", PASSWORD, person.code(site))
    page.wait_for_url(f"{site.url}/")
    assert page.get_by_role("button", name="Cerrar sesión").is_visible()


def test_a_spent_or_made_up_enrolment_link_answers_a_clear_page(site: Site, page: Page) -> None:
    link = open_link(site, "spent.web")
    token = link.rsplit("/", 1)[1]
    site.hub.choose_password(token, PASSWORD, PASSWORD)
    secret = site.hub.enrolment(token).secret
    assert secret is not None
    site.hub.confirm_second_factor(token, pyotp.TOTP(secret).at(site.clock()))
    for target in (link, "/inscripcion/no-es-un-enlace"):
        answer = page.goto(target)
        assert answer is not None
        assert answer.status == 410
        assert (
            "Este enlace ya no es válido; pida uno nuevo a su administrador."
            in page.locator("main").inner_text()
        )
        axe(page)


def test_a_wrong_code_and_a_wrong_password_are_refused_alike(site: Site, page: Page) -> None:
    person = enrolled(site, "beto.web")
    page.goto("/entrar")
    axe(page)
    shot(page, "sign-in")
    for password, code in ((PASSWORD, "123456"), ("otra contraseña larga", person.code(site))):
        fill_sign_in(page, "beto.web", password, code)
        summary = page.locator(".error-summary")
        assert "El nombre de usuario, la contraseña o el código no son correctos." in (
            summary.inner_text()
        )
        assert page.get_by_role("button", name="Cerrar sesión").count() == 0
    axe(page)
    fill_sign_in(page, "beto.web", PASSWORD, person.code(site))
    page.wait_for_url(f"{site.url}/")


def test_the_limit_says_how_long_to_wait_whether_the_login_exists_or_not(
    site: Site, page: Page
) -> None:
    person = enrolled(site, "caro.web")
    for login in ("caro.web", "nadie.web"):
        page.goto("/entrar")
        for _ in range(5):
            fill_sign_in(page, login, "contraseña equivocada", "000000")
        message = page.locator(".error-summary").inner_text()
        assert "Demasiados intentos fallidos. Espere 15 minutos" in message
    page.goto("/entrar")
    fill_sign_in(page, "caro.web", PASSWORD, person.code(site))  # the right one, still locked
    assert "Espere" in page.locator(".error-summary").inner_text()
    axe(page)


def test_an_idle_session_is_refused_and_the_person_asked_to_sign_in_again(
    site: Site, page: Page
) -> None:
    person = enrolled(site, "dora.web")
    page.goto("/entrar")
    fill_sign_in(page, "dora.web", PASSWORD, person.code(site))
    page.wait_for_url(f"{site.url}/")
    site.clock.advance(minutes=31)
    try:
        page.goto("/")
        assert "/entrar?volver=/&motivo=expirada" in page.url
        assert "Su sesión terminó" in page.locator(".notice").inner_text()
    finally:
        site.clock.advance(minutes=-31)
    page.goto("/")
    assert "/entrar" in page.url  # ended for good, not only while the clock was ahead


def test_a_forged_csrf_token_is_refused_on_sign_in_and_on_sign_out(site: Site, page: Page) -> None:
    person = enrolled(site, "eva.web")
    page.goto("/entrar")
    page.locator("input[name=csrf]").evaluate("e => e.value = 'forjado'")
    fill_sign_in(page, "eva.web", PASSWORD, person.code(site))
    assert page.get_by_role("heading", name="El formulario ya no es válido").is_visible()
    assert page.get_by_role("button", name="Cerrar sesión").count() == 0

    page.goto("/entrar")
    fill_sign_in(page, "eva.web", PASSWORD, person.code(site))
    page.wait_for_url(f"{site.url}/")
    page.locator(".sign-out input[name=csrf]").evaluate("e => e.value = 'forjado'")
    page.get_by_role("button", name="Cerrar sesión").click()
    assert page.get_by_role("heading", name="El formulario ya no es válido").is_visible()
    page.goto("/")
    assert page.url == f"{site.url}/"  # still signed in: the forged sign-out did nothing


def test_the_sign_in_form_works_by_keyboard_alone(site: Site, page: Page) -> None:
    person = enrolled(site, "fer.web")
    page.goto("/entrar?volver=/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "login":
            break
    assert page.evaluate("document.activeElement.id") == "login"
    page.keyboard.type("fer.web")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(person.code(site))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/")
    assert page.get_by_role("button", name="Cerrar sesión").is_visible()


def test_after_sign_in_only_a_page_of_this_site_is_a_destination(site: Site, page: Page) -> None:
    person = enrolled(site, "gil.web")
    page.goto("/entrar?volver=https://ejemplo.com/robar")
    fill_sign_in(page, "gil.web", PASSWORD, person.code(site))
    page.wait_for_url(f"{site.url}/")
