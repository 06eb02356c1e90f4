"""Agencies start and end protection measures, record and withdraw consent and the person's
decision about a complaint, in words, from the case page."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from playwright.sync_api import Page

from tests.web.commission_support import client
from tests.web.conftest import PHONE, Site, axe
from tests.web.test_case_closing import form_fields_csrf
from tests.web.test_case_review import child_held_by_migration
from tests.web.test_case_work import actor, form_fields, referred_to_dif

SHELTER = "Calle Ficticia 123, Cancún"


def sheltering(site: Site) -> tuple[str, UUID]:
    """A case the police referred to DIF's shelter, and DIF accepted: DIF attends the person."""
    folio, case_id, referral_id = referred_to_dif(site)
    with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
        site.hub.accept_referral(case_id, referral_id)
    return folio, case_id


def test_dif_starts_a_shelter_after_accepting_the_referral_and_ends_it(site: Site) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        assert f"/casos/{folio}/medidas/nueva" in dif.get(f"/casos/{folio}").text
        form = dif.get(f"/casos/{folio}/medidas/nueva")
        assert "Se guarda sellado" in form.text
        started = dif.post(
            f"/casos/{folio}/medidas/nueva",
            data={**form_fields(form), "kind": "shelter", "provider": "dif", "location": SHELTER},
        )
        assert started.status_code == 303
        assert SHELTER not in started.headers["location"]
        shown = dif.get(started.headers["location"])
        assert "Medida iniciada: alojamiento en albergue, a cargo de DIF" in shown.text
        (measure,) = site.hub.get_case(case_id).measures
        assert measure.provider == "dif"
        assert measure.is_active
        end = f"/casos/{folio}/medidas/{measure.id}/terminar"
        assert end in shown.text
        form = dif.get(end)
        assert "alojamiento en albergue · DIF" in form.text
        assert SHELTER not in form.text.split("<title>")[1].split("</title>")[0]
        ended = dif.post(end, data={**form_fields(form), "reason": "person_left"})
        shown = dif.get(ended.headers["location"])
    assert not site.hub.get_case(case_id).measures[0].is_active
    assert "Medida terminada: alojamiento en albergue" in shown.text
    assert end not in shown.text  # nothing left to end


def test_a_measure_with_no_kind_is_an_error_in_spanish_and_nothing_is_recorded(
    site: Site,
) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        fields = form_fields(dif.get(f"/casos/{folio}/medidas/nueva"))
        before = len(site.hub.timeline(case_id))
        wrong = dif.post(f"/casos/{folio}/medidas/nueva", data={**fields, "provider": "dif"})
        late = dif.post(
            f"/casos/{folio}/medidas/nueva",
            data={**fields, "kind": "shelter", "provider": "dif", "started_at": "2999-01-01T10:00"},
        )
    assert wrong.status_code == late.status_code == 400
    assert "Elija qué medida se inicia." in wrong.text
    assert "La fecha y la hora no pueden ser futuras." in late.text
    assert len(site.hub.timeline(case_id)) == before
    assert not site.hub.get_case(case_id).measures


def test_an_agency_serving_may_record_only_its_own_measures(site: Site) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        form = dif.get(f"/casos/{folio}/medidas/nueva")
        assert 'value="sesa"' not in form.text  # DIF is offered as the only provider
        refused = dif.post(
            f"/casos/{folio}/medidas/nueva",
            data={**form_fields(form), "kind": "medical_care", "provider": "sesa"},
        )
    assert refused.status_code == 400
    assert not site.hub.get_case(case_id).measures


def test_the_lead_records_another_agencys_measure_on_a_legal_basis_when_consent_lacks(
    site: Site,
) -> None:
    folio, case_id = sheltering(site)
    path = f"/casos/{folio}/medidas/nueva"
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(path)), "kind": "medical_care", "provider": "sesa"}
        refused = police.post(path, data=fields)
        assert refused.status_code == 400
        assert 'id="legal_basis-error"' in refused.text
        started = police.post(path, data={**fields, "legal_basis": "imminent_risk"})
        shown = police.get(started.headers["location"])
    assert "Medida iniciada: atención médica, a cargo de SESA" in shown.text
    assert [m.provider for m in site.hub.get_case(case_id).measures] == ["sesa"]


def test_consent_is_recorded_for_iqm_and_sesa_and_withdrawn_for_one(site: Site) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        assert f"/casos/{folio}/consentimiento/retirar" not in dif.get(f"/casos/{folio}").text
        form = dif.get(f"/casos/{folio}/consentimiento")
        assert "Español" in form.text
        assert 'name="legal_basis"' not in form.text  # an adult's case: consent only
        recorded = dif.post(
            f"/casos/{folio}/consentimiento",
            data={
                **form_fields(form),
                "agencies": ["iqm", "sesa"],
                "purposes": ["medical", "psychological"],
                "informed_in": "es",
            },
        )
        shown = dif.get(recorded.headers["location"])
        assert "Consentimiento registrado: IQM y SESA pueden recibir sus datos" in shown.text
        assert site.hub.get_case(case_id).consent.granted.keys() >= {"iqm", "sesa"}
        path = f"/casos/{folio}/consentimiento/retirar"
        form = dif.get(path)
        withdrawn = dif.post(path, data={**form_fields(form), "agencies": ["iqm"]})
        shown = dif.get(withdrawn.headers["location"])
    granted = site.hub.get_case(case_id).consent.granted
    assert "iqm" not in granted
    assert "sesa" in granted
    assert "Consentimiento retirado para IQM. Ya no reciben datos personales." in shown.text


