"""The agencies assess the person's risk and age from the case page, in words and by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from uuid import UUID

from playwright.sync_api import Page

from tests.web.commission_support import client
from tests.web.conftest import DESK, PHONE, Site, axe, shot
from tests.web.test_case_closing import form_fields_csrf, unreferred
from tests.web.test_case_work import actor, detected, form_fields, referred_to_dif


def unknown_age(site: Site, *, to_ppnna: bool = False) -> tuple[str, UUID]:
    """A case the police detected and hold, the person's age unknown (presumed a child)."""
    report = replace(detected(site, "Persona Ficticia Edad", in_custody=True), age_group="unknown")
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        opened = site.hub.open_case(report)
        if to_ppnna:
            site.hub.issue_referral(opened.case_id, "ppnna", "child_protection")
    return opened.folio, opened.case_id


def summary_of(page: str) -> str:
    """The case page's summary (where the age group is said, for who sees the details)."""
    return page.split('id="resumen"')[1].split("</section>")[0]


class TestRisk:
    def test_the_lead_assesses_a_high_risk_and_later_referrals_are_due_as_urgent(
        self, site: Site
    ) -> None:
        folio, case_id = unreferred(site)
        path = f"/casos/{folio}/riesgo"
        with client(site, "ssc", "caseworker") as police:
            assert path in police.get(f"/casos/{folio}").text
            fields = form_fields(police.get(path))
            before = len(site.hub.timeline(case_id))
            empty = police.post(path, data={**fields, "note": "Amenazas ficticias"})
            assert empty.status_code == 400
            assert "Elija qué tan alto es el riesgo." in empty.text
            assert len(site.hub.timeline(case_id)) == before
            sent = police.post(path, data={**fields, "level": "high", "note": "Amenazas ficticias"})
            assert sent.status_code == 303
            assert "Amenazas" not in sent.headers["location"]
            shown = police.get(sent.headers["location"])
        assert site.hub.get_case(case_id).risk_level == "high"
        assert "Riesgo evaluado: alto." in shown.text
        assert "Las canalizaciones que se envíen desde ahora" in shown.text
        assert "Amenazas ficticias" not in shown.text  # sealed
        # What the confirmation says: a referral issued now, not urgent, is due within the hour.
        with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
            site.hub.issue_referral(case_id, "dif", "shelter", legal_basis="imminent_risk")
        referral = site.hub.get_case(case_id).referrals[-1]
        # (issue and due read the clock apart: allow a second, far less than a normal 24 h.)
        assert abs(referral.due_at - referral.issued_at - timedelta(hours=1)) < timedelta(seconds=1)

    def test_a_low_risk_is_said_without_a_word_on_deadlines(self, site: Site) -> None:
        folio, case_id = unreferred(site)
        with client(site, "ssc", "caseworker") as police:
            fields = form_fields(police.get(f"/casos/{folio}/riesgo"))
            sent = police.post(f"/casos/{folio}/riesgo", data={**fields, "level": "low"})
            shown = police.get(sent.headers["location"])
        assert site.hub.get_case(case_id).risk_level == "low"
        assert "Riesgo evaluado: bajo." in shown.text
        assert "plazo de las urgentes" not in shown.text.split('id="hecho"')[1].split("</div>")[0]

    def test_a_double_risk_assessment_records_once(self, site: Site) -> None:
        folio, case_id = unreferred(site)
        with client(site, "ssc", "caseworker") as police:
            fields = {**form_fields(police.get(f"/casos/{folio}/riesgo")), "level": "medium"}
            before = len(site.hub.timeline(case_id))
            first = police.post(f"/casos/{folio}/riesgo", data=fields)
            second = police.post(f"/casos/{folio}/riesgo", data=fields)
        assert first.status_code == second.status_code == 303
        assert len(site.hub.timeline(case_id)) == before + 1

    def test_an_agency_not_yet_attending_the_person_may_not_assess_the_risk(
        self, site: Site
    ) -> None:
        folio, case_id, _ = referred_to_dif(site)  # DIF's referral is still pending
        path = f"/casos/{folio}/riesgo"
        with client(site, "dif", "caseworker") as dif:
            page = dif.get(f"/casos/{folio}")
            assert path not in page.text
            assert dif.get(path).status_code == 403
            refused = dif.post(
                path, data={"csrf": form_fields_csrf(page.text), "clave": "k", "level": "high"}
            )
        assert refused.status_code == 403
        assert site.hub.get_case(case_id).risk_level is None


