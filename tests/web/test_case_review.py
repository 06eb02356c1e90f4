"""The commission reviews a case: summary, timeline in words, chain of custody, any past moment."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5
from zoneinfo import ZoneInfo

from playwright.sync_api import Page

from demo.runner import DEMO_NAMESPACE
from domain.hub_base import DetectionReport
from tests.web.conftest import DESK, PHONE, Site, axe, shot
from tests.web.test_foundation import client
from texts.timeline import describe

ZONE = ZoneInfo("America/Cancun")
DEMO = Path(__file__).parents[2] / "demo"
# The demo's fictitious personal data and sealed texts: names, places, notes, narratives.
SEALED = re.compile(
    r'"(?:full_name|aliases|contact|narrative|date_of_birth|address)": "([^"]+)"'
    r'|\b(?:place|location|note|text|answer)="([^"]+)"'
)
# An event type or a code: referral_issued, child_protection.
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def personal_data_of_the_demo() -> set[str]:
    found: set[str] = set()
    for source in DEMO.glob("*.py"):
        for match in SEALED.finditer(source.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    assert len(found) > 10
    return found


def child_held_by_migration(site: Site) -> tuple[str, UUID]:
    """Scenario 7 of the demo: its folio and id."""
    case_id = uuid5(DEMO_NAMESPACE, "7-estacion-migratoria/1")
    return site.hub.get_case(case_id).folio, case_id


def ppnna_notice(site: Site, case_id: UUID) -> Any:
    return next(
        e
        for e in site.hub.timeline(case_id)
        if type(e).__name__ == "ReferralIssued" and getattr(e, "to_agency", None) == "ppnna"
    )


def text_of(page: Page) -> str:
    return page.locator("main").inner_text()


def adult_detected(site: Site, *, in_custody: bool = False) -> DetectionReport:
    """A detection of an adult two hours ago, as a test records it."""
    return DetectionReport(
        detected_at=site.clock() - timedelta(hours=2),
        municipality="Benito Juárez",
        indicators=["isolation"],
        exploitation_forms=["labour"],
        age_group="adult",
        sex="female",
        nationality="MX",
        languages=["es"],
        in_custody=in_custody,
    )


def commission_on(signed_in: Callable[[str, str], Page], path: str) -> Page:
    """A page of the commission's browser, at ``path``."""
    page = signed_in("cdheqroo", "commission")
    page.goto(path)
    return page


