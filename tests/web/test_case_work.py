"""The agencies involved in a case read it and answer what they owe, in the browser."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from uuid import UUID, uuid4

import httpx2 as httpx
from playwright.sync_api import Page

from domain.hub_base import DetectionReport
from tests.web.commission_support import client
from tests.web.conftest import PHONE, Site, axe, shot
from tests.web.test_case_review import adult_detected

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
KEY = re.compile(r'name="clave" value="([^"]+)"')


def detected(site: Site, name: str, *, in_custody: bool) -> DetectionReport:
    """The case-review tests' adult, with a (fictitious) name to be sealed."""
    return replace(adult_detected(site, in_custody=in_custody), personal_data={"full_name": name})


def actor(site: Site, agency: str) -> object:
    return site.hub.account(site.person(agency, "caseworker")).actor


def referred_to_dif(
    site: Site, detector: str = "ssc", nationality: str = "MX"
) -> tuple[str, UUID, UUID]:
    """A case detected by ``detector`` with a referral to DIF's shelter: folio, case, referral."""
    report = detected(site, f"Persona Ficticia {uuid4().hex[:6]}", in_custody=detector == "ssc")
    with site.hub.acting_as(actor(site, detector)):  # type: ignore[arg-type]
        opened = site.hub.open_case(replace(report, nationality=nationality))
        referral = site.hub.issue_referral(
            opened.case_id, "dif", "shelter", legal_basis="imminent_risk"
        )
    return opened.folio, opened.case_id, referral.id


def form_fields(answer: httpx.Response) -> dict[str, str]:
    assert answer.status_code == 200, answer.text
    csrf = CSRF.search(answer.text)
    key = KEY.search(answer.text)
    assert csrf
    assert key
    return {"csrf": csrf.group(1), "clave": key.group(1)}


def referral_status(site: Site, case_id: UUID, referral_id: UUID) -> str:
    case = site.hub.get_case(case_id)
    return str(next(r.status for r in case.referrals if r.id == referral_id))


