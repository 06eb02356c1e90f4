"""Urgent medical care after sexual violence, offered and answered from the case page.

NOM-046-SSA2-2005, 6.4.2: antiretroviral prophylaxis within 72 hours and emergency contraception
up to 120 hours, offered at once; the person decides, and no clinical detail is written here.
"""

from __future__ import annotations

from domain import case_events
from tests.web.commission_support import client
from tests.web.conftest import Site
from tests.web.test_case_measures import sheltering
from tests.web.test_case_work import form_fields, referred_to_dif


def test_dif_records_that_urgent_care_was_offered_and_declined_in_words(site: Site) -> None:
    """NOM-046-SSA2-2005, 6.4.2 and 6.4.2.3: offered "previa información completa"; declining is
    the person's right, and the page says so in Spanish and asks nothing clinical."""
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        assert f"/casos/{folio}/atencion-urgente" in dif.get(f"/casos/{folio}").text
        form = dif.get(f"/casos/{folio}/atencion-urgente")
        assert "NOM-046-SSA2-2005" in form.text
        assert "No escriba detalles clínicos" in form.text
        empty = dif.post(f"/casos/{folio}/atencion-urgente", data=form_fields(form))
        assert "Elija qué respondió la persona." in empty.text
        done = dif.post(
            f"/casos/{folio}/atencion-urgente", data={**form_fields(form), "answer": "declined"}
        )
        assert done.status_code == 303
        shown = dif.get(done.headers["location"])
    assert "Atención médica urgente ofrecida: la persona la rechazó." in shown.text
    offers = [
        e for e in site.hub.timeline(case_id) if isinstance(e, case_events.UrgentMedicalCareOffered)
    ]
    assert [str(e.answer) for e in offers] == ["declined"]  # type: ignore[attr-defined]


def test_an_agency_only_asked_to_help_has_no_link_and_gets_403(site: Site) -> None:
    """NOM-046-SSA2-2005, 6.4.2: whoever attends the person offers the care; DIF, asked but not
    yet attending her, may not record it."""
    folio, case_id, _ = referred_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        assert f"/casos/{folio}/atencion-urgente" not in dif.get(f"/casos/{folio}").text
        assert dif.get(f"/casos/{folio}/atencion-urgente").status_code == 403
    assert not any(
        isinstance(e, case_events.UrgentMedicalCareOffered) for e in site.hub.timeline(case_id)
    )