def test_the_commission_reads_the_childs_case_in_spanish_without_codes(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = child_held_by_migration(site)
    page = commission_on(signed_in, f"/comision/casos/{folio}")
    assert page.get_by_role("heading", name=f"Caso {folio}", level=1).is_visible()
    summary = page.locator("#resumen")
    assert "Othón P. Blanco" in summary.inner_text()
    assert "Sí (presunción de minoría de edad)" in summary.inner_text()
    assert "Instituto Nacional de Migración" in summary.inner_text()
    assert "Sector económico\nsector desconocido" in summary.inner_text()  # never said
    timeline = page.locator("#cronologia li")
    assert timeline.count() >= 6
    notice = describe(ppnna_notice(site, case_id), "es", site.hub.catalogue)
    assert notice in page.locator("#cronologia").inner_text()
    words = text_of(page)
    assert not CODE.findall(words), CODE.findall(words)
    assert "ReferralIssued" not in words
    findings = page.locator("ul.findings").inner_text()
    assert "Hallazgo de la revisión" not in findings  # each rule by its own name
    assert "PPNNA" in findings or "Procuraduría" in findings
    link = page.get_by_role("link", name="Emitir observación")
    assert link.get_attribute("href") == f"/comision/casos/{folio}/observaciones/nueva"
    axe(page)
    shot(page, "case-review")


def test_the_timeline_names_the_role_of_the_account_that_acted(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    worker = site.hub.account(site.person("sedetur", "caseworker")).actor
    with site.hub.acting_as(worker):
        opened = site.hub.open_case(adult_detected(site))
    page = commission_on(signed_in, f"/comision/casos/{opened.folio}")
    first = page.locator("#cronologia li").first.inner_text()
    assert "gestión de casos" in first
    assert site.hub.catalogue.agencies["sedetur"].name in first
    assert "presunción de minoría" not in page.locator("#resumen").inner_text()
    assert "Ninguna institución ha tenido a la persona" in page.locator("#custodia").inner_text()


def test_a_case_id_opens_the_same_page_and_the_search_box_finds_a_folio(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = child_held_by_migration(site)
    page = commission_on(signed_in, f"/comision/casos/{case_id}")
    assert page.get_by_role("heading", name=f"Caso {folio}", level=1).is_visible()
    page.get_by_label("Buscar un caso por folio").fill(folio.lower())
    page.get_by_role("button", name="Buscar", exact=True).click()
    assert page.url.endswith(f"/comision/casos/{folio}")


def test_an_unknown_folio_is_a_message_on_the_search_page_and_a_404_page(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = commission_on(signed_in, "/comision/casos?folio=QR-1999-999999")
    assert page.get_by_role("alert").is_visible()
    alert = page.get_by_role("alert").inner_text()
    assert "No hay ningún caso con el folio QR-1999-999999" in alert
    axe(page)
    answer = page.goto("/comision/casos/QR-1999-999999")
    assert answer is not None
    assert answer.status == 404
    assert page.get_by_role("heading", name="No se encontró la página").is_visible()


def test_the_chain_of_custody_is_drawn_and_listed_interval_by_interval(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = child_held_by_migration(site)
    chain = site.hub.custody(case_id)
    page = commission_on(signed_in, f"/comision/casos/{folio}")
    drawing = page.locator("svg.custody-chain")
    assert drawing.get_attribute("role") == "img"
    assert "Cadena de custodia del caso" in (drawing.locator("title").first.text_content() or "")
    assert drawing.locator("g.band").count() == len(chain.intervals) >= 2
    assert drawing.locator("g.handoff").count() >= 1
    rows = page.locator("table.custody-table tbody tr")
    assert rows.count() == len(chain.intervals)
    assert "Instituto Nacional de Migración" in rows.first.inner_text()
    assert "INM" in (drawing.text_content() or "")
    assert page.locator("svg.custody-chain text").count() > len(chain.intervals)  # axis ticks
    assert page.locator("[style]").count() == 0
    page.locator("#custodia").scroll_into_view_if_needed()
    shot(page, "custody-chain")


def test_the_gaps_of_a_chain_are_hatched_and_named_with_their_length(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    case_id = uuid5(DEMO_NAMESPACE, "6-paradero-desconocido/1")
    chain = site.hub.custody(case_id)
    assert chain.gaps
    page = commission_on(signed_in, f"/comision/casos/{site.hub.get_case(case_id).folio}")
    drawing = page.locator("svg.custody-chain")
    assert drawing.locator("g.gap").count() == len(chain.gaps)
    assert drawing.locator("g.gap rect").first.get_attribute("fill") == "url(#gap-hatch)"
    gaps = page.locator("li.custody-gap")
    assert gaps.count() == len(chain.gaps)
    assert "Paradero desconocido" in gaps.first.inner_text()
    assert re.search(r"\d+ (d|h|min)", gaps.first.inner_text())
    assert drawing.locator("g.band").count() == len(chain.intervals)
    assert page.locator("table.custody-table tbody tr").count() == len(chain.intervals)
    axe(page)


def test_the_page_reads_in_english_on_the_switch(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, _ = child_held_by_migration(site)
    page = commission_on(signed_in, f"/comision/casos/{folio}")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name=f"Case {folio}", level=1).is_visible()
    assert page.get_by_role("heading", name="Chain of custody").is_visible()
    assert "Yes (presumption of minority)" in page.locator("#resumen").inner_text()
    words = text_of(page)
    assert not CODE.findall(words), CODE.findall(words)
    page.get_by_role("link", name="Español").click()


def test_a_refused_handoff_is_marked_and_custody_stays_where_it_was(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    police = site.hub.account(site.person("ssc", "caseworker")).actor
    shelter = site.hub.account(site.person("dif", "caseworker")).actor
    with site.hub.acting_as(police):
        opened = site.hub.open_case(adult_detected(site, in_custody=True))
        handoff = site.hub.initiate_handoff(
            opened.case_id, "dif", place="Lugar secreto de prueba", legal_basis="imminent_risk"
        )
    with site.hub.acting_as(shelter):
        site.hub.refuse_handoff(opened.case_id, handoff.id, "no_capacity")
    page = commission_on(signed_in, f"/comision/casos/{opened.folio}")
    drawing = page.locator("svg.custody-chain")
    assert drawing.locator("g.handoff").count() == 1
    assert "rechazada" in (drawing.locator("g.handoff title").text_content() or "")
    assert drawing.locator("g.band").count() == 1
    row = page.locator("table.handoff-table tbody tr").inner_text()
    assert "rechazada" in row
    assert "sin capacidad de atención" in row
    assert "Lugar secreto de prueba" not in page.content()
    axe(page)


def test_the_case_as_it_stood_before_the_ppnna_notice_and_now(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = child_held_by_migration(site)
    notice = ppnna_notice(site, case_id)
    sentence = describe(notice, "es", site.hub.catalogue)
    before = (notice.timestamp - timedelta(minutes=30)).astimezone(ZONE)
    page = commission_on(signed_in, f"/comision/casos/{folio}")
    page.locator("#al").fill(before.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Ver el caso en ese momento").click()
    banner = page.get_by_role("status")
    assert banner.inner_text().startswith("Vista del caso al ")
    assert before.strftime("%H:%M") in banner.inner_text()
    assert sentence not in page.locator("#cronologia").inner_text()
    assert "No hay canalizaciones abiertas." in page.locator("#resumen").inner_text()
    assert page.locator("table.custody-table tbody tr").count() == 1  # INM only, then
    page.get_by_role("link", name="Volver a la vista actual").click()
    assert sentence in page.locator("#cronologia").inner_text()
    assert page.get_by_role("status").count() == 0


def test_a_moment_before_the_case_or_in_the_future_is_an_error_on_the_field(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, _ = child_held_by_migration(site)
    page = signed_in("cdheqroo", "commission")
    for moment, message in (
        ("2001-01-01T10:00", "posteriores a la apertura del caso"),
        ("2099-01-01T10:00", "no pueden ser posteriores a este momento"),
    ):
        answer = page.goto(f"/comision/casos/{folio}?al={moment}")
        assert answer is not None
        assert answer.status == 400
        assert message in page.get_by_role("alert").inner_text()
        assert message in page.locator("#al-error").inner_text()
        assert page.locator("#al").get_attribute("aria-invalid") == "true"
    axe(page)


def test_an_uninvolved_caseworker_and_an_anonymous_browser_are_refused(site: Site) -> None:
    folio, _ = child_held_by_migration(site)
    with client(site) as anonymous:
        answer = anonymous.get(f"/comision/casos/{folio}")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/entrar?volver=/comision/casos/{folio}"
    with client(site, site.person("sedetur", "caseworker")) as caseworker:
        refused = caseworker.get(f"/comision/casos/{folio}")
        searched = caseworker.get(f"/comision/casos?folio={folio}")
    assert refused.status_code == 403
    assert searched.status_code == 403
    assert "Cadena de custodia" not in refused.text
    assert "Othón P. Blanco" not in refused.text


def test_an_auditor_reviews_the_case_too(site: Site) -> None:
    folio, _ = child_held_by_migration(site)
    with client(site, site.person("segob", "auditor")) as auditor:
        answer = auditor.get(f"/comision/casos/{folio}")
    assert answer.status_code == 200
    assert "Emitir observación" not in answer.text


def test_no_personal_data_of_the_demo_is_on_any_case_page(site: Site) -> None:
    agencies = " ".join(a.name for a in site.hub.catalogue)
    # A demo place may share its words with an agency's name (DIF's shelter): not a leak.
    secrets = {s for s in personal_data_of_the_demo() if s not in agencies}
    scenarios = [line.split('"')[1] for line in _scenario_keys()]
    with client(site, site.person("cdheqroo", "commission")) as commission:
        for key in scenarios:
            folio = site.hub.get_case(uuid5(DEMO_NAMESPACE, key)).folio
            answer = commission.get(f"/comision/casos/{folio}")
            assert answer.status_code == 200, key
            shown = [s for s in secrets if s in answer.text]
            assert not shown, (key, shown)
            assert "style=" not in answer.text
            assert "<script" not in answer.text


def _scenario_keys() -> list[str]:
    """``"<scenario>/1"`` of each scenario the demo opens one case for."""
    keys = []
    for source in DEMO.glob("*.py"):
        for match in re.finditer(
            r'd\.open(?:_group)?\(\s*"([^"]+)"', source.read_text(encoding="utf-8")
        ):
            keys.append(f'"{match.group(1)}/1"')
    assert len(keys) >= 5
    return keys


def test_the_case_page_fits_a_phone_and_passes_axe_at_both_widths(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, _ = child_held_by_migration(site)
    page = signed_in("cdheqroo", "commission")
    for size in (DESK, PHONE):
        page.set_viewport_size(size)
        page.goto(f"/comision/casos/{folio}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"]
        axe(page)
    shot(page, "case-review-phone")


def test_the_commission_reads_an_observations_answer_for_a_purpose_and_the_reading_is_recorded(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = child_held_by_migration(site)
    answer = "Se instruyó notificar a PPNNA de inmediato."
    page = signed_in("cdheqroo", "commission")
    page.goto(f"/comision/casos/{folio}")
    assert answer not in text_of(page)  # sealed: not read without a purpose
    before = len(site.hub.access_log(case_id=case_id))
    page.get_by_label(re.compile("Para leer los textos")).select_option(label="gestión del caso")
    page.get_by_role("button", name="Leer los textos").click()
    assert answer in text_of(page)
    assert "Esta lectura quedó registrada" in text_of(page)
    assert "?" in page.url
    assert answer not in page.url
    recorded = site.hub.access_log(case_id=case_id)
    assert len(recorded) == before + 1
    assert recorded[-1].purpose == "case_management"
    assert any(label.startswith("observation.answer:") for label in recorded[-1].labels)
    axe(page)


def test_an_unknown_purpose_is_an_error_on_its_field_and_nothing_is_read(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = child_held_by_migration(site)
    before = len(site.hub.access_log(case_id=case_id))
    page = signed_in("cdheqroo", "commission")
    answered = page.goto(f"/comision/casos/{folio}?proposito=curiosidad")
    assert answered is not None
    assert answered.status == 400
    assert "Elija un motivo de la lista." in page.locator("#proposito-error").inner_text()
    assert "Se instruyó notificar" not in text_of(page)
    assert len(site.hub.access_log(case_id=case_id)) == before
