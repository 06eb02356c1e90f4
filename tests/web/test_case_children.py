"""PPNNA keeps a child's route from the case page (LGDNNA arts. 71-72, 97, 122, 123); an
adult's own request to return is recorded as her decision (the return gate)."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from tests.web.commission_support import client
from tests.web.conftest import Site
from tests.web.test_case_work import actor, detected, form_fields


def child_with_ppnna(site: Site, nationality: str = "MX") -> tuple[str, UUID]:
    """A boy the police found and notified to PPNNA, which accepted and represents him."""
    report = replace(
        detected(site, "Niño Ficticio Páginas", in_custody=True),
        age_group="child",
        nationality=nationality,
    )
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        opened = site.hub.open_case(report)
        notice = site.hub.issue_referral(opened.case_id, "ppnna", "child_protection")
    with site.hub.acting_as(actor(site, "ppnna")):  # type: ignore[arg-type]
        site.hub.accept_referral(opened.case_id, notice.id)
    return opened.folio, opened.case_id


def test_ppnna_determines_the_best_interest_from_the_case_page_and_the_police_cannot(
    site: Site,
) -> None:
    """LGDNNA arts. 97 and 123 fr. IV: the best-interest determination is PPNNA's, with its code."""
    folio, case_id = child_with_ppnna(site)
    path = f"/casos/{folio}/interes-superior"
    with client(site, "ssc", "caseworker") as police:
        assert path not in police.get(f"/casos/{folio}").text
    with client(site, "ppnna", "caseworker") as ppnna:
        assert path in ppnna.get(f"/casos/{folio}").text
        fields = form_fields(ppnna.get(path))
        empty = ppnna.post(path, data=fields)
        assert empty.status_code == 400
        assert "Elija qué concluye la determinación." in empty.text
        sent = ppnna.post(path, data={**fields, "outcome": "stay_in_mexico"})
        assert sent.status_code == 303
        shown = ppnna.get(sent.headers["location"])
    assert site.hub.get_case(case_id).best_interest == "stay_in_mexico"
    assert "Determinación del interés superior registrada: Permanecer en México." in shown.text


def test_ppnna_draws_up_the_restitution_plan_and_is_then_offered_its_follow_up(
    site: Site,
) -> None:
    """LGDNNA art. 123: the plan is drawn up, followed up and concluded."""
    folio, case_id = child_with_ppnna(site)
    with client(site, "ppnna", "caseworker") as ppnna:
        path = f"/casos/{folio}/plan-restitucion"
        sent = ppnna.post(path, data=form_fields(ppnna.get(path)))
        assert sent.status_code == 303
        page = ppnna.get(f"/casos/{folio}").text
    assert site.hub.get_case(case_id).restitution_plan_in_force
    assert f"/casos/{folio}/plan-restitucion/actualizar" in page
    assert f'/casos/{folio}/plan-restitucion"' not in page  # one plan in force at a time
