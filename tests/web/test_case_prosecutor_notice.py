"""The notice to the prosecutor on the case page: ``/casos/<folio>/vista``.

Source: CNPP art. 222 (a public servant who learns of the crime reports it to the Ministerio
Público "inmediatamente"), apart from the person's own complaint decision.
"""

from __future__ import annotations

from tests.web.commission_support import client
from tests.web.conftest import Site
from tests.web.test_case_measures import sheltering
from tests.web.test_case_work import form_fields


def test_dif_gives_notice_to_fge_once_and_the_timeline_says_so(site: Site) -> None:
    """CNPP art. 222: DIF, attending her, records the vista; FGE is then no longer offered."""
    folio, case_id = sheltering(site)
    with client(site, "dif", "caseworker") as dif:
        page = dif.get(f"/casos/{folio}")
        assert f"/casos/{folio}/vista" in page.text
        form = dif.get(f"/casos/{folio}/vista")
        assert "CNPP art. 222" in form.text
        empty = dif.post(f"/casos/{folio}/vista", data=form_fields(form))
        assert "Elija la fiscalía de la lista." in empty.text
        assert site.hub.get_case(case_id).prosecutor_notices == []
        given = dif.post(
            f"/casos/{folio}/vista",
            data={**form_fields(form), "prosecutor": "fge", "reference": "Oficio ficticio 7"},
        )
        shown = dif.get(given.headers["location"])
        assert "Vista al Ministerio Público registrada: FGE." in shown.text
        again = dif.get(f"/casos/{folio}/vista")
        assert 'value="fge"' not in again.text
        assert 'value="fgr"' in again.text
        timeline = dif.get(f"/casos/{folio}")
    (notice,) = site.hub.get_case(case_id).prosecutor_notices
    assert (notice.prosecutor, notice.by) == ("fge", "dif")
    assert "Vista al Ministerio Público (CNPP art. 222) dada a FGE" in timeline.text
    assert "Oficio ficticio 7" not in timeline.text
