"""The route's later steps as people take them in the browser, by keyboard where it is natural.

- The vista: an inspector who found a woman reports the crime to the prosecutor's office from
  the case page, and the timeline says so (CNPP art. 222).
- A child's route: PPNNA draws up the restitution plan and determines the child's best interest;
  a return referral is refused before the determination and goes through after it (LGDNNA arts.
  122-123, ``domain/return_gate.py``).
- International protection: a foreign woman is offered the referral to COMAR and asks for
  asylum; a notice to her consulate is then refused (Ley sobre Refugiados, Protección
  Complementaria y Asilo Político, arts. 6 and 18; its Reglamento, art. 22; Ley de Migración).

Every person is invented.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from uuid import uuid4

from playwright.sync_api import BrowserContext, Page

from tests.web.conftest import DESK, PHONE, Site, axe
from tests.web.test_case_children import child_with_ppnna
from tests.web.test_case_work import actor, detected
from tests.web.walk import Walk


def follow(page: Page, link: str) -> None:
    """Reach a link of the case page's actions by keyboard and follow it."""
    page.locator("#acciones").get_by_role("link", name=link, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose(page: Page, label: str, value: str | None = None) -> None:
    """Go to a choice and take it with the space bar, as a keyboard user does; ``value`` tells
    apart choices of the same words (an agency under two services)."""
    found = page.get_by_label(label, exact=True)
    if value is not None:
        found = page.locator(f'input[value="{value}"]')
    found.focus()
    page.keyboard.press("Space")
    assert found.is_checked()


def send(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_inspector_gives_notice_to_the_prosecutor_from_the_case_page_and_reads_it(
    site: Site, context: BrowserContext
) -> None:
    """CNPP art. 222: a public servant who learns of trafficking reports it to the Ministerio
    Público at once; the detecting agency gives the vista itself, with its reference sealed."""
    name, reference = f"Marisol Ficticia {uuid4().hex[:6]}", "Oficio ficticio SEDETUR/0042"
    walk = Walk(site, context, DESK, secrets=(name, reference))
    page = walk.as_agency("sedetur")
    with site.hub.acting_as(actor(site, "sedetur")):  # type: ignore[arg-type]
        folio = site.hub.open_case(detected(site, name, in_custody=False)).folio
    walk.goto(f"/casos/{folio}")
    follow(page, "Dar vista al Ministerio Público")
    walk.check_page()
    assert "CNPP art. 222" in page.inner_text("main")
    axe(page)
    choose(page, "FGE · Fiscalía General del Estado de Quintana Roo")
    page.keyboard.press("Tab")
    page.keyboard.type(reference)  # the reference, typed where the focus went
    assert page.locator("#reference").input_value() == reference
    send(page, "Registrar la vista")
    page.wait_for_url(re.compile(r"hecho=notify_prosecutor"))
    walk.check_page()
    assert page.inner_text("#hecho").strip() == "Vista al Ministerio Público registrada: FGE."
    timeline = page.inner_text("main")
    assert "Vista al Ministerio Público (CNPP art. 222) dada a FGE" in timeline
    assert reference not in timeline  # sealed: read only by naming a purpose
    assert "Dar vista al Ministerio Público" in walk.links(folio)  # FGR may still be told
    walk.assert_no_secret_in_addresses()


def test_ppnna_plans_restitution_and_determines_the_best_interest_before_a_return(
    site: Site, context: BrowserContext
) -> None:
    """LGDNNA art. 123: PPNNA draws up the plan to restore the child's rights; arts. 2 and 111
    (with art. 122): a child returns only when PPNNA's determination of the best interest says
    so. The return referral to INM is refused at its field before the determination and
    issued after it. The boy, Guatemalan, was offered COMAR and declined (Ley sobre Refugiados
    art. 6), and PPNNA assessed his risk: the other conditions of a return."""
    folio, case_id = child_with_ppnna(site, nationality="GT")
    with site.hub.acting_as(actor(site, "ppnna")):  # type: ignore[arg-type]
        site.hub.assess_risk(case_id, "medium")
        site.hub.screen_for_protection(case_id, "declined", "declined")
    walk = Walk(site, context, PHONE, secrets=("Niño Ficticio Páginas",))
    page = walk.as_agency("ppnna")

    walk.goto(f"/casos/{folio}")
    follow(page, "Elaborar el plan de restitución")
    assert "expediente de la PPNNA" in page.inner_text("main")
    send(page, "Registrar el plan")
    assert page.inner_text("#hecho").strip() == "Plan de restitución de derechos registrado."

    def refer_return() -> None:
        walk.goto(f"/casos/{folio}")
        follow(page, "Canalizar a otra institución")
        choose(page, "INM", value="assisted_return:inm")
        choose(page, "interés superior de la niñez (representación de la PPNNA)")
        send(page, "Enviar la canalización")

    refer_return()
    walk.check_page()
    summary = page.locator(".error-summary").inner_text()
    assert "Falta la determinación del interés superior" in summary
    assert "solo cuando la determinación de su interés superior dice que retorne" in (
        page.locator("#destination-error").inner_text()
    )
    axe(page)

    walk.goto(f"/casos/{folio}")
    follow(page, "Determinar el interés superior")
    choose(page, "Retorno al país de origen")
    send(page, "Registrar la determinación")
    said = page.inner_text("#hecho").strip()
    assert said == "Determinación del interés superior registrada: Retorno al país de origen."

    refer_return()
    assert page.inner_text("#hecho").startswith("Canalización enviada a INM: retorno asistido")
    timeline = walk.case_text(folio)
    for line in (
        "Plan de restitución de derechos elaborado",
        "Determinación del interés superior: Retorno al país de origen",
        "Se ofreció canalizar a la COMAR",
    ):
        assert line in timeline
    walk.assert_no_secret_in_addresses()


def test_a_foreign_woman_asks_for_asylum_and_her_consulate_is_then_not_told(
    site: Site, context: BrowserContext
) -> None:
    """Ley sobre Refugiados, Protección Complementaria y Asilo Político, art. 6 (no return of a
    refugee) and art. 18 (30 business days from entry to apply); its Reglamento, art. 22 (no
    notice to an asylum seeker's consulate); the Ley de Migración, art. 109, likewise excepts
    those who ask for refugee status from the consular notice of a foreigner presented to INM
    (the article as remembered, not confirmed against the text in force). The police, who hold
    her, screen her by keyboard; she accepts COMAR, and the SRE's consular notice is then
    refused in the domain's words at the measure's kind."""
    name = f"Dilcia Ficticia {uuid4().hex[:6]}"
    report = replace(detected(site, name, in_custody=True), nationality="HN")
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        opened = site.hub.open_case(report)
    folio = opened.folio
    walk = Walk(site, context, PHONE, secrets=(name,))
    page = walk.as_agency("ssc")

    walk.goto(f"/casos/{folio}")
    follow(page, "Evaluación de protección internacional")
    walk.check_page()
    assert "Ley sobre Refugiados" in page.inner_text("main")
    axe(page)
    choose(page, "Sí, aceptó la canalización a la COMAR")
    choose(page, "No, no quiere")
    entered = (site.clock() - timedelta(days=20)).astimezone(site.hub.limits.local_offset).date()
    page.locator("#entered_at").fill(entered.isoformat())
    send(page, "Registrar la evaluación")
    said = page.inner_text("#hecho")
    assert "la persona aceptó la canalización a la COMAR" in said
    assert "contado desde su ingreso, vence el" in said
    assert "No quiere que se avise a su consulado" in said
    assert "Se ofreció canalizar a la COMAR: la persona aceptó" in page.inner_text("main")

    walk.goto(f"/casos/{folio}")
    follow(page, "Iniciar una medida de protección")
    choose(page, "notificación consular", value="consular_notification")
    page.select_option("#provider", "sre")
    choose(page, "riesgo inminente")
    send(page, "Registrar la medida")
    walk.check_page()
    refusal = page.locator("#kind-error").inner_text()
    assert "Sin aviso consular para quien solicita asilo" in refusal
    assert "no se avisa al consulado de su país mientras su solicitud siga en curso" in refusal
    axe(page)
    assert site.hub.get_case(opened.case_id).measures == []
    walk.assert_no_secret_in_addresses()
