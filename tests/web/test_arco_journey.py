"""ARCO requests walked in the browser by SEGOB's unit of transparency (LGPDPPSO arts. 37-50), at
390 and 1440 px: a cancellation carried out erases the case's personal data, and a granted
access request is answered with what Ruta holds about the person."""

from __future__ import annotations

from uuid import uuid4

import pytest
from playwright.sync_api import BrowserContext, ViewportSize

from tests.web.arco_steps import receive_arco, take_step
from tests.web.conftest import DESK, PHONE, Site, axe
from tests.web.walk import Walk

WIDTHS = pytest.mark.parametrize("width", [PHONE, DESK], ids=["390px", "1440px"])


def detected(walk: Walk, name: str) -> str:
    walk.as_agency("ssc")
    return walk.detect(
        {
            "municipality": "Othón P. Blanco",
            "indicators": ["document_retention"],
            "exploitation_forms": ["labour"],
            "age_group": "adult",
            "estimated_age": "31",
            "sex": "male",
            "nationality": "MX",
            "languages": ["es"],
            "in_custody": False,
            "full_name": name,
        }
    )


@WIDTHS
def test_a_cancellation_granted_and_carried_out_erases_the_cases_personal_data(
    site: Site, context: BrowserContext, width: ViewportSize
) -> None:
    """LGPDPPSO arts. 46 and 51: the holder asks to cancel; the unit grants it and carries it
    out, and the case's data is erased for good with the reason "ARCO cancellation"."""
    name = f"Julio Ficticio {uuid4().hex[:6]}"
    walk = Walk(site, context, width, secrets=(name,))
    folio = detected(walk, name)

    walk.as_agency("segob", "admin")
    walk.goto("/")
    walk.current.get_by_role("link", name="Solicitudes ARCO").first.click()
    axe(walk.current)
    assert "quedó registrada" in receive_arco(walk, folio, "cancellation")
    assert "Recibida: Cancelación" in walk.current.inner_text("#historia")
    axe(walk.current)
    assert "respuesta quedó registrada" in take_step(walk, "responder", {"decision": "granted"})
    assert "Hacer efectiva" in walk.current.inner_text("main")
    assert "hecha efectiva" in take_step(walk, "hacer-efectiva")
    assert "suprimidos y su llave destruida" in walk.current.inner_text("#historia")
    walk.goto("/administracion/arco")
    assert "Hecha efectiva" in walk.current.inner_text("main table")

    assert site.hub.get_case(site.hub.find_folio(folio)).personal_data_erased
    walk.as_agency("cdheqroo", "commission")  # the case's timeline: the erasure, and why
    walk.goto(f"/comision/casos/{folio}")
    shown = walk.current.inner_text("main")
    assert name not in shown
    assert "datos personales suprimidos: cancelación (derechos arco)" in shown.lower()
    walk.assert_no_secret_in_addresses()


@WIDTHS
def test_a_granted_access_request_is_answered_with_what_ruta_holds(
    site: Site, context: BrowserContext, width: ViewportSize
) -> None:
    """LGPDPPSO art. 44: the holder may know the data held about them and what was done."""
    name = f"Ana Ficticia {uuid4().hex[:6]}"
    walk = Walk(site, context, width, secrets=(name,))
    folio = detected(walk, name)

    walk.as_agency("segob", "admin")
    receive_arco(walk, folio, "access")
    take_step(walk, "responder", {"decision": "granted"})
    walk.current.get_by_role("link", name="Lo que Ruta guarda sobre la persona").click()
    walk.current.wait_for_load_state()
    walk.check_page()
    assert walk.current.title().startswith("Lo que Ruta guarda sobre la persona")
    assert name in walk.current.inner_text("#datos")
    assert "Detección en Othón P. Blanco" in walk.current.inner_text("#eventos")
    axe(walk.current)
    walk.current.get_by_role("link", name="Volver a la solicitud").click()
    assert "se entregó lo que Ruta guarda" in walk.current.inner_text("main")
    assert "hecha efectiva" in take_step(walk, "hacer-efectiva")
    walk.assert_no_secret_in_addresses()


def test_a_refusal_without_its_ground_is_said_beside_the_field(
    site: Site, context: BrowserContext
) -> None:
    """LGPDPPSO art. 49: a refusal cites one of its grounds; the error is beside the field."""
    name = f"Luis Ficticio {uuid4().hex[:6]}"
    walk = Walk(site, context, PHONE, secrets=(name,))
    folio = detected(walk, name)
    walk.as_agency("segob", "admin")
    receive_arco(walk, folio, "opposition", identity="no")
    form = walk.current.locator('main form[action$="/responder"]')
    form.locator('input[name="decision"][value="refused"]').check()
    form.locator("button[type=submit]").click()
    walk.current.wait_for_load_state()
    assert "Hay un problema" in walk.current.inner_text(".error-summary")
    assert "cita su fundamento" in walk.current.inner_text("#fundamento")
    axe(walk.current)
    assert "quedó registrada" in take_step(
        walk, "responder", {"decision": "refused", "fundamento": "not_accredited"}
    )
    assert "por la causa I." in walk.current.inner_text("#historia")
