"""The custodian hands the person over, custody ends and is taken again, and a disappearance is
reported and ended, in words, from the case page."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from uuid import UUID

from playwright.sync_api import Page

from domain.vocabulary import LegalBasis
from tests.web.commission_support import client
from tests.web.conftest import PHONE, Site, axe
from tests.web.test_case_work import CSRF, actor, detected, form_fields, referred_to_dif
from texts.labels import label_code

PLACE = "Cruce ficticio Q4"


def held_by_police(site: Site, *, child: bool = False) -> tuple[str, UUID]:
    """A case the police detected with the person in their custody: folio and case."""
    report = detected(site, "Persona Ficticia Custodia", in_custody=True)
    if child:
        report = replace(report, age_group="child")
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        opened = site.hub.open_case(report)
    return opened.folio, opened.case_id


def shown_text(answer: object) -> str:
    return html.unescape(answer.text)  # type: ignore[attr-defined]


def test_the_custodian_hands_over_and_custody_passes_when_the_receiver_acknowledges(
    site: Site,
) -> None:
    folio, case_id = held_by_police(site)
    with client(site, "ssc", "caseworker") as police:
        assert f"/casos/{folio}/entregar" in police.get(f"/casos/{folio}").text
        fields = form_fields(police.get(f"/casos/{folio}/entregar"))
        before = len(site.hub.timeline(case_id))
        uncovered = police.post(
            f"/casos/{folio}/entregar", data={**fields, "to_agency": "dif", "place": PLACE}
        )
        assert uncovered.status_code == 400  # consent does not cover DIF: a legal basis is due
        assert 'id="legal_basis-error"' in uncovered.text
        assert len(site.hub.timeline(case_id)) == before
        sent = police.post(
            f"/casos/{folio}/entregar",
            data={**fields, "to_agency": "dif", "place": PLACE, "legal_basis": "imminent_risk"},
        )
        assert sent.status_code == 303
        assert PLACE not in sent.headers["location"]
        shown = police.get(sent.headers["location"])
        assert f"/casos/{folio}/entregar" not in shown.text  # one open handoff at a time
    said = shown_text(shown)
    assert "Entrega iniciada a DIF" in said
    assert "La custodia cambia cuando DIF" in said
    assert "la acuse." in said
    assert PLACE not in said.split("<title>", 1)[1].split("</title>", 1)[0]
    case = site.hub.get_case(case_id)
    assert case.custody.custodian == "ssc"
    handoff = case.custody.open_handoff()
    assert handoff is not None
    assert handoff.to_agency == "dif"
    path = f"/casos/{folio}/entregas/{handoff.id}/acusar"
    with client(site, "dif", "caseworker") as dif:
        assert path in dif.get(f"/casos/{folio}").text
        dif.post(path, data=form_fields(dif.get(path)))
    assert site.hub.get_case(case_id).custody.custodian == "dif"


def test_a_handoff_without_a_receiver_is_an_error_in_spanish_and_nothing_is_recorded(
    site: Site,
) -> None:
    folio, case_id = held_by_police(site)
    with client(site, "ssc", "caseworker") as police:
        fields = form_fields(police.get(f"/casos/{folio}/entregar"))
        before = len(site.hub.timeline(case_id))
        empty = police.post(f"/casos/{folio}/entregar", data={**fields, "place": PLACE})
    assert empty.status_code == 400
    assert "Elija la institución que recibe a la persona." in shown_text(empty)
    assert PLACE not in shown_text(empty).split("</title>", 1)[0]
    assert len(site.hub.timeline(case_id)) == before


def test_a_double_handoff_submit_records_once(site: Site) -> None:
    folio, case_id = held_by_police(site)
    with client(site, "ssc", "caseworker") as police:
        fields = form_fields(police.get(f"/casos/{folio}/entregar"))
        data = {**fields, "to_agency": "fge", "legal_basis": "criminal_investigation"}
        before = len(site.hub.timeline(case_id))
        first = police.post(f"/casos/{folio}/entregar", data=data)
        second = police.post(f"/casos/{folio}/entregar", data=data)
    assert first.status_code == second.status_code == 303
    handoffs = site.hub.get_case(case_id).custody.handoffs
    assert len(handoffs) == 1
    assert len(site.hub.timeline(case_id)) == before + 2  # the override and the handoff, once


def test_an_agency_that_does_not_hold_the_person_has_no_link_and_is_refused(site: Site) -> None:
    folio, case_id, _ = referred_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        page = dif.get(f"/casos/{folio}")
        for path in ("entregar", "custodia/liberar", "custodia/asumir"):
            assert f"/casos/{folio}/{path}" not in page.text
            assert dif.get(f"/casos/{folio}/{path}").status_code == 403
        csrf = CSRF.search(page.text)
        assert csrf
        refused = dif.post(
            f"/casos/{folio}/entregar",
            data={"csrf": csrf.group(1), "clave": "k", "to_agency": "iqm"},
        )
    with client(site, "fge", "caseworker") as stranger:
        assert stranger.get(f"/casos/{folio}/entregar").status_code == 404
    assert refused.status_code == 403
    assert site.hub.get_case(case_id).custody.handoffs == []


def test_the_custodian_ends_an_adults_custody_and_takes_it_again(site: Site) -> None:
    folio, case_id = held_by_police(site)
    with client(site, "ssc", "caseworker") as police:
        page = police.get(f"/casos/{folio}")
        assert f"/casos/{folio}/custodia/liberar" in page.text
        assert f"/casos/{folio}/custodia/asumir" not in page.text
        fields = form_fields(police.get(f"/casos/{folio}/custodia/liberar"))
        before = len(site.hub.timeline(case_id))
        empty = police.post(f"/casos/{folio}/custodia/liberar", data=fields)
        assert empty.status_code == 400
        assert "Elija por qué termina la custodia." in shown_text(empty)
        assert len(site.hub.timeline(case_id)) == before
        ended = police.post(
            f"/casos/{folio}/custodia/liberar", data={**fields, "reason": "voluntary_departure"}
        )
        shown = police.get(ended.headers["location"])
        assert "Custodia terminada." in shown_text(shown)
        assert site.hub.get_case(case_id).custody.custodian is None
        assert f"/casos/{folio}/custodia/asumir" in shown.text
        taken = police.post(
            f"/casos/{folio}/custodia/asumir",
            data=form_fields(police.get(f"/casos/{folio}/custodia/asumir")),
        )
        shown = police.get(taken.headers["location"])
    assert "Custodia asumida." in shown_text(shown)
    assert site.hub.get_case(case_id).custody.custodian == "ssc"


def test_a_childs_custody_is_never_ended_only_handed_over(site: Site) -> None:
    folio, _ = held_by_police(site, child=True)
    with client(site, "ssc", "caseworker") as police:
        page = police.get(f"/casos/{folio}")
        assert f"/casos/{folio}/entregar" in page.text
        assert f"/casos/{folio}/custodia/liberar" not in page.text
        assert police.get(f"/casos/{folio}/custodia/liberar").status_code == 403
        choices = police.get(f"/casos/{folio}/entregar").text
    assert 'value="dif"' in choices
    assert 'value="iqm"' not in choices  # it does not see children's cases


def test_a_childs_whereabouts_are_reported_unknown_then_located(site: Site) -> None:
    folio, case_id = held_by_police(site, child=True)
    with client(site, "ssc", "caseworker") as police:
        assert f"/casos/{folio}/paradero/localizada" not in police.get(f"/casos/{folio}").text
        form = police.get(f"/casos/{folio}/paradero/desconocido")
        fields = form_fields(form)
        before = len(site.hub.timeline(case_id))
        empty = police.post(f"/casos/{folio}/paradero/desconocido", data=fields)
        assert empty.status_code == 400
        assert "Escriba la fecha y la hora en que se le vio por última vez." in shown_text(empty)
        assert len(site.hub.timeline(case_id)) == before
        when = form.text.split('name="last_seen_at" value="', 1)[1].split('"', 1)[0]
        missing = police.post(
            f"/casos/{folio}/paradero/desconocido",
            data={**fields, "last_seen_at": when, "place": PLACE},
        )
        assert missing.status_code == 303
        assert PLACE not in missing.headers["location"]
        shown = police.get(missing.headers["location"])
        said = shown_text(shown)
        assert "no se sabe dónde está la persona" in said
        assert "En la próxima hora, PPNNA y la fiscalía deben ser alertadas" in said
        assert site.hub.get_case(case_id).custody.whereabouts_unknown
        assert f"/casos/{folio}/paradero/desconocido" not in shown.text
        assert f"/casos/{folio}/entregar" not in shown.text  # nobody to hand over
        found = police.post(
            f"/casos/{folio}/paradero/localizada",
            data={
                **form_fields(police.get(f"/casos/{folio}/paradero/localizada")),
                "custody_with": "ssc",
            },
        )
        shown = police.get(found.headers["location"])
    assert "la persona fue localizada" in shown_text(shown)
    case = site.hub.get_case(case_id)
    assert not case.custody.whereabouts_unknown
    assert case.custody.custodian == "ssc"


def test_the_handoff_form_is_filled_by_its_labels_on_a_phone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio, case_id = held_by_police(site)
    page = signed_in("ssc", "caseworker")
    page.set_viewport_size(PHONE)
    page.goto(f"/casos/{folio}")
    page.get_by_role("link", name="Entregar a la persona").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("DIF", exact=False).first.check()
    page.get_by_label("Lugar de la entrega (opcional)").fill(PLACE)
    page.get_by_role("radio", name=label_code(LegalBasis, "imminent_risk", "es")).check()
    page.get_by_role("button", name="Iniciar la entrega").click()
    page.wait_for_load_state()
    assert "Entrega iniciada a DIF" in page.content()
    assert PLACE not in page.url
    assert PLACE not in page.title()
    axe(page)
    assert site.hub.get_case(case_id).custody.open_handoff() is not None
