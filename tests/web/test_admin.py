"""Administrators in the browser: people's accounts (create with a one-time enrolment link,
roles, suspend, reset the second factor) and systems' tokens (issue once, revoke at once); only
administrators, who see no case content; forged CSRF refused; axe; a phone's width."""

from __future__ import annotations

import re
from collections.abc import Callable
from uuid import UUID, uuid5

import httpx2 as httpx
import pyotp
from playwright.sync_api import Browser, Page

from demo.runner import DEMO_NAMESPACE
from domain.errors import SessionEnded
from tests.web.conftest import OPERATOR, PHONE, Site, axe, shot
from tests.web.test_signin import PASSWORD

ACCOUNTS = "/administracion/cuentas"
TOKENS = "/administracion/tokens"


def client(site: Site, account_id: UUID | None = None) -> httpx.Client:
    made = httpx.Client(base_url=site.url, follow_redirects=False, timeout=30)
    if account_id is not None:
        cookie = site.session_cookie(account_id)
        made.cookies.set(cookie["name"], cookie["value"])
    return made


def admin(site: Site) -> UUID:
    return site.person("ssc", "admin")


def form_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'name="(csrf|clave)" value="([^"]+)"', html))
    assert set(fields) == {"csrf", "clave"}
    return fields


def create_person(page: Page, login: str, agency: str = "dif", role: str = "Caseworker") -> str:
    """Fill the form on the accounts page; the enrolment link shown."""
    page.goto(ACCOUNTS)
    page.get_by_label("Institución").select_option(agency)
    page.locator(f"#rol-{role.lower()}").check()
    page.get_by_label("Nombre de usuario").fill(login)
    page.get_by_role("button", name="Crear la cuenta").click()
    return page.locator("#enlace").input_value()


def test_an_administrator_creates_a_person_whose_link_is_shown_once_and_enrols(
    site: Site, signed_in: Callable[[str, str], Page], browser: Browser
) -> None:
    admin(site)
    admin_page = signed_in("ssc", "admin")
    admin_page.goto(ACCOUNTS)
    axe(admin_page)
    link = create_person(admin_page, "lucia.dif")
    assert admin_page.get_by_role("heading", name="Cuenta creada").is_visible()
    assert link.startswith(f"{site.url}/inscripcion/")
    axe(admin_page)
    shot(admin_page, "admin-link")
    admin_page.reload()  # the form sent again: recorded once, the link not shown again
    assert admin_page.get_by_role("heading", name="Esto ya se hizo").is_visible()
    assert admin_page.locator("#enlace").count() == 0
    admin_page.goto(ACCOUNTS)
    assert link.rsplit("/", 1)[1] not in admin_page.content()
    row = admin_page.get_by_role("row").filter(has_text="lucia.dif")
    assert row.count() == 1
    assert "Sin inscribirse" in row.inner_text()
    assert sum(1 for a in site.hub.accounts() if a.login == "lucia.dif") == 1

    own = browser.new_context(base_url=site.url)  # the person's own browser
    page = own.new_page()
    page.goto(link)  # the person enrols with it, as on the sign-in pages
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Escriba de nuevo la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()
    secret = page.locator("#key").inner_text().replace(" ", "")
    page.get_by_label("Código que muestra la aplicación").fill(pyotp.TOTP(secret).at(site.clock()))
    page.get_by_role("button", name="Activar y entrar").click()
    page.wait_for_url(f"{site.url}/bandeja")  # a caseworker's first page is the inbox
    own.close()
    admin_page.goto(ACCOUNTS)
    row = admin_page.get_by_role("row").filter(has_text="lucia.dif")
    assert "Activa" in row.inner_text()
    assert "Nunca" not in row.inner_text()  # its last sign-in: the enrolment's


