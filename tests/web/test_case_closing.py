"""The lead closes a case whose route is over and reopens it, in words, from the case page."""

from __future__ import annotations

import html
from uuid import UUID

from tests.web.commission_support import client
from tests.web.conftest import Site
from tests.web.test_case_custody import held_by_police
from tests.web.test_case_work import CSRF, actor, detected, form_fields, referred_to_dif


def unreferred(site: Site) -> tuple[str, UUID]:
    """A case the police detected and never referred: nothing open, the police lead it."""
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        opened = site.hub.open_case(detected(site, "Persona Ficticia Cierre", in_custody=False))
    return opened.folio, opened.case_id


def test_the_lead_closes_a_case_with_a_reason_and_reopens_it(site: Site) -> None:
    folio, case_id = unreferred(site)
    with client(site, "ssc", "caseworker") as police:
        page = police.get(f"/casos/{folio}")
        assert f"/casos/{folio}/cerrar" in page.text
        assert f"/casos/{folio}/reabrir" not in page.text
        fields = form_fields(police.get(f"/casos/{folio}/cerrar"))
        before = len(site.hub.timeline(case_id))
        empty = police.post(f"/casos/{folio}/cerrar", data=fields)
        assert empty.status_code == 400
        assert "Elija por qué se cierra el caso." in empty.text
        assert len(site.hub.timeline(case_id)) == before
        closed = police.post(f"/casos/{folio}/cerrar", data={**fields, "reason": "duplicate"})
        assert closed.status_code == 303
        shown = police.get(closed.headers["location"])
        assert "Caso cerrado: expediente duplicado." in shown.text
        assert f"/casos/{folio}/reabrir" in shown.text
        assert f"/casos/{folio}/cerrar" not in shown.text
        assert site.hub.get_case(case_id).is_closed
        fields = form_fields(police.get(f"/casos/{folio}/reabrir"))
        reopened = police.post(
            f"/casos/{folio}/reabrir", data={**fields, "reason": "new_information"}
        )
        shown = police.get(reopened.headers["location"])
    assert not site.hub.get_case(case_id).is_closed
    assert "Caso reabierto." in shown.text


def test_a_double_close_records_once(site: Site) -> None:
    folio, case_id = unreferred(site)
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(f"/casos/{folio}/cerrar")), "reason": "duplicate"}
        before = len(site.hub.timeline(case_id))
        first = police.post(f"/casos/{folio}/cerrar", data=fields)
        second = police.post(f"/casos/{folio}/cerrar", data=fields)
    assert first.status_code == second.status_code == 303
    assert len(site.hub.timeline(case_id)) == before + 1


def test_a_case_with_an_open_referral_is_not_closed_and_the_form_says_why(site: Site) -> None:
    folio, case_id, _ = referred_to_dif(site)
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(f"/casos/{folio}/cerrar")), "reason": "duplicate"}
        refused = police.post(f"/casos/{folio}/cerrar", data=fields)
    assert refused.status_code == 400
    assert "abiert" in refused.text  # the domain's words: what is still open
    assert not site.hub.get_case(case_id).is_closed


def test_an_agency_that_does_not_lead_the_case_may_not_close_it(site: Site) -> None:
    folio, case_id, _ = referred_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        assert f"/casos/{folio}/cerrar" not in dif.get(f"/casos/{folio}").text
        assert dif.get(f"/casos/{folio}/cerrar").status_code == 403
        page = dif.get(f"/casos/{folio}")
        refused = dif.post(
            f"/casos/{folio}/cerrar",
            data={"csrf": form_fields_csrf(page.text), "clave": "k", "reason": "duplicate"},
        )
    with client(site, "fge", "caseworker") as stranger:
        assert stranger.get(f"/casos/{folio}/cerrar").status_code == 404
    with client(site, "ssc", "supervisor") as supervisor:
        assert supervisor.get(f"/casos/{folio}/cerrar").status_code == 200
    assert refused.status_code == 403
    assert not site.hub.get_case(case_id).is_closed


def form_fields_csrf(text: str) -> str:
    found = CSRF.search(text)
    assert found
    return found.group(1)


def test_an_action_sent_with_a_forged_or_missing_csrf_token_is_refused_and_records_nothing(
    site: Site,
) -> None:
    folio, case_id = unreferred(site)
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(f"/casos/{folio}/cerrar")), "reason": "duplicate"}
        forged = police.post(f"/casos/{folio}/cerrar", data={**fields, "csrf": "forged"})
        missing = police.post(
            f"/casos/{folio}/cerrar", data={k: v for k, v in fields.items() if k != "csrf"}
        )
    assert forged.status_code == missing.status_code == 403
    assert not site.hub.get_case(case_id).is_closed


def test_a_childs_case_is_not_closed_until_ppnna_is_notified_and_the_child_handed_over(
    site: Site,
) -> None:
    """LGDNNA art. 12 (notice to PPNNA at once) and art. 122 (PPNNA protects the child): the
    police holding a child cannot close the case, and the close form says what is missing."""
    folio, case_id = held_by_police(site, child=True)
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(f"/casos/{folio}/cerrar")), "reason": "reintegrated"}
        unnotified = police.post(f"/casos/{folio}/cerrar", data=fields)
    assert unnotified.status_code == 400
    assert "aviso a la PPNNA" in html.unescape(unnotified.text)
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        notice = site.hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with site.hub.acting_as(actor(site, "ppnna")):  # type: ignore[arg-type]
        site.hub.accept_referral(case_id, notice.id)
        site.hub.complete_referral(case_id, notice.id)
    with client(site, "ssc", "caseworker") as police:
        fields = {**form_fields(police.get(f"/casos/{folio}/cerrar")), "reason": "reintegrated"}
        held = police.post(f"/casos/{folio}/cerrar", data=fields)
    assert held.status_code == 400
    assert "entréguelo a la PPNNA o al DIF" in html.unescape(held.text)
    assert not site.hub.get_case(case_id).is_closed
