"""The design's scenarios of adults (1, 3, 4, 5) walked through the browser, at 390 and 1440 px.

Each step is taken by the agency that takes it in the scenario, through its pages: the detection
form, the case page's actions and answers. Between steps, what each agency may see is checked
as the need-to-know table has it. Every person is invented.
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest
from playwright.sync_api import BrowserContext, ViewportSize

from domain.statistics import case_facts
from tests.web.arco_steps import receive_arco, take_step
from tests.web.conftest import DESK, PHONE, Site
from tests.web.walk import Walk

WIDTHS = pytest.mark.parametrize("width", [PHONE, DESK], ids=["390px", "1440px"])
REFUGE = "osc_refugio_ejemplo"  # a civil-society refuge for women: adults, never DIF's centre


def tag() -> str:
    return uuid4().hex[:6]


def adult(name: str, **changed: object) -> dict[str, object]:
    """A detection form's answers for an adult woman, as an inspector types them."""
    return {
        "municipality": "Benito Juárez",
        "indicators": ["document_retention", "restricted_movement", "debt_bondage"],
        "exploitation_forms": ["sexual"],
        "age_group": "adult",
        "estimated_age": "24",
        "sex": "female",
        "nationality": "HN",
        "languages": ["es"],
        "in_custody": True,
        "full_name": name,
        **changed,
    }


@WIDTHS
def test_1_a_woman_found_in_a_bar_gets_services_without_a_complaint_and_iom_only_with_consent(
    site: Site, context: BrowserContext, width: ViewportSize
) -> None:
    name, shelter = f"Yesenia Ficticia {tag()}", f"Albergue ficticio {tag()}"
    walk = Walk(site, context, width, secrets=(name, shelter))
    walk.as_agency("sedetur")
    folio = walk.detect(adult(name))
    said = walk.act(
        folio,
        "consentimiento",
        {
            "agencies": ["iqm", REFUGE, "sesa"],
            "purposes": ["shelter", "psychological", "medical"],
            "informed_in": "es",
            "counted_in_statistics": "si",
        },
    )
    assert "OSC REFUGIO EJEMPLO" in said
    case_id = site.hub.find_folio(folio)  # she agrees to be counted in the statistics
    assert case_facts(case_id, site.hub.timeline(case_id)).counted
    walk.act(folio, "denuncia", {"decision": "declined"})
    assert "OSC REFUGIO EJEMPLO" in walk.act(
        folio, "canalizar", {"destination": f"shelter:{REFUGE}", "urgency": "urgent"}
    )
    walk.act(folio, "canalizar", {"destination": "psychological:iqm"})
    walk.act(folio, "canalizar", {"destination": "medical:sesa"})

    walk.as_agency(REFUGE)
    assert "Canalización aceptada" in walk.act(folio, "aceptar")
    walk.as_agency("sedetur")
    walk.act(folio, "entregar", {"to_agency": REFUGE, "place": "Oficina ficticia de verificación"})
    walk.as_agency(REFUGE)
    assert "Entrega acusada" in walk.act(folio, "acusar")
    walk.act(folio, "medidas/nueva", {"kind": "shelter", "provider": REFUGE, "location": shelter})
    assert shelter in walk.read_personal(folio, "shelter")

    walk.as_agency("sedetur")  # tourism: a receipt, never the shelter
    seen = walk.case_text(folio)
    assert "La persona está bajo atención." in seen
    assert shelter not in seen
    assert shelter not in walk.read_personal(folio, "case_management")
    walk.as_agency("oim")  # IOM: nothing until she consents to IOM
    assert walk.goto(f"/casos/{folio}") == 404
    walk.as_agency("fge")  # nor the prosecutor, while she does not file
    assert walk.goto(f"/casos/{folio}") == 404

    for agency in ("iqm", "sesa"):
        walk.as_agency(agency)
        walk.act(folio, "aceptar")
    walk.act(folio, "medidas/nueva", {"kind": "medical_care", "provider": "sesa"})
    walk.act(folio, "terminar", {"reason": "completed"})
    walk.act(folio, "concluir")

    walk.as_agency(REFUGE)  # she now agrees that IOM helps her
    walk.act(
        folio,
        "consentimiento",
        {"agencies": ["oim"], "purposes": ["social_support"], "informed_in": "es"},
    )
    walk.act(folio, "canalizar", {"destination": "social_support:oim"})
    walk.as_agency("oim")
    assert walk.goto(f"/casos/{folio}") == 200
    walk.act(folio, "aceptar")
    assert shelter not in walk.read_personal(folio, "care")

    walk.as_agency(REFUGE)  # she decides to file: the prosecutor gains access only now
    walk.act(folio, "denuncia", {"decision": "filed", "with_agency": "fge"})
    walk.act(folio, "canalizar", {"destination": "investigation:fge"})
    walk.as_agency("fge")
    assert walk.goto(f"/casos/{folio}") == 200
    assert "Canalización aceptada" in walk.act(folio, "aceptar")
    walk.assert_no_secret_in_addresses()


