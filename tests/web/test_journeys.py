"""Whole journeys, as the people do them: from the enrolment link an administrator gave them,
through sign-in with a code from their phone, to their work, by clicks and keys alone.

- The commission finds the child not notified to PPNNA in the demo, opens the case, reads the
  chain of custody, issues an observation, and sees the agency's answer arrive.
- The auditor downloads the export, uploads it back and reads "Verificada", then uploads it
  with one byte changed and reads the position that fails.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import httpx2 as httpx
import pyotp
from playwright.sync_api import Page

from tests.web.conftest import OPERATOR, Site, axe

PASSWORD = "la laguna de los siete colores"


def enrol(site: Site, page: Page, agency: str, role: str, login: str) -> pyotp.TOTP:
    """Open the link ``ruta accounts create --login`` prints, choose a password, scan the key,
    type the code: signed in. The phone's authenticator, for the codes that follow."""
    with site.hub.acting_as(OPERATOR):
        issued = site.hub.open_person_account(agency, [role], login)
    page.goto(f"/inscripcion/{issued.token}")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Escriba de nuevo la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()
    phone = pyotp.TOTP(page.locator("#key").inner_text().replace(" ", ""))
    page.get_by_label("Código que muestra la aplicación").fill(phone.at(site.clock()))
    page.get_by_role("button", name="Activar y entrar").click()
    page.wait_for_url(f"{site.url}/")
    return phone


def sign_out_and_in(site: Site, page: Page, login: str, phone: pyotp.TOTP) -> None:
    """Leave, and come back the next morning's way: login, password, the code of the moment."""
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url("**/entrar?motivo=salida")
    page.get_by_label("Nombre de usuario").fill(login)
    page.get_by_label("Contraseña").fill(PASSWORD)
    # The enrolment used this step's code: a code is good once, so the phone's next one.
    page.get_by_label("Código de la aplicación").fill(phone.at(site.clock().timestamp() + 30))
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(f"{site.url}/")


def test_the_commission_reviews_a_child_not_notified_and_follows_its_observation(
    site: Site, page: Page
) -> None:
    phone = enrol(site, page, "cdheqroo", "commission", "lucia.journey")
    sign_out_and_in(site, page, "lucia.journey", phone)

    page.get_by_role("link", name="Hallazgos").first.click()
    page.get_by_label("Estado", exact=True).select_option("all")
    page.get_by_label("Regla", exact=True).select_option(
        label="Niña, niño o adolescente no notificado a la PPNNA"
    )
    page.get_by_role("button", name="Aplicar filtros").click()
    row = page.locator("tr.finding").first
    row.get_by_text("Qué significa y fundamento").click()  # the rule, explained, and its law
    assert "Un caso de una persona menor de edad" in row.inner_text()
    assert "LGDNNA art. 12" in row.inner_text()
    folio = row.get_by_role("link").first.inner_text()
    concerned_name = row.locator("td").nth(2).inner_text().strip()
    assert re.fullmatch(r"QR-\d{4}-\d{6}", folio)

    row.get_by_role("link", name=folio, exact=True).click()
    page.wait_for_url(f"**/comision/casos/{folio}")
    assert page.get_by_role("heading", name=f"Caso {folio}").is_visible()
    page.get_by_role("link", name="Cadena de custodia").first.click()
    drawing = page.locator("#custodia svg[role='img']")
    assert drawing.count() == 1
    assert "Periodos de custodia" in page.locator("#custodia").inner_text()
    axe(page)

    page.get_by_role("link", name="Emitir observación").first.click()
    page.get_by_label("Institución concernida").select_option(label=concerned_name)
    concerned = page.locator("#agencia").input_value()
    page.locator("#texto").fill("La notificación a la PPNNA llegó tarde (observación ficticia).")
    page.get_by_role("button", name="Emitir observación").click()
    page.wait_for_url("**/observaciones/emitida")

    page.get_by_role("link", name="Observaciones").first.click()
    mine = page.locator("tr.observation", has=page.get_by_role("link", name=folio)).first
    assert "Sin respuesta" in mine.locator(".answered").inner_text()
    observation_id = mine.get_attribute("data-id")

    # The agency concerned answers from its own system, with its bearer token.
    with site.hub.acting_as(OPERATOR):
        token = site.hub.open_account(concerned, ["caseworker"], label="journey").token
    with httpx.Client(base_url=site.url, timeout=30) as system:
        answered = system.post(
            f"/cases/{folio}/observations/{observation_id}/answer",
            json={"text": "Respuesta ficticia de la institución."},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answered.status_code == 200

    page.reload()
    mine = page.locator(f"tr.observation[data-id='{observation_id}']")
    assert "Sin respuesta" not in mine.locator(".answered").inner_text()
    assert mine.locator(".late").inner_text() == "En plazo"
    page.goto(f"/comision/casos/{folio}")
    assert "respondida" in page.locator("main").inner_text()


def test_the_auditor_verifies_the_export_and_finds_the_changed_byte(
    site: Site, page: Page, tmp_path: Path
) -> None:
    phone = enrol(site, page, "segob", "auditor", "raul.journey")
    sign_out_and_in(site, page, "raul.journey", phone)

    page.get_by_role("link", name="Puntos de control").first.click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar la exportación completa").click()
    export = tmp_path / info.value.suggested_filename
    info.value.save_as(export)

    page.get_by_role("link", name="Verificar una exportación").first.click()
    page.set_input_files("#exportacion", str(export))
    page.get_by_role("button", name="Verificar").click()
    assert page.get_by_role("status").get_by_role("heading", name="Verificada").is_visible()

    lines = export.read_bytes().split(b"\n")
    target = next(
        i
        for i in range(len(lines) // 2, len(lines))
        if b'"position"' in lines[i] and json.loads(lines[i])["originator_version"] > 1
    )
    record = json.loads(lines[target])
    leaf = bytearray(base64.b64decode(record["leaf"]))
    leaf[len(leaf) // 2] ^= 0x20  # one byte, in the middle of the stored event
    record["leaf"] = base64.b64encode(bytes(leaf)).decode()
    lines[target] = json.dumps(record).encode()
    changed = tmp_path / "changed.ndjson"
    changed.write_bytes(b"\n".join(lines))

    page.get_by_role("link", name="Verificar una exportación").first.click()
    page.set_input_files("#exportacion", str(changed))
    page.get_by_role("button", name="Verificar").click()
    report = page.get_by_role("status")
    assert report.get_by_role("heading", name="No verificada").is_visible()
    assert f"El registro {record['position']}" in report.inner_text()
