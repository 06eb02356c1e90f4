"""The findings board: the commission finds what the rules raise, filtered, explained, exported."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.web.commission_support import assert_no_personal_data, client
from tests.web.conftest import DESK, PHONE, Site, axe, shot

RULE = "child_not_notified_to_ppnna"


def test_the_commission_finds_the_child_not_notified_with_its_folio_explanation_and_lateness(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("cdheqroo", "commission")
    page.set_viewport_size(DESK)
    page.goto("/comision/hallazgos")
    page.get_by_label("Regla", exact=True).select_option(RULE)
    page.get_by_label("Estado", exact=True).select_option("all")
    page.get_by_role("button", name="Aplicar filtros").click()
    rows = page.locator(f"tr.finding[data-rule='{RULE}']")
    assert rows.count() >= 1
    first = rows.first
    folio = first.get_by_role("link").first.inner_text()
    assert folio.startswith("QR-")
    assert first.get_by_role("link", name=folio, exact=True).get_attribute("href") == (
        f"/comision/casos/{folio}"
    )
    assert "no notificado a la PPNNA" in first.inner_text()
    first.locator("summary").click()
    assert "una hora después de la detección" in first.locator(".explained").inner_text()
    source = first.locator(".source").inner_text()
    assert "LGDNNA art. 12" in source
    late = first.locator(".late-by").inner_text()
    assert "vencido hace" in late or "después del plazo" in late
    assert RULE not in page.locator("main").inner_text()  # labels, never codes
    assert re.fullmatch(r"\d+ hallazgos? con estos filtros", page.locator("#cuenta").inner_text())
    assert_no_personal_data(page.content())
    axe(page)
    shot(page, "findings-board")


def test_the_board_fits_a_phone_and_its_table_scrolls_in_its_own_box(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("cdheqroo", "commission")
    page.set_viewport_size(PHONE)
    page.goto("/comision/hallazgos?estado=all")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".table-wrap table").count() == 1
    axe(page)


def test_a_bad_date_in_the_filter_is_shown_in_spanish_beside_the_field(site: Site) -> None:
    with client(site, "cdheqroo") as browser:
        answer = browser.get("/comision/hallazgos", params={"desde": "ayer"})
    assert answer.status_code == 200
    assert "Hay un problema" in answer.text
    assert "Escriba una fecha válida" in answer.text
    assert 'href="#desde"' in answer.text


def test_the_csv_and_xlsx_downloads_hold_the_rows_of_the_board(site: Site) -> None:
    query = {"estado": "all", "regla": RULE}
    with client(site, "cdheqroo") as browser:
        shown = browser.get("/comision/hallazgos", params=query).text
        as_csv = browser.get("/comision/hallazgos", params={**query, "descargar": "csv"})
        as_xlsx = browser.get("/comision/hallazgos", params={**query, "descargar": "xlsx"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Folio"
    assert rows[0][1] == "Regla"
    assert len(rows) > 1
    for row in rows[1:]:
        assert row[0] in shown
        assert row[1].startswith("Niña, niño o adolescente no notificado")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[0][0] == "Folio"
    assert [r[0] for r in cells[1:]] == [r[0] for r in rows[1:]]


def test_a_supervisor_sees_only_its_own_agencys_findings(site: Site) -> None:
    with client(site, "dif", "supervisor") as browser:
        answer = browser.get("/comision/hallazgos", params={"estado": "all"})
        other = browser.get("/comision/hallazgos", params={"agencia": "fge"})
    assert answer.status_code == 200
    assert "Hallazgos sobre" in answer.text
    assert "Emitir observación" not in answer.text
    assert "Elija una institución de la lista" in other.text


def test_a_caseworker_and_an_auditor_get_the_403_page(site: Site) -> None:
    for agency, role in (("fge", "caseworker"), ("segob", "auditor")):
        with client(site, agency, role) as browser:
            answer = browser.get("/comision/hallazgos")
        assert answer.status_code == 403
        assert "No tiene acceso a esta página" in answer.text