@WIDTHS
def test_3_twelve_workers_found_in_one_operation_consent_one_by_one_and_two_refuse(
    site: Site, context: BrowserContext, width: ViewportSize
) -> None:
    names = [f"Trabajador Ficticio {tag()}" for _ in range(12)]
    walk = Walk(site, context, width, secrets=tuple(names))
    walk.as_agency("styps")
    people: dict[str, object] = {
        "municipality": "Tulum",
        "indicators": ["document_retention", "debt_bondage", "excessive_hours", "no_pay"],
        "exploitation_forms": ["labour", "forced_labour"],
    }
    for i, name in enumerate(names, start=1):
        people |= {
            f"p{i}_age_group": "adult",
            f"p{i}_sex": "male",
            f"p{i}_nationality": "MX",
            f"p{i}_full_name": name,
        }
    folios = walk.detect_group(12, people)
    assert len(set(folios)) == 12
    for i, folio in enumerate(folios):
        if i in (4, 9):  # two refuse, and their choice is respected
            walk.act(folio, "denuncia", {"decision": "declined"})
            assert "Caso cerrado" in walk.act(
                folio, "cerrar", {"reason": "person_declined_services"}
            )
            continue
        walk.act(
            folio,
            "consentimiento",
            {
                "agencies": ["ceaveqroo", "fge"],
                "purposes": ["legal", "investigation"],
                "informed_in": "es",
            },
        )
        walk.act(folio, "denuncia", {"decision": "filed", "with_agency": "fge"})
        walk.act(folio, "canalizar", {"destination": "legal:ceaveqroo"})
        walk.act(folio, "canalizar", {"destination": "investigation:fge"})
    walk.as_agency("fge")
    assert walk.goto(f"/casos/{folios[0]}") == 200
    assert walk.goto(f"/casos/{folios[4]}") == 404  # he refused: the prosecutor has no part
    walk.assert_no_secret_in_addresses()


@WIDTHS
def test_4_a_full_shelter_declines_and_the_case_is_rerouted_within_the_day_without_a_gap(
    site: Site, context: BrowserContext, width: ViewportSize
) -> None:
    name = f"Daniela Ficticia {tag()}"
    walk = Walk(site, context, width, secrets=(name,))
    walk.as_agency("fge")
    folio = walk.detect(adult(name, municipality="Solidaridad", nationality="CO"))
    walk.act(
        folio,
        "consentimiento",
        {
            "agencies": ["iqm", REFUGE],
            "purposes": ["shelter", "psychological"],
            "informed_in": "es",
        },
    )
    walk.act(folio, "canalizar", {"destination": "shelter:iqm", "urgency": "urgent"})
    walk.as_agency("iqm")
    said = walk.act(folio, "rechazar", {"motivo": "no_capacity", "detalle": "Sin espacio hoy"})
    assert "Canalización rechazada" in said
    walk.as_agency("fge")
    walk.act(folio, "canalizar", {"destination": f"shelter:{REFUGE}", "urgency": "urgent"})
    walk.as_agency(REFUGE)
    walk.act(folio, "aceptar")
    walk.as_agency("fge")
    walk.act(folio, "entregar", {"to_agency": REFUGE})
    walk.as_agency(REFUGE)
    walk.act(folio, "acusar")
    walk.as_agency("cdheqroo", "commission")  # the reason is visible to the commission
    assert walk.goto(f"/comision/casos/{folio}") == 200
    review = walk.current.inner_text("main")
    assert "sin capacidad" in review.lower() or "sin espacio" in review.lower()
    assert "Sin custodio" not in review
    walk.assert_no_secret_in_addresses()


