"""The international-protection screening on the case page (``proteccion-internacional``).

Source: Ley sobre Refugiados, Protección Complementaria y Asilo Político (LRPCAP), arts. 6 and 18
(non-refoulement; 30 business days to apply for refugee status); its Reglamento, art. 22 (no
notice to the consulate of an asylum seeker without their express consent).
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from uuid import UUID

from babel.dates import format_date

from domain import case_events
from domain.review_rules_followup import business_deadline
from tests.web.commission_support import client
from tests.web.conftest import Site
from tests.web.test_case_children import child_with_ppnna
from tests.web.test_case_closing import form_fields_csrf
from tests.web.test_case_work import actor, detected, form_fields, referred_to_dif

PATH = "proteccion-internacional"


def foreign_woman(site: Site, *, attended: bool = True) -> tuple[str, UUID]:
    """A Honduran woman the police hold, referred to DIF's shelter; DIF accepted unless not
    ``attended`` (then it is only asked to help)."""
    folio, case_id, referral_id = referred_to_dif(site, nationality="HN")
    if attended:
        with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
            site.hub.accept_referral(case_id, referral_id)
    return folio, case_id


def test_dif_records_the_screening_and_reads_when_the_claim_term_ends(site: Site) -> None:
    """LRPCAP art. 18: the claim is filed within 30 business days of entry; the confirmation
    says the day they end, and the timeline says what the person answered, in Spanish."""
    folio, case_id = foreign_woman(site)
    path = f"/casos/{folio}/{PATH}"
    entered = (site.clock() - timedelta(days=10)).astimezone(site.hub.limits.local_offset)
    with client(site, "dif", "caseworker") as dif:
        assert path in dif.get(f"/casos/{folio}").text
        form = dif.get(path)
        said = html.unescape(form.text)
        assert "Evaluación de protección internacional" in said
        assert "Ley sobre Refugiados, Protección Complementaria y Asilo Político" in said
        assert "art. 18" in said
        fields = form_fields(form)
        empty = dif.post(path, data=fields)
        assert empty.status_code == 400
        assert "Elija si la persona aceptó la canalización a la COMAR." in html.unescape(empty.text)
        later = (site.clock() + timedelta(days=3)).date().isoformat()
        future = dif.post(path, data={**fields, "comar_referral": "accepted", "entered_at": later})
        assert future.status_code == 400
        assert "no puede ser posterior a hoy" in html.unescape(future.text)
        answers = {"comar_referral": "accepted", "consular_notice": "declined", "informed_in": "es"}
        sent = dif.post(path, data={**fields, **answers, "entered_at": entered.date().isoformat()})
        assert sent.status_code == 303
        shown = html.unescape(dif.get(sent.headers["location"]).text)
    limits = site.hub.limits
    ends = business_deadline(entered, 30, limits.local_offset, limits.holidays)
    day = format_date(ends.date(), "long", locale="es_MX")
    assert (
        "Evaluación de protección internacional registrada: la persona aceptó la canalización "
        f"a la COMAR. El plazo de 30 días hábiles para solicitar la condición de refugiado, "
        f"contado desde su ingreso, vence el {day}"
    ) in shown
    assert "No quiere que se avise a su consulado" in shown
    assert "Se ofreció canalizar a la COMAR: la persona aceptó" in shown  # the timeline
    (screened,) = [
        e
        for e in site.hub.timeline(case_id)
        if isinstance(e, case_events.InternationalProtectionScreened)
    ]
    assert (str(screened.comar_referral), str(screened.consular_notice)) == (  # type: ignore[attr-defined]
        "accepted",
        "declined",
    )
    assert screened.entered_at.date() == entered.date()  # type: ignore[attr-defined]


def test_an_agency_only_asked_to_help_has_no_link_and_gets_403_and_a_stranger_404(
    site: Site,
) -> None:
    """LRPCAP art. 6: whoever attends the person offers the referral to COMAR; DIF, asked but
    not yet attending her, may not record the screening, and FGE, not involved, does not see
    the case at all."""
    folio, case_id = foreign_woman(site, attended=False)
    path = f"/casos/{folio}/{PATH}"
    with client(site, "dif", "caseworker") as dif:
        page = dif.get(f"/casos/{folio}")
        assert path not in page.text
        assert dif.get(path).status_code == 403
        refused = dif.post(
            path,
            data={"csrf": form_fields_csrf(page.text), "clave": "k", "comar_referral": "declined"},
        )
    with client(site, "fge", "caseworker") as stranger:
        assert stranger.get(path).status_code == 404
    assert refused.status_code == 403
    assert site.hub.get_case(case_id).protection is None


def test_a_mexican_national_is_not_offered_the_screening(site: Site) -> None:
    """LRPCAP art. 6 protects foreign nationals: the police, who lead the case of a Mexican
    woman, are not offered the form and get the 403 page."""
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        opened = site.hub.open_case(detected(site, "Persona Ficticia MX", in_custody=True))
    with client(site, "ssc", "caseworker") as police:
        assert PATH not in police.get(f"/casos/{opened.folio}").text
        assert police.get(f"/casos/{opened.folio}/{PATH}").status_code == 403


def test_a_consular_notice_for_a_person_who_asked_for_asylum_is_refused_on_the_measures_form(
    site: Site,
) -> None:
    """Reglamento de la LRPCAP, art. 22: the consulate of an asylum seeker is not told; the
    police, who lead the case, are refused the SRE's consular notice in the domain's words, at
    the measure's kind, and nothing is recorded."""
    folio, case_id = foreign_woman(site)
    with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
        site.hub.screen_for_protection(case_id, "accepted", "accepted")
    path = f"/casos/{folio}/medidas/nueva"
    with client(site, "ssc", "caseworker") as police:
        fields = form_fields(police.get(path))
        refused = police.post(
            path,
            data={
                **fields,
                "kind": "consular_notification",
                "provider": "sre",
                "legal_basis": "imminent_risk",
            },
        )
    said = html.unescape(refused.text)
    assert refused.status_code == 400
    assert (
        "La persona solicita asilo: no se avisa al consulado de su país mientras su solicitud "
        "siga en curso." in said
    )
    assert 'id="kind-error"' in refused.text
    assert site.hub.get_case(case_id).measures == []


def test_in_a_childs_case_only_ppnna_is_offered_the_screening(site: Site) -> None:
    """LGDNNA (PPNNA's legal representation) with LRPCAP art. 6: PPNNA answers for a foreign
    child; the police who found him are not offered the form and get the 403 page."""
    folio, case_id = child_with_ppnna(site, nationality="GT")
    path = f"/casos/{folio}/{PATH}"
    with client(site, "ssc", "caseworker") as police:
        assert path not in police.get(f"/casos/{folio}").text
        assert police.get(path).status_code == 403
    with client(site, "ppnna", "caseworker") as ppnna:
        assert path in ppnna.get(f"/casos/{folio}").text
        sent = ppnna.post(path, data={**form_fields(ppnna.get(path)), "comar_referral": "declined"})
        assert sent.status_code == 303
        shown = html.unescape(ppnna.get(sent.headers["location"]).text)
    said = re.search(r"protección internacional registrada: ([^<]*)<", shown)
    assert said is not None
    assert said.group(1).strip() == "la persona no aceptó la canalización a la COMAR."  # no term
    screening = site.hub.get_case(case_id).protection
    assert screening is not None
    assert str(screening.comar_referral) == "declined"
