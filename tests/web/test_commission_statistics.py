"""Statistics: every table with its chart; a withheld figure reads "menos de 11", never 0."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.web.commission_support import assert_no_personal_data, client
from tests.web.conftest import DESK, PHONE, Site, axe, shot


def test_withheld_cells_read_menos_de_11_in_table_and_chart_and_none_reads_0(
    signed_in: Callable[[str, str], Page],
) -> None:
    page = signed_in("cdheqroo", "commission")
    page.set_viewport_size(DESK)
    page.goto("/comision/estadisticas")
    assert page.get_by_role("heading", name="Estadísticas", exact=True).is_visible()
    figures = page.locator("td.figure").all_inner_texts()
    assert figures
    assert "menos de 11" in figures
    assert "0" not in figures
    counts = [f for f in figures if f.isdigit()]
    assert all(int(f) >= 11 for f in counts)  # a published count is never below k
    charts = page.locator("svg.chart[role='img']")
    assert charts.count() == page.locator("section.statistic").count() >= 6
    first = charts.first
    assert first.get_attribute("aria-label")
    assert first.locator("title").count() == 1
    assert first.locator("desc").count() == 1
    assert page.locator("svg.chart rect.withheld-bar").count() >= 1
    chart_texts = page.locator("svg.chart text").all_text_contents()
    assert "menos de 11" in chart_texts
    assert "0" not in chart_texts
    assert "exploitation_form" not in page.locator("main").inner_text()
    assert_no_personal_data(page.content())
    axe(page)
    shot(page, "statistics")
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_median_times_are_written_in_words(site: Site) -> None:
    with client(site, "cdheqroo") as browser:
        html = browser.get("/comision/estadisticas").text
    assert "De la detección a la primera canalización" in html
    medians = re.findall(r'class="number figure">([^<]+)<', html)
    words = r"(\d+ días?( \d+ h)?|\d+ h( \d+ min)?|\d+ min)"
    worded = [m for m in medians if re.fullmatch(words, m)]
    withheld = [m for m in medians if m.startswith("no publicada")]
    assert worded or withheld


def test_a_period_that_ends_before_it_starts_is_refused_in_spanish(site: Site) -> None:
    with client(site, "cdheqroo") as browser:
        html = browser.get(
            "/comision/estadisticas", params={"desde": "2026-12-05", "hasta": "2026-01-01"}
        ).text
    assert "La fecha final debe ser igual o posterior a la inicial" in html


def test_the_statistics_download_as_csv_and_xlsx_with_the_figures_of_the_page(site: Site) -> None:
    with client(site, "cdheqroo") as browser:
        as_csv = browser.get("/comision/estadisticas", params={"descargar": "csv"})
        as_xlsx = browser.get("/comision/estadisticas", params={"descargar": "xlsx"})
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0] == ["Tabla", "Categoría", "Casos", "Observaciones", "Mediana"]
    cases = [r[2] for r in rows[1:] if r[2]]
    assert "menos de 11" in cases
    assert "0" not in cases
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    assert sheet.max_row == len(rows)


def test_a_caseworker_and_an_auditor_get_the_403_page(site: Site) -> None:
    for agency, role in (("fge", "caseworker"), ("segob", "auditor")):
        with client(site, agency, role) as browser:
            answer = browser.get("/comision/estadisticas")
        assert answer.status_code == 403


def test_the_tables_of_the_national_reports_and_the_cases_left_out_read_in_spanish(
    site: Site,
) -> None:
    """Issue 14, point 15: age bands (LGDNNA art. 5), indigenous language (INALI), economic
    sector (SCIAN), internal or international trafficking; and the cases whose person did not
    agree to be counted, left out and counted apart, in the page and its download."""
    with client(site, "cdheqroo") as browser:
        html = browser.get("/comision/estadisticas").text
        as_csv = browser.get("/comision/estadisticas", params={"descargar": "csv"})
    for heading in (
        "Edad por rangos",
        "Lengua indígena",
        "Sector económico de la explotación",
        "Trata interna o internacional",
    ):
        assert f">{heading}</h3>" in html
    # Every category of a short table is listed (the groups of languages are many: the page
    # lists their published cells, and the withheld ones as one row).
    for label in ("de 0 a 11 años", "hotelería y restaurantes", "interna (dentro de México)"):
        assert label in html
    assert "quedan fuera: la persona no aceptó ser contada" in html
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    left_out = [
        r
        for r in rows
        if r[0] == "Casos fuera de las estadísticas (sin consentimiento para contarlos)"
    ]
    assert len(left_out) == 1
    assert left_out[0][2] != "0"
