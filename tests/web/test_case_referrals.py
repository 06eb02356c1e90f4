"""The agencies refer the person from the case page, withdraw what they sent and conclude what
they accepted, in words; consent is said beside each destination and a legal basis asked for."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from uuid import UUID

from playwright.sync_api import Page

from domain.personal_data import SealedValue
from domain.vocabulary import Service
from tests.web.commission_support import client
from tests.web.conftest import PHONE, Site, axe
from tests.web.test_case_closing import unreferred
from tests.web.test_case_work import (
    CSRF,
    actor,
    detected,
    form_fields,
    referral_status,
    referred_to_dif,
)
from texts.labels import local_time

DESTINATION = re.compile(r'name="destination" value="([a-z_]+):([a-z_]+)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def destinations(text: str) -> set[tuple[str, str]]:
    return set(DESTINATION.findall(text))


def event_names(site: Site, case_id: UUID) -> list[str]:
    return [type(e).__name__ for e in site.hub.timeline(case_id)]


def test_the_destinations_are_only_the_agencies_that_offer_each_service(site: Site) -> None:
    folio, _ = unreferred(site)
    with client(site, "ssc", "caseworker") as police:
        assert f"/casos/{folio}/canalizar" in police.get(f"/casos/{folio}").text
        form = police.get(f"/casos/{folio}/canalizar")
    found = destinations(form.text)
    catalogue = site.hub.catalogue
    assert found
    for service, agency in found:
        assert service in {str(s) for s in catalogue.get(agency).services}
    shelters = {a.code for a in catalogue if a.offers(Service.SHELTER) and a.code != "ssc"}
    assert {a for s, a in found if s == "shelter"} == shelters
    assert {"dif", "iqm", "dif_benito_juarez", "osc_refugio_ejemplo"} <= shelters
    assert all(a not in ("ssc", "cdheqroo", "segob") for _, a in found)
    # Each service's agencies are a group of their own, named by its legend for a screen reader.
    assert '<fieldset class="choice-group"><legend>Albergue</legend>' in form.text
    assert f"DIF · {catalogue.get('dif').name}" in form.text


def test_a_referral_outside_consent_needs_a_legal_basis_and_is_then_an_override(
    site: Site,
) -> None:
    folio, case_id = unreferred(site)
    path = f"/casos/{folio}/canalizar"
    with client(site, "ssc", "caseworker") as police:
        form = police.get(path)
        assert "no cubre a esta institución para este servicio" in form.text
        fields = {**form_fields(form), "destination": "shelter:dif", "urgency": "normal"}
        before = len(site.hub.timeline(case_id))
        refused = police.post(path, data=fields)
        assert refused.status_code == 400
        said = re.search(r'id="legal_basis-error">([^<]+)<', refused.text)
        assert said
        assert said.group(1).startswith("Sin consentimiento para compartir. ")
        assert len(site.hub.timeline(case_id)) == before
        sent = police.post(path, data={**fields, "legal_basis": "imminent_risk"})
        assert sent.status_code == 303
        shown = police.get(sent.headers["location"])
    referral = site.hub.get_case(case_id).referrals[-1]
    assert (referral.to_agency, str(referral.service)) == ("dif", "shelter")
    assert "ConsentOverridden" in event_names(site, case_id)
    due = local_time(referral.due_at, site.hub.catalogue)
    assert f"Canalización enviada a DIF: albergue. Debe responder antes de {due}." in shown.text


def test_consent_that_covers_the_agency_is_said_and_no_legal_basis_is_needed(site: Site) -> None:
    folio, case_id = unreferred(site)
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        site.hub.record_consent(case_id, ["iqm"], ["shelter"])
    path = f"/casos/{folio}/canalizar"
    with client(site, "ssc", "caseworker") as police:
        form = police.get(path)
        iqm = form.text.index('value="shelter:iqm"')
        assert "La persona consintió" in form.text[iqm : form.text.index("</div>", iqm)]
        fields = {**form_fields(form), "destination": "shelter:iqm", "urgency": "urgent"}
        sent = police.post(path, data=fields)
        shown = police.get(sent.headers["location"])
    assert "Canalización enviada a IQM: albergue." in shown.text
    assert "ConsentOverridden" not in event_names(site, case_id)
    assert str(site.hub.get_case(case_id).referrals[-1].urgency) == "urgent"


def test_an_empty_destination_is_an_error_in_spanish_and_nothing_is_recorded(site: Site) -> None:
    folio, case_id = unreferred(site)
    path = f"/casos/{folio}/canalizar"
    with client(site, "ssc", "caseworker") as police:
        fields = form_fields(police.get(path))
        before = len(site.hub.timeline(case_id))
        wrong = police.post(path, data={**fields, "destination": "shelter:sesa"})
        empty = police.post(path, data={**fields, "legal_basis": "imminent_risk"})
    assert wrong.status_code == empty.status_code == 400
    assert "Elija la institución y el servicio." in empty.text
    assert "Elija la institución y el servicio." in wrong.text  # SESA offers no shelter
    assert len(site.hub.timeline(case_id)) == before


def test_the_note_is_sealed_and_never_in_the_url_or_the_title(site: Site) -> None:
    folio, case_id = unreferred(site)
    note = "Nota ficticia Lirio 42"
    path = f"/casos/{folio}/canalizar"
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(path)), "note": note}
        refused = police.post(path, data=fields)  # no destination: the form again
        sent = police.post(
            path, data={**fields, "destination": "medical:sesa", "legal_basis": "imminent_risk"}
        )
        shown = police.get(sent.headers["location"])
    assert refused.status_code == 400
    for page in (refused, shown):
        title = TITLE.search(page.text)
        assert title
        assert note not in title.group(1)
    assert note not in sent.headers["location"]
    assert note not in shown.text
    assert isinstance(site.hub.get_case(case_id).referrals[-1].note, SealedValue)


def test_a_double_referral_records_once(site: Site) -> None:
    folio, case_id = unreferred(site)
    path = f"/casos/{folio}/canalizar"
    with client(site, "ssc", "caseworker") as police:
        fields = {
            **form_fields(police.get(path)),
            "destination": "investigation:fge",
            "legal_basis": "criminal_investigation",
        }
        first = police.post(path, data=fields)
        after_first = len(site.hub.timeline(case_id))
        second = police.post(path, data=fields)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(site.hub.timeline(case_id)) == after_first
    assert len(site.hub.get_case(case_id).referrals) == 1


def test_a_child_case_names_ppnnas_representation_and_leaves_out_adult_only_agencies(
    site: Site,
) -> None:
    child = replace(detected(site, "Niña Ficticia Ceiba", in_custody=True), age_group="child")
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        folio = site.hub.open_case(child).folio
    with client(site, "ssc", "caseworker") as police:
        form = police.get(f"/casos/{folio}/canalizar")
    found = destinations(form.text)
    assert ("child_protection", "ppnna") in found
    assert ("shelter", "dif") in found
    assert ("shelter", "iqm") not in found  # IQM does not attend children's cases
    assert "la PPNNA recibe el caso por ley" in form.text
    assert "la representación legal de la PPNNA aún no cubre" in form.text


def test_tourism_that_detected_and_never_held_custody_leads_and_refers(site: Site) -> None:
    with site.hub.acting_as(actor(site, "sedetur")):  # type: ignore[arg-type]
        opened = site.hub.open_case(detected(site, "Persona Ficticia Ola", in_custody=False))
    path = f"/casos/{opened.folio}/canalizar"
    with client(site, "sedetur", "caseworker") as tourism:
        assert path in tourism.get(f"/casos/{opened.folio}").text
        fields = {**form_fields(tourism.get(path)), "legal_basis": "imminent_risk"}
        sent = tourism.post(path, data={**fields, "destination": "employment:styps"})
    assert sent.status_code == 303
    assert site.hub.get_case(opened.case_id).referrals[-1].to_agency == "styps"


def test_an_agency_that_serves_without_knowing_the_route_may_not_refer(site: Site) -> None:
    folio, case_id = unreferred(site)
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        referral = site.hub.issue_referral(case_id, "seq", "education", legal_basis="imminent_risk")
    with site.hub.acting_as(actor(site, "seq")):  # type: ignore[arg-type]
        site.hub.accept_referral(case_id, referral.id)
    path = f"/casos/{folio}/canalizar"
    before = len(site.hub.timeline(case_id))
    with client(site, "seq", "caseworker") as education:
        page = education.get(f"/casos/{folio}")
        assert page.status_code == 200
        assert path not in page.text
        assert education.get(path).status_code == 403
        refused = education.post(
            path,
            data={
                "csrf": CSRF.search(page.text).group(1),  # type: ignore[union-attr]
                "clave": "k-seq",
                "destination": "medical:sesa",
                "legal_basis": "imminent_risk",
            },
        )
    with client(site, "cdheqroo", "commission") as commission:
        assert commission.get(path).status_code == 403
    with client(site, "fge", "caseworker") as stranger:
        assert stranger.get(path).status_code == 404
    assert refused.status_code == 403
    assert len(site.hub.timeline(case_id)) == before


def test_the_sender_withdraws_a_referral_with_a_reason(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/retirar"
    with client(site, "dif", "caseworker") as dif:
        assert path not in dif.get(f"/casos/{folio}").text
        assert dif.get(path).status_code == 403
    with client(site, "ssc", "caseworker") as police:
        assert path in police.get(f"/casos/{folio}").text
        form = police.get(path)
        assert "albergue · DIF" in form.text
        fields = form_fields(form)
        before = len(site.hub.timeline(case_id))
        empty = police.post(path, data=fields)
        assert empty.status_code == 400
        assert "Elija por qué retira la canalización." in empty.text
        assert len(site.hub.timeline(case_id)) == before
        done = police.post(path, data={**fields, "reason": "no_longer_needed"})
        shown = police.get(done.headers["location"])
    assert referral_status(site, case_id, referral_id) == "withdrawn"
    assert "Canalización retirada: albergue · DIF." in shown.text
    assert path not in shown.text


def test_the_addressee_concludes_an_accepted_referral_with_a_confirmation(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/concluir"
    with client(site, "dif", "caseworker") as dif:
        assert dif.get(path).status_code == 403  # pending: nothing to conclude yet
    with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
        site.hub.accept_referral(case_id, referral_id)
    with client(site, "ssc", "caseworker") as police:
        page = police.get(f"/casos/{folio}")
        assert path not in page.text
        assert police.get(path).status_code == 403
        refused = police.post(
            path,
            data={"csrf": CSRF.search(page.text).group(1), "clave": "k-ssc"},  # type: ignore[union-attr]
        )
        assert refused.status_code == 403
    with client(site, "dif", "caseworker") as dif:
        assert path in dif.get(f"/casos/{folio}").text
        form = dif.get(path)
        assert "Confirmar que se dio el servicio" in form.text
        done = dif.post(path, data=form_fields(form))
        shown = dif.get(done.headers["location"])
    assert referral_status(site, case_id, referral_id) == "completed"
    assert "Canalización concluida: albergue · DIF." in shown.text
    assert path not in shown.text


def test_the_police_refer_by_the_forms_labels_on_a_phone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = unreferred(site)
    name = site.hub.catalogue.get("sebien").name  # SEBIEN offers one service: one choice
    page = signed_in("ssc", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto(f"/casos/{folio}/canalizar")
    axe(page)
    page.get_by_label(f"SEBIEN · {name}", exact=True).check()
    page.get_by_label("riesgo inminente", exact=True).check()
    page.get_by_label("urgente", exact=True).check()
    page.get_by_label("Nota para la institución (opcional)").fill("Nota ficticia del navegador")
    page.get_by_role("button", name="Enviar la canalización").click()
    page.wait_for_url(re.compile(r"hecho=refer"))
    assert page.get_by_text("Canalización enviada a SEBIEN: apoyo social.").is_visible()
    axe(page)
    assert site.hub.get_case(case_id).referrals[-1].to_agency == "sebien"


def test_a_shelter_that_says_its_places_shows_them_beside_its_name(site: Site) -> None:
    """Ley General de Trata, arts. 62 fr. V and 65 fr. I (shelters and halfway houses): whoever
    refers sees a civil-society shelter's places, as the catalogue gives them."""
    folio, _ = unreferred(site)
    with client(site, "ssc", "caseworker") as police:
        form = police.get(f"/casos/{folio}/canalizar").text
    shelter = site.hub.catalogue.get("osc_refugio_ejemplo")
    assert shelter.capacity == 12
    assert f"{shelter.name} (12 plazas)" in form
    assert f"{site.hub.catalogue.get('dif').name} (" not in form  # no places told, none shown
