"""Every form the case page offers passes axe-core and fits a phone, with and without errors."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.web.conftest import DESK, PHONE, Site, axe
from tests.web.test_case_work import actor, referred_to_dif


def offered_forms(page: Page, folio: str) -> list[str]:
    page.goto(f"/casos/{folio}")
    links = page.locator("#acciones a")
    return [str(links.nth(i).get_attribute("href")) for i in range(links.count())]


def test_every_action_form_passes_axe_and_fits_a_phone(
    site: Site, signed_in: Callable[[str, str], Page]
) -> None:
    # The police hold a Honduran woman: the international-protection screening is offered too.
    folio, case_id, referral_id = referred_to_dif(site, nationality="HN")
    with site.hub.acting_as(actor(site, "dif")):  # type: ignore[arg-type]
        site.hub.accept_referral(case_id, referral_id)
        site.hub.start_measure(case_id, "shelter", "dif", location="Albergue ficticio")
    seen: set[str] = set()
    for agency in ("ssc", "dif"):
        page = signed_in(agency, "caseworker")
        forms = offered_forms(page, folio)
        assert forms, f"{agency} is offered nothing"
        for width in (PHONE, DESK):
            page.set_viewport_size(width)
            for path in forms:
                page.goto(path)
                assert page.locator("main form").count() == 1
                assert page.evaluate("document.documentElement.scrollWidth") <= width["width"]
                axe(page)
                seen.add(path.rsplit("/", 1)[-1])
        page.set_viewport_size(PHONE)
        for path in forms:  # sent empty: the errors, where a field must be answered
            page.goto(path)
            if page.locator("main form input[type=radio]").count() == 0:
                continue
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            if page.locator(".error-summary").count():
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
                axe(page)
        page.close()
    assert {"canalizar", "consentimiento", "entregar", "riesgo", "terminar"} <= seen
    assert "proteccion-internacional" in seen