@WIDTHS
def test_5_consent_withdrawn_ends_iom_access_and_an_arco_cancellation_erases_her_data(
    site: Site, context: BrowserContext, width: ViewportSize, tmp_path: Path
) -> None:
    name = f"Rosa Ficticia {tag()}"
    walk = Walk(site, context, width, secrets=(name,))
    walk.as_agency("ssc")
    folio = walk.detect(adult(name, municipality="Cozumel", nationality="VE", in_custody=False))
    walk.act(
        folio,
        "consentimiento",
        {
            "agencies": ["oim", "iqm"],
            "purposes": ["social_support", "psychological"],
            "informed_in": "es",
        },
    )
    walk.act(folio, "canalizar", {"destination": "social_support:oim"})
    walk.act(folio, "canalizar", {"destination": "psychological:iqm"})
    for agency in ("oim", "iqm"):
        walk.as_agency(agency)
        walk.act(folio, "aceptar")
    walk.as_agency("oim")
    assert name in walk.read_personal(folio, "care")

    walk.as_agency("iqm")  # she tells IQM she no longer wants IOM to have her data
    assert "OIM" in walk.act(folio, "consentimiento/retirar", {"agencies": ["oim"]})
    walk.as_agency("ssc")
    walk.act(folio, "retirar", {"reason": "person_declined"})
    walk.as_agency("oim")
    status = walk.goto(f"/casos/{folio}")
    assert status == 404 or name not in walk.current.inner_text("main")

    walk.as_agency("iqm")
    walk.act(folio, "concluir")
    walk.as_agency("ssc")
    assert "Caso cerrado" in walk.act(folio, "cerrar", {"reason": "person_declined_services"})

    # Her ARCO cancellation (LGPDPPSO art. 46), received, granted and carried out by SEGOB's
    # unit of transparency: the case's key is destroyed.
    walk.as_agency("segob", "admin")
    assert "quedó registrada" in receive_arco(walk, folio, "cancellation")
    assert "respuesta quedó registrada" in take_step(walk, "responder", {"decision": "granted"})
    assert "hecha efectiva" in take_step(walk, "hacer-efectiva")
    assert "fueron suprimidos" in walk.current.inner_text("#historia")
    assert name not in walk.current.content()
    walk.as_agency("iqm")
    assert name not in walk.read_personal(folio, "care")

    walk.as_agency("segob", "auditor")  # the history still verifies, the data shown as erased
    walk.goto("/auditoria")
    with walk.current.expect_download() as download:
        walk.current.locator('a[href="/auditoria/exportacion"]').click()
    export = tmp_path / "export.ndjson"
    download.value.save_as(export)
    walk.goto("/auditoria/verificar")
    walk.current.set_input_files("#exportacion", str(export))
    walk.current.locator("main form button[type=submit]").click()
    walk.current.wait_for_load_state()
    assert walk.current.get_by_role("status").get_by_role("heading", name="Verificada").is_visible()
    walk.as_agency("cdheqroo", "commission")
    walk.goto(f"/comision/casos/{folio}")
    assert "datos personales suprimidos" in walk.current.inner_text("main").lower()
    walk.assert_no_secret_in_addresses()
