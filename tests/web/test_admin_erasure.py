"""An administrator erases a case's personal data by its folio (an ARCO cancellation or the end
of retention): the key is destroyed, the history stays; the page never shows the case."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.web.commission_support import client
from tests.web.conftest import PHONE, Site, axe
from tests.web.test_admin import form_fields
from tests.web.test_case_closing import unreferred
from tests.web.test_case_work import CSRF

PATH = "/administracion/supresion"


def erased(site: Site, folio: str) -> bool:
    return site.hub.get_case(site.hub.find_folio(folio)).personal_data_erased


def test_an_administrator_erases_a_cases_personal_data_and_its_history_stays(site: Site) -> None:
    folio, case_id = unreferred(site)
    before = len(site.hub.timeline(case_id))
    with client(site, "segob", "admin") as admin:
        page = admin.get(PATH)
        assert "No se puede deshacer" in page.text
        sent = {**form_fields(page.text), "folio": folio, "confirmacion": folio.lower()}
        answer = admin.post(PATH, data={**sent, "motivo": "arco_cancellation"})
        assert answer.status_code == 303
        shown = admin.get(answer.headers["location"])
    assert f"Los datos personales del caso {folio} fueron suprimidos" in shown.text
    assert "Persona Ficticia" not in shown.text  # the case's content is never on the page
    assert erased(site, folio)
    assert not site.hub.sealer.has_key(case_id)
    assert len(site.hub.timeline(case_id)) == before + 1  # the history stays, one event more


def test_a_double_submit_erases_once(site: Site) -> None:
    folio, case_id = unreferred(site)
    with client(site, "segob", "admin") as admin:
        sent = {**form_fields(admin.get(PATH).text), "folio": folio, "confirmacion": folio}
        sent["motivo"] = "retention_expired"
        before = len(site.hub.timeline(case_id))
        first, second = admin.post(PATH, data=sent), admin.post(PATH, data=sent)
    assert first.status_code == second.status_code == 303
    assert len(site.hub.timeline(case_id)) == before + 1


def test_every_wrong_answer_is_said_in_spanish_and_nothing_is_erased(site: Site) -> None:
    folio, _ = unreferred(site)
    with client(site, "segob", "admin") as admin:
        fields = form_fields(admin.get(PATH).text)
        wrong = {
            "Escriba el folio como QR-2026-000019.": {"folio": "folio 12"},
            "El folio no coincide con el primero.": {"folio": folio, "confirmacion": "QR-1"},
            "Elija por qué se suprimen los datos.": {"folio": folio, "confirmacion": folio},
            "No hay un caso con ese folio.": {
                "folio": "QR-1999-999999",
                "confirmacion": "QR-1999-999999",
                "motivo": "arco_cancellation",
            },
        }
        for said, answers in wrong.items():
            answer = admin.post(PATH, data={**fields, **answers})
            assert answer.status_code == 400
            assert said in answer.text
    assert not erased(site, folio)


def test_only_administrators_erase_and_others_get_the_403_page(site: Site) -> None:
    folio, _ = unreferred(site)
    for agency, role in (("ssc", "caseworker"), ("cdheqroo", "commission"), ("segob", "auditor")):
        with client(site, agency, role) as other:
            forbidden = other.get(PATH)
            assert forbidden.status_code == 403
            # Its own browser's token (the sign-out form has one): refused for its role alone.
            csrf = CSRF.search(forbidden.text).group(1)  # type: ignore[union-attr]
            refused = other.post(PATH, data={"csrf": csrf, "folio": folio, "confirmacion": folio})
            assert refused.status_code == 403
    assert not erased(site, folio)


def test_the_erasure_page_passes_axe_on_a_phone_with_its_errors(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    page = signed_in("segob", "admin")
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("link", name="Supresión de datos personales").first.click()
    axe(page)
    page.get_by_role("button", name="Suprimir los datos personales").click()
    assert "Hay un problema" in page.inner_text(".error-summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page)