def test_consent_naming_no_agency_is_refused_in_words_and_nothing_recorded(site: Site) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        fields = form_fields(dif.get(f"/casos/{folio}/consentimiento"))
        before = len(site.hub.timeline(case_id))
        wrong = dif.post(f"/casos/{folio}/consentimiento", data={**fields, "purposes": "medical"})
        unknown = dif.post(
            f"/casos/{folio}/consentimiento",
            data={**fields, "agencies": "nadie", "purposes": "medical"},
        )
    assert wrong.status_code == unknown.status_code == 400
    assert 'id="agencies-error"' in wrong.text
    assert "Elija una o más instituciones de la lista." in unknown.text
    assert len(site.hub.timeline(case_id)) == before


def test_a_double_consent_records_once(site: Site) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        fields = {
            **form_fields(dif.get(f"/casos/{folio}/consentimiento")),
            "agencies": "iqm",
            "purposes": "psychological",
        }
        before = len(site.hub.timeline(case_id))
        first = dif.post(f"/casos/{folio}/consentimiento", data=fields)
        second = dif.post(f"/casos/{folio}/consentimiento", data=fields)
    assert first.status_code == second.status_code == 303
    assert len(site.hub.timeline(case_id)) == before + 1


def test_the_complaint_decision_is_recorded_and_services_never_depend_on_it(site: Site) -> None:
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        form = dif.get(f"/casos/{folio}/denuncia")
        assert "Ley General de Trata, art. 3" in form.text
        empty = dif.post(f"/casos/{folio}/denuncia", data=form_fields(form))
        assert "Elija qué decidió la persona." in empty.text
        assert site.hub.get_case(case_id).complaint is None
        no_prosecutor = dif.post(
            f"/casos/{folio}/denuncia", data={**form_fields(form), "decision": "filed"}
        )
        assert no_prosecutor.status_code == 400
        assert site.hub.get_case(case_id).complaint is None
        decided = dif.post(
            f"/casos/{folio}/denuncia", data={**form_fields(form), "decision": "deferred"}
        )
        shown = dif.get(decided.headers["location"])
    assert str(site.hub.get_case(case_id).complaint) == "deferred"
    assert "Decisión sobre la denuncia registrada: decidirá más adelante." in shown.text


def test_an_agency_whose_part_does_not_allow_it_has_no_link_and_gets_403(site: Site) -> None:
    folio, case_id, _ = referred_to_dif(site)  # DIF is asked, not yet attending the person
    paths = ("medidas/nueva", "consentimiento", "denuncia")
    with client(site, "dif", "caseworker") as dif:
        page = dif.get(f"/casos/{folio}")
        csrf = form_fields_csrf(page.text)
        for path in paths:
            assert f"/casos/{folio}/{path}" not in page.text
            assert dif.get(f"/casos/{folio}/{path}").status_code == 403
        refused = [
            dif.post(
                f"/casos/{folio}/{path}",
                data={
                    "csrf": csrf,
                    "clave": f"k-{path}",
                    "kind": "shelter",
                    "provider": "dif",
                    "agencies": "iqm",
                    "purposes": "medical",
                    "decision": "deferred",
                },
            ).status_code
            for path in paths
        ]
    case = site.hub.get_case(case_id)
    assert refused == [403, 403, 403]
    assert not case.measures
    assert not case.consent.granted
    assert case.complaint is None


def test_dif_starts_a_measure_on_a_phone_by_its_labels(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = sheltering(site)
    page = signed_in("dif", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto(f"/casos/{folio}/medidas/nueva")
    axe(page)
    page.get_by_label("alojamiento en albergue").check()
    page.get_by_label("¿Dónde se da? (opcional)").fill(SHELTER)
    page.get_by_role("button", name="Registrar la medida").click()
    page.wait_for_load_state()
    assert "Medida iniciada: alojamiento en albergue" in page.content()
    assert SHELTER not in page.url
    assert SHELTER not in page.title()
    axe(page)
    assert site.hub.get_case(case_id).measures[0].kind == "shelter"


def test_in_a_childs_case_ppnna_states_child_protection_instead_of_consent(site: Site) -> None:
    folio, case_id = child_held_by_migration(site)
    lead = site.hub.get_case(case_id).lead()
    with client(site, lead, "caseworker") as custodian:
        assert f"/casos/{folio}/consentimiento" not in custodian.get(f"/casos/{folio}").text
        assert custodian.get(f"/casos/{folio}/consentimiento").status_code == 403
    with client(site, "ppnna", "caseworker") as ppnna:
        form = ppnna.get(f"/casos/{folio}/consentimiento")
        assert "como su representante legal (LGDNNA)" in form.text
        assert 'name="legal_basis" value="child_protection"' in form.text
        recorded = ppnna.post(
            f"/casos/{folio}/consentimiento",
            data={**form_fields(form), "legal_basis": "child_protection"},
        )
        shown = ppnna.get(recorded.headers["location"])
    assert site.hub.get_case(case_id).consent.child_protection_basis
    assert "las instituciones que atienden a la niñez pueden recibir sus datos" in shown.text


def test_a_confirmation_asked_for_by_hand_with_nothing_behind_it_still_shows_the_page(
    site: Site,
) -> None:
    folio, _ = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        for name in ("withdraw_consent", "record_consent", "end_measure", "complaint_decision"):
            answer = dif.get(f"/casos/{folio}?hecho={name}&id={uuid4()}")
            assert answer.status_code == 200