def test_dif_accepts_a_referral_and_reads_it_in_words(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/aceptar"
    with client(site, "dif", "caseworker") as dif:
        page = dif.get(f"/casos/{folio}")
        assert page.status_code == 200
        assert path in page.text
        answer = dif.post(path, data=form_fields(dif.get(path)))
        assert answer.status_code == 303
        shown = dif.get(answer.headers["location"])
    assert referral_status(site, case_id, referral_id) == "accepted"
    assert "Canalización aceptada." in shown.text
    assert "es ahora responsable de: albergue" in shown.text
    assert "· aceptada" in shown.text
    assert path not in shown.text  # nothing left to accept


def test_a_double_submit_records_once(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/aceptar"
    with client(site, "dif", "caseworker") as dif:
        fields = form_fields(dif.get(path))
        before = len(site.hub.timeline(case_id))
        first = dif.post(path, data=fields)
        second = dif.post(path, data=fields)
    assert first.status_code == second.status_code == 303
    assert len(site.hub.timeline(case_id)) == before + 1


def test_dif_declines_with_a_reason_and_an_empty_reason_is_an_error(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/rechazar"
    with client(site, "dif", "caseworker") as dif:
        fields = form_fields(dif.get(path))
        before = len(site.hub.timeline(case_id))
        wrong = dif.post(path, data=fields)
        assert wrong.status_code == 400
        assert "Elija un motivo" in wrong.text
        assert len(site.hub.timeline(case_id)) == before
        answer = dif.post(path, data={**fields, "motivo": "no_capacity"})
        shown = dif.get(answer.headers["location"])
    assert referral_status(site, case_id, referral_id) == "declined"
    assert "Canalización rechazada" in shown.text


def test_an_agency_not_addressed_has_no_link_and_its_post_is_refused(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/aceptar"
    with client(site, "ssc", "caseworker") as police:
        page = police.get(f"/casos/{folio}")
        assert page.status_code == 200
        assert path not in page.text
        fields = {"csrf": CSRF.search(page.text).group(1), "clave": str(uuid4())}  # type: ignore[union-attr]
        refused = police.post(path, data=fields)
        assert police.get(path).status_code == 403
    with client(site, "fge", "caseworker") as stranger:
        assert stranger.get(f"/casos/{folio}").status_code == 404
        assert stranger.get("/casos/QR-1999-999999").status_code == 404
    assert refused.status_code == 403
    assert referral_status(site, case_id, referral_id) == "pending"


def test_a_forged_csrf_token_is_refused_and_nothing_recorded(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site)
    path = f"/casos/{folio}/canalizaciones/{referral_id}/aceptar"
    with client(site, "dif", "caseworker") as dif:
        fields = form_fields(dif.get(path))
        answer = dif.post(path, data={**fields, "csrf": "forged"})
    assert answer.status_code == 403
    assert referral_status(site, case_id, referral_id) == "pending"


def handed_to_dif(site: Site) -> tuple[str, UUID, UUID]:
    folio, case_id, _ = referred_to_dif(site)
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        handoff = site.hub.initiate_handoff(case_id, "dif", legal_basis="imminent_risk")
    return folio, case_id, handoff.id


def test_dif_acknowledges_a_handoff_and_becomes_custodian(site: Site) -> None:
    folio, case_id, handoff_id = handed_to_dif(site)
    path = f"/casos/{folio}/entregas/{handoff_id}/acusar"
    with client(site, "dif", "caseworker") as dif:
        assert path in dif.get(f"/casos/{folio}").text
        answer = dif.post(path, data=form_fields(dif.get(path)))
        shown = dif.get(answer.headers["location"])
    assert site.hub.get_case(case_id).custody.custodian == "dif"
    assert "Entrega acusada" in shown.text


def test_dif_refuses_a_handoff_and_custody_stays(site: Site) -> None:
    folio, case_id, handoff_id = handed_to_dif(site)
    path = f"/casos/{folio}/entregas/{handoff_id}/rehusar"
    with client(site, "dif", "caseworker") as dif:
        fields = form_fields(dif.get(path))
        answer = dif.post(path, data={**fields, "motivo": "no_capacity"})
        shown = dif.get(answer.headers["location"])
    assert site.hub.get_case(case_id).custody.custodian == "ssc"
    assert "Entrega rehusada" in shown.text


def test_the_agency_concerned_answers_an_observation(site: Site) -> None:
    folio, case_id, _ = referred_to_dif(site)
    commission = site.hub.account(site.person("cdheqroo", "commission")).actor
    with site.hub.acting_as(commission):
        observation = site.hub.issue_observation(case_id, "ssc", "Explique la demora", "finding")
    path = f"/casos/{folio}/observaciones/{observation.id}/responder"
    with client(site, "dif", "caseworker") as dif:
        assert dif.get(path).status_code == 403  # not the agency concerned
    with client(site, "ssc", "caseworker") as police:
        assert path in police.get(f"/casos/{folio}").text
        fields = form_fields(police.get(path))
        empty = police.post(path, data=fields)
        assert empty.status_code == 400
        assert "Escriba la respuesta" in empty.text
        answer = police.post(path, data={**fields, "texto": "Respuesta ficticia"})
        shown = police.get(answer.headers["location"])
    found = next(o for o in site.hub.get_case(case_id).observations if o.id == observation.id)
    assert found.answered_at is not None
    assert "Respuesta enviada" in shown.text


def test_tourism_sees_a_receipt_only_and_never_the_shelters_location(site: Site) -> None:
    folio, case_id, referral_id = referred_to_dif(site, detector="sedetur")
    with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
        site.hub.accept_referral(case_id, referral_id)
        site.hub.start_measure(case_id, "shelter", "dif", location="Refugio secreto H9")
    with client(site, "sedetur", "caseworker") as tourism:
        page = tourism.get(f"/casos/{folio}")
        purposes = re.findall(r'<option value="([a-z_]+)"', page.text)
        read = tourism.post(
            f"/casos/{folio}",
            data={"csrf": CSRF.search(page.text).group(1), "proposito": purposes[0]},  # type: ignore[union-attr]
        )
    assert page.status_code == read.status_code == 200
    assert "Una institución aceptó una canalización." in page.text
    assert "La persona está bajo atención." in page.text
    for text in (page.text, read.text):
        assert "Refugio secreto H9" not in text
        assert 'id="custodia"' not in text


def test_reading_personal_data_names_a_purpose_and_is_recorded(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id, _ = referred_to_dif(site)
    before = len(site.hub.access_log(case_id=case_id))
    page = signed_in("ssc", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto(f"/casos/{folio}")
    axe(page)
    page.get_by_label("Para leerlos, diga para qué").select_option("case_management")
    page.get_by_role("button", name="Leer los datos personales").click()
    page.wait_for_load_state()
    assert "Esta lectura quedó registrada" in page.content()
    assert "Persona Ficticia" in page.content()
    assert "Persona Ficticia" not in page.url
    assert "Persona Ficticia" not in page.title()
    assert len(site.hub.access_log(case_id=case_id)) > before
    axe(page)
    shot(page, "case-page")


def test_the_case_page_says_codes_in_words_and_consent_by_its_services(site: Site) -> None:
    folio, _, _ = referred_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        page = dif.get(f"/casos/{folio}")
    shown = html.unescape(re.sub(r"<(pre|code|script|style)\b.*?</\1>|<[^>]+>", " ", page.text))
    consent = shown.split("Consentimiento", 1)[1]
    assert "albergue" in consent
    assert re.findall(r"\bshelter\b", shown) == []
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", shown) == []  # referral_issued: a code, not words
    assert "nacionalidad MX" not in shown
