"""Observations: issued from a finding, answered by the agency concerned, listed with lateness."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import httpx2 as httpx
from openpyxl import load_workbook
from playwright.sync_api import Page

from domain.review_rules import Finding
from queries.observations import observation_lines
from tests.web.commission_support import assert_no_personal_data, client
from tests.web.conftest import OPERATOR, PHONE, Site, axe, shot

RULE = "child_not_notified_to_ppnna"


def a_finding(site: Site) -> tuple[str, Finding]:
    assert site.parts.review is not None
    found = site.parts.review.findings(at=site.clock(), rule=RULE, state="all", limit=1)
    assert found, "the demo raises a child not notified to PPNNA"
    return site.parts.folios(found[0].case_id), found[0]


def issued_on(site: Site, folio: str) -> int:
    case_id = site.hub.find_folio(folio)
    return sum(
        1
        for o in observation_lines(site.hub, site.parts.folios, site.clock())
        if o.case_id == case_id
    )


def form_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'name="(csrf|clave)" value="([^"]+)"', html))
    assert set(fields) == {"csrf", "clave"}
    return fields


def answer(site: Site, folio: str, observation_id: str, agency: str) -> httpx.Response:
    with site.hub.acting_as(OPERATOR):  # the agency's system, with its bearer token
        token = site.hub.open_account(agency, ["caseworker"], label=f"{agency} system").token
    case_id = site.hub.find_folio(folio)
    with httpx.Client(base_url=site.url, timeout=30) as api:
        return api.post(
            f"/cases/{case_id}/observations/{observation_id}/answer",
            json={"text": "Respuesta ficticia de la institución"},
            headers={"Authorization": f"Bearer {token}"},
        )


def test_the_commission_observes_a_finding_and_the_agencys_answer_appears_with_its_timing(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("cdheqroo", "commission")
    page.goto(f"/comision/hallazgos?estado=all&regla={RULE}")
    row = page.locator("tr.finding").first
    folio = row.get_by_role("link").first.inner_text()
    row.get_by_role("link", name=re.compile("Emitir observación")).click()
    page.wait_for_url("**/observaciones/nueva*")
    assert page.get_by_role("heading", name="Emitir una observación").is_visible()
    concerned = page.locator("#agencia").input_value()
    assert concerned  # prefilled from the finding
    assert "PPNNA" in page.locator("#texto").input_value()
    axe(page)
    # Keyboard only: Tab through the form in order, type, and send with Enter.
    page.locator("h1").click()
    reached: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if reached[-1] == "texto":
            break
    assert reached.index("agencia") < reached.index("tipo-finding") < reached.index("texto")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Observación ficticia de prueba.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/observaciones/emitida")
    assert page.get_by_role("heading", name="Observación emitida").is_visible()
    assert page.get_by_role("link", name=f"Ver el expediente {folio}").is_visible()
    axe(page)

    page.goto("/comision/observaciones?estado=unanswered")
    mine = page.locator("tr.observation").first
    assert mine.get_by_role("link").first.inner_text() == folio
    assert "Sin respuesta" in mine.locator(".answered").inner_text()
    observation_id = mine.get_attribute("data-id")
    assert observation_id

    refused = answer(site, folio, observation_id, "sesa" if concerned != "sesa" else "fge")
    assert refused.status_code in (403, 404, 409, 422)
    assert answer(site, folio, observation_id, concerned).status_code == 200

    page.goto("/comision/observaciones?estado=answered")
    answered = page.locator(f"tr.observation[data-id='{observation_id}']")
    assert "Sin respuesta" not in answered.locator(".answered").inner_text()
    assert answered.locator(".late").inner_text() == "En plazo"
    assert_no_personal_data(page.content())
    axe(page)
    shot(page, "observations")
    page.set_viewport_size(PHONE)
    page.goto("/comision/observaciones")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_double_submit_records_one_observation(site: Site) -> None:
    folio, finding = a_finding(site)
    path = f"/comision/casos/{folio}/observaciones/nueva"
    before = issued_on(site, folio)
    with client(site, "cdheqroo") as browser:
        fields = form_fields(browser.get(path).text)
        sent = {**fields, "agencia": finding.agency, "tipo": "finding", "texto": "Ficticia."}
        first = browser.post(path, data=sent)
        second = browser.post(path, data=sent)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == f"/comision/casos/{folio}/observaciones/emitida"
    assert issued_on(site, folio) == before + 1


def test_a_forged_csrf_token_is_refused_and_nothing_is_recorded(site: Site) -> None:
    folio, finding = a_finding(site)
    path = f"/comision/casos/{folio}/observaciones/nueva"
    before = issued_on(site, folio)
    with client(site, "cdheqroo") as browser:
        fields = form_fields(browser.get(path).text)
        forged = {**fields, "csrf": "forjado", "agencia": finding.agency, "tipo": "finding"}
        refused = browser.post(path, data={**forged, "texto": "Ficticia."})
    assert refused.status_code == 403
    assert "El formulario ya no es válido" in refused.text
    assert issued_on(site, folio) == before


def test_form_errors_are_shown_in_spanish_beside_their_fields_and_nothing_is_recorded(
    site: Site,
) -> None:
    folio, _ = a_finding(site)
    path = f"/comision/casos/{folio}/observaciones/nueva"
    before = issued_on(site, folio)
    with client(site, "cdheqroo") as browser:
        fields = form_fields(browser.get(path).text)
        wrong = browser.post(path, data={**fields, "agencia": "", "tipo": "x", "texto": " "})
    assert wrong.status_code == 400
    assert "Hay un problema" in wrong.text
    for message in (
        "Elija la institución concernida",
        "Elija el tipo de observación",
        "Escriba el texto de la observación",
    ):
        assert wrong.text.count(message) == 2  # in the summary and beside the field
    assert issued_on(site, folio) == before


def test_the_observations_download_as_csv_and_xlsx_with_the_rows_of_the_page(site: Site) -> None:
    with client(site, "cdheqroo") as browser:
        shown = browser.get("/comision/observaciones").text
        as_csv = browser.get("/comision/observaciones", params={"descargar": "csv"})
        as_xlsx = browser.get("/comision/observaciones", params={"descargar": "xlsx"})
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Folio", "Institución concernida", "Tipo"]
    for row in rows[1:]:
        assert row[0] in shown
        assert row[6] in ("Sí", "No")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "Folio"
    assert sheet.max_row == len(rows)


def test_only_the_commission_issues_observations_and_others_get_the_403_page(site: Site) -> None:
    folio, _ = a_finding(site)
    for agency, role in (("fge", "caseworker"), ("segob", "auditor"), ("dif", "supervisor")):
        with client(site, agency, role) as browser:
            form = browser.get(f"/comision/casos/{folio}/observaciones/nueva")
        assert form.status_code == 403
    for agency, role in (("fge", "caseworker"), ("segob", "auditor")):
        with client(site, agency, role) as browser:
            listed = browser.get("/comision/observaciones")
        assert listed.status_code == 403


def test_an_unknown_folio_gets_the_404_page_and_no_form(site: Site) -> None:
    with client(site, "cdheqroo") as browser:
        answer = browser.get("/comision/casos/QR-2026-999999/observaciones/nueva")
    assert answer.status_code == 404
    assert "No se encontró la página" in answer.text