class TestAge:
    def test_an_assessment_as_adult_ends_the_presumption_of_minority(self, site: Site) -> None:
        folio, case_id = unknown_age(site)
        path = f"/casos/{folio}/edad"
        with client(site, "ssc", "caseworker") as police:
            page = police.get(f"/casos/{folio}")
            assert "edad desconocida" in summary_of(page.text)
            assert path in page.text
            form = police.get(path)
            assert "presunción de minoría de edad" in form.text
            fields = {**form_fields(form), "age_group": "adult", "method": "document"}
            before = len(site.hub.timeline(case_id))
            for wrong in ("diecinueve", "150", "19.5"):
                refused = police.post(path, data={**fields, "estimated_age": wrong})
                assert refused.status_code == 400
                assert "Escriba la edad como un número entero de 0 a 120." in refused.text
            assert len(site.hub.timeline(case_id)) == before
            sent = police.post(path, data={**fields, "estimated_age": "19"})
            assert sent.status_code == 303
            shown = police.get(sent.headers["location"])
        case = site.hub.get_case(case_id)
        assert not case.is_child
        assert case.estimated_age == 19
        assert "Edad evaluada: persona adulta." in shown.text
        assert "persona adulta" in summary_of(shown.text)
        assert "edad desconocida" not in summary_of(shown.text)

    def test_an_assessment_as_child_says_ppnna_must_be_notified_now(self, site: Site) -> None:
        folio, case_id = unreferred(site)  # detected as an adult
        path = f"/casos/{folio}/edad"
        with client(site, "ssc", "caseworker") as police:
            fields = {**form_fields(police.get(path)), "age_group": "child", "method": "interview"}
            empty = police.post(path, data={**fields, "method": ""})
            assert "Elija cómo se determinó la edad." in empty.text
            shown = police.get(police.post(path, data=fields).headers["location"])
        assert site.hub.get_case(case_id).is_child
        assert "Se presume menor de edad: el caso debe notificarse a PPNNA ahora." in shown.text

    def test_a_child_already_referred_to_ppnna_is_not_said_to_be_owed_the_notice(
        self, site: Site
    ) -> None:
        folio, _ = unknown_age(site, to_ppnna=True)
        path = f"/casos/{folio}/edad"
        with client(site, "ssc", "caseworker") as police:
            fields = {**form_fields(police.get(path)), "age_group": "child", "method": "medical"}
            shown = police.get(police.post(path, data=fields).headers["location"])
        assert "PPNNA ya tiene una canalización de este caso." in shown.text
        assert "debe notificarse a PPNNA ahora" not in shown.text

    def test_an_agency_serving_the_person_may_assess_the_risk_but_not_the_age(
        self, site: Site
    ) -> None:
        folio, case_id, referral_id = referred_to_dif(site)
        with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
            site.hub.accept_referral(case_id, referral_id)
        path = f"/casos/{folio}/edad"
        with client(site, "dif", "caseworker") as dif:
            page = dif.get(f"/casos/{folio}")
            assert f"/casos/{folio}/riesgo" in page.text
            assert path not in page.text
            assert dif.get(path).status_code == 403
            fields = {"csrf": form_fields_csrf(page.text), "clave": "k"}
            refused = dif.post(path, data={**fields, "age_group": "child", "method": "interview"})
        assert refused.status_code == 403
        assert not site.hub.get_case(case_id).is_child


def test_the_age_form_is_filled_by_its_labels_on_a_phone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = unknown_age(site)
    page = signed_in("ssc", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto(f"/casos/{folio}/edad")
    axe(page)
    page.get_by_label("persona adulta").check()
    page.get_by_label("Edad estimada, en años (opcional)").fill("31")
    page.get_by_label("documento de identidad").check()
    page.get_by_role("button", name="Guardar la evaluación de la edad").click()
    page.wait_for_load_state()
    assert "Edad evaluada: persona adulta." in page.locator("#hecho").inner_text()
    assert site.hub.get_case(case_id).estimated_age == 31
    axe(page)


def tab_to(page: Page, reached: str, limit: int = 60) -> None:
    """Press Tab until the focused element is the one ``reached`` (a JS test) says."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(reached):
            return
    raise AssertionError(f"not reached by Tab: {reached}")


def test_the_risk_form_is_reached_filled_and_sent_by_keyboard_alone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = unreferred(site)
    page = signed_in("ssc", "caseworker")
    page.goto(f"/casos/{folio}")
    link = f"/casos/{folio}/riesgo"
    tab_to(page, f"document.activeElement.getAttribute('href') === '{link}'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{link}")
    page.set_viewport_size(PHONE)
    axe(page)
    page.set_viewport_size(DESK)
    axe(page)
    tab_to(page, "document.activeElement.name === 'level'")
    page.keyboard.press("Space")  # the first level, low
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # high
    assert page.get_by_label("alto", exact=True).is_checked()
    tab_to(page, "document.activeElement.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "hecho=assess_risk" in url)
    assert "Riesgo evaluado: alto." in page.locator("#hecho").inner_text()
    assert site.hub.get_case(case_id).risk_level == "high"
    shot(page, "case-risk-assessed")
