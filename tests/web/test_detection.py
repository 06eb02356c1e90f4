"""Recording a detection in the browser: one person or a group, once, with errors in Spanish."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from domain.statistics import recorded_facts
from tests.web.commission_support import client
from tests.web.conftest import PHONE, Site, axe, shot

NAME = "Persona Ficticia Detectada"
FOLIO = re.compile(r"/casos/([A-Z0-9-]+)/registrado")


def opened(site: Site) -> int:
    """How many cases the store holds (each opening is one ``CaseOpened`` event)."""
    records = site.hub.recorder.select_notifications(start=1, limit=1_000_000)
    return sum(1 for r in records if r.topic.endswith(":CaseOpened"))


def form_fields(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'name="(csrf|clave)" value="([^"]+)"', html))
    assert set(fields) == {"csrf", "clave"}
    return fields


def a_detection(**changed: Any) -> dict[str, Any]:
    detection: dict[str, Any] = {
        "detected_at": "2026-12-05T01:30",
        "municipality": "Benito Juárez",
        "indicators": ["document_retention", "minor_working"],
        "exploitation_forms": ["sexual"],
        "age_group": "child",
        "estimated_age": "15",
        "sex": "female",
        "nationality": "HN",
        "languages": ["es"],
        "full_name": NAME,
        "narrative": "Relato ficticio de prueba.",
    }
    return {**detection, **changed}


def test_a_tourism_inspector_saves_a_childs_detection_on_a_phone_and_is_told_to_notify_ppnna(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("sedetur", "caseworker")
    page.set_viewport_size(PHONE)
    seen: list[str] = []
    page.on("response", lambda r: seen.extend([r.url, r.headers.get("location", "")]))
    page.goto("/casos/nuevo")
    assert "sellados" in page.inner_text("main")
    assert "presunción de minoría de edad" in page.inner_text("main")
    assert "Alguien más guarda sus documentos" in page.inner_text("main")
    axe(page)
    shot(page, "detection-form")
    page.select_option("#municipality", "Benito Juárez")
    page.check("#indicators-document_retention")
    page.check("#exploitation_forms-sexual")
    page.check("#age_group-unknown")
    page.check("#sex-female")
    page.select_option("#nationality", "GT")
    page.check("#languages-yua")
    page.check("#needs_interpreter")
    page.fill("#full_name", NAME)
    page.fill("#narrative", "Relato ficticio de prueba.")
    before = opened(site)
    page.click("#guardar")
    page.wait_for_url(FOLIO)
    found = FOLIO.search(page.url)
    assert found is not None
    assert page.inner_text("p.folio") == found.group(1)
    assert "Notifique ahora a la PPNNA" in page.inner_text("main")
    assert opened(site) == before + 1
    axe(page)
    shot(page, "detection-recorded")
    assert NAME not in page.title()
    for url in [*seen, page.url]:
        assert "Ficticia" not in url
        assert "Relato" not in url


def test_an_adults_detection_says_to_ask_consent_and_refer_to_services(site: Site) -> None:
    with client(site, "sedetur", "caseworker") as browser:
        fields = form_fields(browser.get("/casos/nuevo").text)
        adult = a_detection(age_group="adult", estimated_age="30")
        saved = browser.post("/casos/nuevo", data={**fields, **adult})
        assert saved.status_code == 303
        assert NAME not in saved.headers["location"]
        recorded = browser.get(saved.headers["location"])
    assert "consiente" in recorded.text
    assert "Notifique ahora a la PPNNA" not in recorded.text


def test_every_fields_error_is_shown_in_spanish_and_nothing_is_recorded(site: Site) -> None:
    before = opened(site)
    with client(site, "sedetur", "caseworker") as browser:
        fields = form_fields(browser.get("/casos/nuevo").text)
        empty = browser.post("/casos/nuevo", data={**fields, "full_name": NAME})
        wrong = browser.post(
            "/casos/nuevo",
            data={
                **fields,
                **a_detection(
                    detected_at="2099-01-01T10:00",
                    exploitation_forms=["nonsense"],
                    age_group="adult",
                    estimated_age="12",
                    nationality="ZZ",
                    other_languages="no es un idioma",
                    documents="x" * 201,
                    full_name="y" * 201,
                ),
            },
        )
        not_a_number = browser.post(
            "/casos/nuevo", data={**fields, **a_detection(estimated_age="quince")}
        )
    assert empty.status_code == wrong.status_code == not_a_number.status_code == 400
    assert "Hay un problema" in empty.text
    for message in (
        "Elija el municipio donde se detectó a la persona",
        "Marque al menos un indicador",
        "Elija el grupo de edad",
        "Elija el sexo",
        "Elija la nacionalidad de la lista",
    ):
        assert message in empty.text
    assert f'value="{NAME}"' in empty.text  # the personal data typed is kept, in the page
    for message in (
        "no pueden ser en el futuro",
        "Elija formas de explotación de la lista",
        "La edad aproximada no corresponde al grupo de edad elegido",
        "Elija la nacionalidad de la lista",
        "Escriba los idiomas como códigos",
        "Escriba hasta 20 documentos",
        "El texto es demasiado largo",
    ):
        assert message in wrong.text
    assert "La edad aproximada debe ser un número" in not_a_number.text
    assert 'id="estimated_age-error"' in not_a_number.text  # beside its field
    assert opened(site) == before


def test_a_group_of_three_opens_three_linked_cases_in_one_operation(site: Site) -> None:
    before = opened(site)
    with client(site, "ssc", "caseworker") as browser:
        size = browser.get("/casos/nuevo/grupo")
        assert "¿Cuántas personas?" in size.text
        assert browser.get("/casos/nuevo/grupo?personas=1").status_code == 400
        form = browser.get("/casos/nuevo/grupo?personas=3")
        assert form.text.count('name="p3_age_group"') == 3  # one radio per age group
        shared = a_detection()
        people: dict[str, str] = {}
        for i, (group, sex) in enumerate(
            [("child", "female"), ("adult", "male"), ("unknown", "unknown")], 1
        ):
            people |= {f"p{i}_age_group": group, f"p{i}_sex": sex, f"p{i}_nationality": "CU"}
        people["p1_full_name"] = NAME
        sent = {**form_fields(form.text), **shared, **people, "personas": "3"}
        for personal in (
            "full_name",
            "narrative",
            "age_group",
            "sex",
            "nationality",
            "estimated_age",
        ):
            sent.pop(personal)
        saved = browser.post("/casos/nuevo/grupo", data=sent)
        assert saved.status_code == 303, saved.text
        recorded = browser.get(saved.headers["location"])
    folios = re.findall(r'<p class="folio">([^<]+)</p>', recorded.text)
    assert len(folios) == 3
    assert opened(site) == before + 3
    cases = [site.hub.get_case(site.hub.find_folio(f)) for f in folios]
    operations = {c.detection.operation for c in cases}
    assert len(operations) == 1
    assert None not in operations
    assert recorded.text.count("Notifique ahora a la PPNNA") == 2  # the child and the unknown age
    assert NAME not in saved.headers["location"]


def test_a_double_submit_records_one_case(site: Site) -> None:
    before = opened(site)
    with client(site, "sedetur", "caseworker") as browser:
        sent = {**form_fields(browser.get("/casos/nuevo").text), **a_detection()}
        first = browser.post("/casos/nuevo", data=sent)
        second = browser.post("/casos/nuevo", data=sent)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert opened(site) == before + 1


def test_a_forged_csrf_token_is_refused_and_nothing_is_recorded(site: Site) -> None:
    before = opened(site)
    with client(site, "sedetur", "caseworker") as browser:
        fields = form_fields(browser.get("/casos/nuevo").text)
        forged = browser.post("/casos/nuevo", data={**a_detection(), **fields, "csrf": "forjado"})
        missing = browser.post("/casos/nuevo", data={**a_detection(), "clave": fields["clave"]})
    assert forged.status_code == missing.status_code == 403
    assert opened(site) == before


def test_the_commission_and_auditors_get_the_forbidden_page(site: Site) -> None:
    for agency, role in (("cdheqroo", "commission"), ("segob", "auditor")):
        with client(site, agency, role) as browser:
            for path in ("/casos/nuevo", "/casos/nuevo/grupo?personas=2"):
                refused = browser.get(path)
                assert refused.status_code == 403, (agency, role, path)
                assert "text/html" in refused.headers["content-type"]


def test_only_the_detecting_agency_sees_the_saved_page(site: Site) -> None:
    with client(site, "sedetur", "caseworker") as browser:
        sent = {**form_fields(browser.get("/casos/nuevo").text), **a_detection()}
        location = browser.post("/casos/nuevo", data=sent).headers["location"]
    with client(site, "dif", "caseworker") as other:
        assert other.get(location).status_code == 404


def tab_to(page: Page, element_id: str) -> None:
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_detection_form_can_be_filled_and_saved_with_the_keyboard_alone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("sedetur", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto("/casos/nuevo")
    tab_to(page, "municipality")
    page.keyboard.type("Cozumel")
    tab_to(page, "indicators-restricted_movement")
    page.keyboard.press("Space")
    tab_to(page, "age_group-child")
    page.keyboard.press("Space")
    tab_to(page, "sex-female")
    page.keyboard.press("Space")
    tab_to(page, "nationality")
    page.keyboard.type("Hond")
    tab_to(page, "full_name")
    page.keyboard.type(NAME)
    page.keyboard.press("Enter")
    page.wait_for_url(FOLIO)
    assert "Notifique ahora a la PPNNA" in page.inner_text("main")
    case = site.hub.get_case(site.hub.find_folio(page.inner_text("p.folio")))
    assert case.detection.municipality == "Cozumel"
    assert case.detection.nationality == "HN"


def test_the_hubs_refusals_are_shown_beside_their_fields_and_record_nothing(site: Site) -> None:
    before = opened(site)
    with client(site, "sesa", "caseworker") as health:  # health may not hold a person
        fields = form_fields(health.get("/casos/nuevo").text)
        custody = health.post("/casos/nuevo", data={**fields, **a_detection(in_custody="si")})
        elsewhere = health.post(
            "/casos/nuevo", data={**fields, **a_detection(municipality="Mérida")}
        )
    assert custody.status_code == elsewhere.status_code == 400
    assert 'id="in_custody-error"' in custody.text
    assert "Su institución no puede tener a una persona bajo resguardo" in custody.text
    assert 'id="municipality-error"' in elsewhere.text
    assert f"{NAME}" in custody.text  # kept in the form shown again
    assert opened(site) == before


def test_a_saved_form_sent_again_with_other_details_records_nothing_more(site: Site) -> None:
    with client(site, "sedetur", "caseworker") as browser:
        fields = form_fields(browser.get("/casos/nuevo").text)
        assert browser.post("/casos/nuevo", data={**fields, **a_detection()}).status_code == 303
        before = opened(site)
        changed = browser.post("/casos/nuevo", data={**fields, **a_detection(sex="male")})
    assert changed.status_code == 400
    assert "Este formulario ya se guardó" in changed.text
    assert opened(site) == before


def test_a_group_is_recorded_in_the_browser_at_390_px_with_every_page_accessible(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("ssc", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto("/casos/nuevo/grupo")
    axe(page)
    page.fill("#personas", "2")
    page.click("#continuar")
    page.wait_for_url("**/casos/nuevo/grupo?personas=2")
    axe(page)
    page.click("#guardar")  # nothing filled: every error, in Spanish, beside its field
    assert "Hay un problema" in page.inner_text(".error-summary")
    assert "Elija el grupo de edad" in page.inner_text("#p2_age_group")
    axe(page)
    shot(page, "detection-group-errors")
    page.select_option("#municipality", "Cozumel")
    page.check("#indicators-threats")
    for i, group in ((1, "adult"), (2, "adult")):
        page.check(f"#p{i}_age_group-{group}")
        page.check(f"#p{i}_sex-male")
        page.select_option(f"#p{i}_nationality", "VE")
    page.fill("#p1_full_name", NAME)
    before = opened(site)
    page.click("#guardar")
    page.wait_for_url(FOLIO)
    assert NAME not in page.url
    assert page.locator("p.folio").count() == 2
    assert "consiente" in page.inner_text("main")
    assert opened(site) == before + 2
    axe(page)


def test_the_sector_and_scope_are_recorded_and_a_wrong_one_is_shown_beside_its_field(
    site: Site,
) -> None:
    """Issue 14, point 15: the economic sector (SCIAN) and internal or international
    trafficking, optional codes chosen from lists, never typed."""
    with client(site, "sedetur", "caseworker") as browser:
        page = browser.get("/casos/nuevo").text
        assert "Sector económico donde se explotaba a la persona" in page
        assert "Trata interna o internacional" in page
        fields = form_fields(page)
        wrong = browser.post(
            "/casos/nuevo",
            data={**fields, **a_detection(economic_sector="hoteles", trafficking_scope="x")},
        )
        assert wrong.status_code == 400
        assert 'id="economic_sector-error"' in wrong.text
        assert 'id="trafficking_scope-error"' in wrong.text
        fields = form_fields(wrong.text)
        chosen = a_detection(economic_sector="hospitality", trafficking_scope="international")
        saved = browser.post("/casos/nuevo", data={**fields, **chosen})
        assert saved.status_code == 303
    facts = recorded_facts(site.hub)[-1]
    assert (facts.economic_sector, facts.trafficking_scope) == ("hospitality", "international")