def test_form_errors_are_shown_in_spanish_beside_their_fields_and_nothing_is_recorded(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("ssc", "admin")
    before = len(list(site.hub.accounts()))
    page.goto(ACCOUNTS)
    page.get_by_role("button", name="Crear la cuenta").click()
    summary = page.locator(".error-summary").inner_text()
    for message in (
        "Elija la institución de la cuenta",
        "Elija al menos un rol",
        "Escriba el nombre de usuario",
    ):
        assert message in summary
    assert "Elija al menos un rol" in page.locator(".field-error #roles").inner_text()
    axe(page)
    page.get_by_label("Institución").select_option("dif")
    page.locator("#rol-caseworker").check()
    page.get_by_label("Nombre de usuario").fill("No Vale!")
    page.get_by_role("button", name="Crear la cuenta").click()
    assert "solo puede tener minúsculas" in page.locator("#usuario-error").inner_text()
    assert len(list(site.hub.accounts())) == before


def test_roles_are_granted_and_revoked_and_a_suspended_persons_session_ends(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    with site.hub.acting_as(OPERATOR):
        person = site.hub.open_person_account("ppnna", ["caseworker"], "mario.ppnna").account_id
    session = site.hub.start_session(person)
    page = signed_in("ssc", "admin")
    page.goto(f"{ACCOUNTS}/{person}")
    axe(page)
    page.get_by_role("button", name="Conceder el rol supervisión").click()
    assert "Rol concedido" in page.locator(".notice").inner_text()
    assert site.hub.account(person).roles == ["caseworker", "supervisor"]
    page.get_by_role("button", name="Retirar el rol gestión de casos").click()
    assert "Rol retirado" in page.locator(".notice").inner_text()
    assert site.hub.account(person).roles == ["supervisor"]
    assert site.hub.session_actor(session).agency == "ppnna"

    page.get_by_role("button", name="Suspender la cuenta").click()
    assert "Cuenta suspendida" in page.locator(".notice").inner_text()
    assert "Suspendida" in page.locator(".admin-facts").inner_text()
    try:
        site.hub.session_actor(session)
        raise AssertionError("the suspended person's session is still open")
    except SessionEnded:
        pass


def test_a_suspended_persons_open_page_session_ends_at_its_next_request(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    with site.hub.acting_as(OPERATOR):
        person = site.hub.open_person_account("iqm", ["supervisor"], "rosa.iqm").account_id
    with client(site, person) as browser:
        assert browser.get("/bandeja").status_code == 200
        page = signed_in("ssc", "admin")
        page.goto(f"{ACCOUNTS}/{person}")
        page.get_by_role("button", name="Suspender la cuenta").click()
        assert "Cuenta suspendida" in page.locator(".notice").inner_text()
        after = browser.get("/bandeja")
    assert after.status_code == 303
    assert "/entrar" in after.headers["location"]


def test_resetting_the_second_factor_issues_a_new_link_and_puts_the_old_one_out_of_use(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    with site.hub.acting_as(OPERATOR):
        first = site.hub.open_person_account("fge", ["caseworker"], "perdio.fge")
    site.hub.choose_password(first.token, PASSWORD, PASSWORD)
    page = signed_in("ssc", "admin")
    page.goto(f"{ACCOUNTS}/{first.account_id}")
    page.get_by_role("button", name="Emitir un enlace de inscripción nuevo").click()
    assert page.get_by_role("heading", name="Segundo factor restablecido").is_visible()
    link = page.locator("#enlace").input_value()
    token = link.rsplit("/", 1)[1]
    assert token != first.token
    assert site.hub.enrolment(token).needs_password  # the old password is out of use
    assert site.hub.account(first.account_id).password is None
    axe(page)


def test_a_token_is_issued_shown_once_and_refused_by_the_api_once_revoked(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("ssc", "admin")
    page.goto(TOKENS)
    axe(page)
    page.get_by_label("Institución").select_option("dif")
    page.locator("#rol-caseworker").check()
    page.get_by_label("Nombre del sistema").fill("Expedientes DIF de prueba")
    page.get_by_role("button", name="Dar de alta y emitir su token").click()
    assert page.get_by_role("heading", name="Token emitido").is_visible()
    token = page.locator("#token").input_value()
    axe(page)
    api = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=site.url, timeout=30) as http:
        assert http.get("/cases", headers=api).status_code == 200
        page.goto(TOKENS)
        assert token not in page.content()
        system = page.locator("section.admin-system").filter(has_text="Expedientes DIF de prueba")
        assert "emitido el" in system.inner_text()
        system.get_by_role("button", name=re.compile("Revocar el token")).click()
        assert "Token revocado" in page.locator(".notice").inner_text()
        assert http.get("/cases", headers=api).status_code == 401


def test_another_token_is_issued_for_a_system_and_its_first_stays_valid(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    with site.hub.acting_as(OPERATOR):
        first = site.hub.open_account("fge", ["caseworker"], "Sistema FGE de prueba")
    page = signed_in("ssc", "admin")
    page.goto(TOKENS)
    system = page.locator("section.admin-system").filter(has_text="Sistema FGE de prueba")
    system.get_by_role("button", name="Emitir un token nuevo para Sistema FGE de prueba").click()
    second = page.locator("#token").input_value()
    assert second != first.token
    assert site.hub.authenticate(second).account == str(first.account_id)
    assert site.hub.authenticate(first.token).account == str(first.account_id)


def test_only_administrators_reach_the_pages_and_they_see_no_case_content(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    caseworker = signed_in("dif", "caseworker")
    for target in (ACCOUNTS, TOKENS):
        answer = caseworker.goto(target)
        assert answer is not None
        assert answer.status == 403
    case_id = uuid5(DEMO_NAMESPACE, "7-estacion-migratoria/1")
    folio = site.hub.get_case(case_id).folio
    page = signed_in("ssc", "admin")
    answer = page.goto(f"/comision/casos/{folio}")
    assert answer is not None
    assert answer.status == 403
    page.goto("/")
    assert page.locator("a[href^='/casos'], a[href^='/comision']").count() == 0
    with site.hub.acting_as(OPERATOR):
        token = site.hub.open_account("ssc", ["admin"], "Administración de prueba").token
    with httpx.Client(base_url=site.url, timeout=30) as http:
        refused = http.get(f"/cases/{case_id}", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 404  # as for any case the caller may not know exists
    assert refused.json()["code"] == "case_not_found"
    assert "folio" not in refused.json()


def test_a_forged_csrf_token_is_refused_and_nothing_is_recorded(site: Site) -> None:
    before = len(list(site.hub.accounts()))
    with client(site, admin(site)) as browser:
        fields = form_fields(browser.get(ACCOUNTS).text)
        form = {**fields, "agencia": "dif", "roles": "caseworker", "usuario": "forjado.dif"}
        refused = browser.post(ACCOUNTS, data={**form, "csrf": "forjado"})
        missing = browser.post(ACCOUNTS, data={k: v for k, v in form.items() if k != "csrf"})
    assert refused.status_code == 403
    assert missing.status_code == 403
    assert "El formulario ya no es válido" in refused.text
    assert len(list(site.hub.accounts())) == before


def test_the_pages_fit_a_phone(site: Site, signed_in: Callable[[str, str], Page]) -> None:
    page = signed_in("ssc", "admin")
    page.set_viewport_size(PHONE)
    for target in (ACCOUNTS, TOKENS):
        page.goto(target)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        axe(page)
        shot(page, "admin-" + target.rsplit("/", 1)[1] + "-phone")


def test_a_token_form_sent_twice_issues_one_token_and_shows_it_once(site: Site) -> None:
    with client(site, admin(site)) as browser:
        fields = form_fields(browser.get(TOKENS).text)
        form = {**fields, "agencia": "oim", "roles": "caseworker", "etiqueta": "OIM dos veces"}
        first = browser.post(TOKENS, data=form)
        second = browser.post(TOKENS, data=form)
    assert first.status_code == 200
    assert re.search(r'id="token" class="one-time" value="ruta_', first.text)
    assert second.status_code == 200
    assert "Esto ya se hizo" in second.text
    assert 'id="token"' not in second.text
    assert sum(1 for a in site.hub.accounts() if a.label == "OIM dos veces") == 1


def test_a_caseworkers_form_sent_to_the_administrators_pages_is_refused(site: Site) -> None:
    before = len(list(site.hub.accounts()))
    with client(site, site.person("dif", "caseworker")) as browser:
        csrf = re.findall(r'name="csrf" value="([^"]+)"', browser.get("/bandeja").text)
        assert csrf  # the sign-out form's token: valid for this browser
        form = {"csrf": csrf[0], "clave": "k", "agencia": "dif", "roles": "admin"}
        people = browser.post(ACCOUNTS, data={**form, "usuario": "colado.dif"})
        systems = browser.post(TOKENS, data={**form, "etiqueta": "Colado"})
    assert people.status_code == 403
    assert systems.status_code == 403
    assert len(list(site.hub.accounts())) == before
