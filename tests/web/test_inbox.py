"""The inbox (``/bandeja``) and caseload (``/casos``) of a person acting for an agency."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import httpx2 as httpx
from playwright.sync_api import Page

from domain.review_rules import Finding
from tests.web.conftest import PHONE, Site, axe, shot
from tests.web.test_case_review import adult_detected


def client(site: Site, agency: str, role: str) -> httpx.Client:
    made = httpx.Client(base_url=site.url, follow_redirects=False)
    cookie = site.session_cookie(site.person(agency, role))
    made.cookies.set(cookie["name"], cookie["value"])
    return made


def until(found: Callable[[], object], seconds: float = 10) -> None:
    """Wait for the views to catch up with what a test recorded."""
    end = time.monotonic() + seconds
    while not found():
        assert time.monotonic() < end, "the view did not catch up"
        time.sleep(0.05)


def police_refers_and_hands_off_to_dif(site: Site) -> str:
    """A case of the police, referred to DIF for shelter and handed to it; its folio."""
    police = site.hub.account(site.person("ssc", "caseworker")).actor
    with site.hub.acting_as(police):
        opened = site.hub.open_case(adult_detected(site, in_custody=True))
        site.hub.issue_referral(opened.case_id, "dif", "shelter", legal_basis="imminent_risk")
        site.hub.initiate_handoff(
            opened.case_id, "dif", place="Lugar de prueba", legal_basis="imminent_risk"
        )

    def caught_up() -> bool:
        row = site.parts.caseload.entry("dif", opened.case_id)  # type: ignore[union-attr]
        return row is not None and row.pending_referrals == 1 and row.open_handoffs == 1

    until(caught_up)
    return opened.folio


def test_the_inbox_of_dif_lists_a_referral_and_a_handoff_it_owes_with_their_deadlines(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio = police_refers_and_hands_off_to_dif(site)
    page = signed_in("dif", "caseworker")
    page.goto("/")
    assert page.url.endswith("/bandeja")
    owed = page.locator("li.owed").filter(has_text=folio)
    referral = owed.and_(page.locator("[data-kind=referral]"))
    handoff = owed.and_(page.locator("[data-kind=handoff]"))
    assert "Responder una canalización de" in referral.inner_text()
    assert "vence el" in referral.inner_text()
    assert "Acusar recibo de la entrega de custodia" in handoff.inner_text()
    assert "vence en" in handoff.inner_text()  # two hours to acknowledge, not late yet
    assert owed.first.get_by_role("link", name=folio).get_attribute("href") == f"/casos/{folio}"
    assert "Lugar de prueba" not in page.content()
    axe(page)
    shot(page, "inbox")


def test_the_most_urgent_comes_first(site: Site) -> None:
    police_refers_and_hands_off_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        html = dif.get("/bandeja").text
    assert html.count('class="owed') >= 2
    # the lines are sorted by deadline: an overdue one is never after one not yet due
    kinds = [part.split('"', 1)[0] for part in html.split('class="owed ')[1:]]
    late = [" is-late" in kind for kind in kinds]
    assert late == sorted(late, reverse=True)


def test_an_open_finding_against_the_agency_appears(site: Site) -> None:
    """The demo follows the route, so the test makes its own finding: a case detected two days
    ago that nobody reported to the prosecutor (CNPP art. 222; the hub's alarm is 24 h)."""
    review = site.parts.review
    assert review is not None
    police = site.hub.account(site.person("ssc", "caseworker")).actor
    detected = replace(adult_detected(site), detected_at=site.clock() - timedelta(days=2))
    with site.hub.acting_as(police):
        opened = site.hub.open_case(detected)

    def found() -> list[Finding]:
        rule = "prosecutor_not_notified"
        return list(review.findings(at=site.clock(), rule=rule, case_id=opened.case_id))

    until(found, seconds=30)  # at the site's start, the views first catch up with the demo
    finding = found()[0]
    with client(site, finding.agency, "supervisor") as supervisor:
        html = supervisor.get("/bandeja").text
    assert 'data-kind="finding"' in html
    assert "Hallazgo abierto:" in html


def test_the_inbox_tells_what_changed_since_the_last_visit(site: Site) -> None:
    with client(site, "dif", "caseworker") as first:
        assert first.get("/bandeja").status_code == 200  # a first visit: the last 7 days
    folio = police_refers_and_hands_off_to_dif(site)
    with client(site, "dif", "caseworker") as again:
        html = again.get("/bandeja").text
    changes = html.split('id="cambios"', 1)[1]
    assert folio in changes
    assert "canaliz" in changes.lower()


def test_a_commission_person_gets_the_403_page(site: Site) -> None:
    with client(site, "cdheqroo", "commission") as commission:
        for path in ("/bandeja", "/casos"):
            answer = commission.get(path)
            assert answer.status_code == 403
            assert "text/html" in answer.headers["content-type"]
        assert commission.get("/").status_code == 200  # the home page, not the inbox


def test_a_supervisor_sees_its_own_agencys_cases_only(site: Site) -> None:
    folio = police_refers_and_hands_off_to_dif(site)
    with client(site, "dif", "supervisor") as dif, client(site, "iqm", "supervisor") as iqm:
        assert folio in dif.get("/casos", params={"relacion": "referral_pending"}).text
        assert folio in dif.get("/bandeja").text
        assert folio not in iqm.get("/bandeja").text
        assert iqm.get("/casos", params={"folio": folio}).status_code == 404


def test_the_caseload_filters_by_relation_and_overdue_and_finds_a_folio(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    folio = police_refers_and_hands_off_to_dif(site)
    page = signed_in("dif", "caseworker")
    page.goto("/casos")
    page.get_by_label("Intervención de su institución").select_option("referral_pending")
    page.get_by_role("button", name="Aplicar filtros").click()
    assert "relacion=referral_pending" in page.url
    assert page.get_by_role("link", name=folio).is_visible()
    page.get_by_label("Solo con plazos vencidos").check()
    page.get_by_role("button", name="Aplicar filtros").click()
    assert page.get_by_role("link", name=folio).count() == 0  # nothing of it is late yet
    page.get_by_label("Buscar por folio").fill(folio)
    page.get_by_role("button", name="Buscar", exact=True).click()
    assert page.url.endswith(f"/casos/{folio}")
    page.goto("/casos")
    page.get_by_label("Buscar por folio").fill("QR-1999-999999")
    page.get_by_role("button", name="Buscar", exact=True).click()
    summary = page.get_by_role("alert")
    assert "No hay un expediente de su institución con ese folio" in summary.inner_text()
    axe(page)


def test_an_unknown_filter_value_is_told_next_to_its_field(site: Site) -> None:
    with client(site, "dif", "caseworker") as dif:
        html = dif.get("/casos", params={"estado": "perdido"}).text
    assert "Elija un estado de la lista." in html
    assert "error-summary" in html


def test_the_inbox_and_caseload_fit_a_phone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    police_refers_and_hands_off_to_dif(site)
    page = signed_in("dif", "supervisor")
    page.set_viewport_size(PHONE)
    for path in ("/bandeja", "/casos"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        axe(page)


def test_changes_before_the_previous_sign_in_are_not_told_again(site: Site) -> None:
    police = site.hub.account(site.person("ssc", "caseworker")).actor
    with site.hub.acting_as(police):
        before = site.hub.open_case(adult_detected(site))
    until(lambda: site.parts.caseload.entry("ssc", before.case_id))  # type: ignore[union-attr]
    with client(site, "ssc", "supervisor") as visit:  # the previous visit
        assert before.folio in visit.get("/bandeja").text
    with site.hub.acting_as(police):
        after = site.hub.open_case(adult_detected(site))
    until(lambda: site.parts.caseload.entry("ssc", after.case_id))  # type: ignore[union-attr]
    with client(site, "ssc", "supervisor") as again:
        changes = again.get("/bandeja").text.split('id="cambios"', 1)[1]
    assert after.folio in changes
    assert before.folio not in changes


def test_an_unanswered_observation_of_the_commission_is_owed(site: Site) -> None:
    # Labour inspectors: an agency that owes little else on the shared site, so that the
    # observation (due in 15 business days) is among the most urgent lines shown.
    inspectors = site.hub.account(site.person("styps", "caseworker")).actor
    commission = site.hub.account(site.person("cdheqroo", "commission")).actor
    with site.hub.acting_as(inspectors):
        opened = site.hub.open_case(replace(adult_detected(site), in_custody=False))
    with site.hub.acting_as(commission):
        site.hub.issue_observation(
            opened.case_id, "styps", "Texto de la observación de prueba", kind="recommendation"
        )
    with client(site, "styps", "caseworker") as styps:
        html = styps.get("/bandeja").text
    owed = [line for line in html.split("<li") if opened.folio in line and "observation" in line]
    assert owed, "the observation is in the inbox"
    assert "Responder una observación de la comisión (recomendación)" in " ".join(
        owed.pop().split()
    )
    assert "Texto de la observación de prueba" not in html


def test_the_caseload_pages_on_from_a_folio_and_offers_the_first_page(site: Site) -> None:
    folio = police_refers_and_hands_off_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        first = dif.get("/casos").text
        later = dif.get("/casos", params={"despues": folio}).text
    assert f">{folio}</a>" in first
    assert f">{folio}</a>" not in later  # the page after the folio: older folios only
    assert "QR-2026-000002" in later
    assert "Primera página" in later
    assert "Primera página" not in first


def test_the_inbox_reads_in_english_on_the_switch(site: Site) -> None:
    police_refers_and_hands_off_to_dif(site)
    with client(site, "dif", "caseworker") as dif:
        dif.cookies.set("ruta_idioma", "en")
        html = dif.get("/bandeja").text
    assert "<h1>Inbox</h1>" in html
    assert "What changed since your last visit" in html
    assert "Answer a referral for" in html


def test_the_inbox_shows_the_hundred_most_urgent_and_says_how_many_there_are(site: Site) -> None:
    # SEDE (employment) is addressed by no other test: its inbox holds these referrals only.
    police = site.hub.account(site.person("ssc", "caseworker")).actor
    folios = []
    with site.hub.acting_as(police):
        for i in range(102):
            opened = site.hub.open_case(replace(adult_detected(site), in_custody=False))
            urgency = "urgent" if i == 101 else "normal"  # the last one, due first
            site.hub.issue_referral(
                opened.case_id, "sede", "employment", urgency, legal_basis="imminent_risk"
            )
            folios.append(opened.folio)

    def caught_up() -> bool:
        row = site.parts.caseload.entry("sede", opened.case_id)  # type: ignore[union-attr]
        return row is not None and row.pending_referrals == 1

    until(caught_up)
    with client(site, "sede", "caseworker") as sede:
        html = sede.get("/bandeja").text
    lines = html.split('<li class="owed')[1:]
    assert len(lines) == 100
    assert folios[101] in lines[0]  # the urgent one first
    assert "Se muestran las 100 más urgentes de 102." in html
