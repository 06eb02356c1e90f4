"""``POST /cases/{case_id}/prosecutor-notices``: the notice to the prosecutor over HTTP.

Source: CNPP art. 222 (a public servant who learns of a probable crime reports it to the
Ministerio Público at once); the notice is apart from the person's complaint decision.
"""

from __future__ import annotations

from tests.e2e.conftest import Api, detection


def test_the_notice_is_recorded_once_per_prosecutor_and_the_case_shows_it(api: Api) -> None:
    """CNPP art. 222: the detecting inspectors give notice; a second one to FGE is refused."""
    cid = api.post("/cases", "sedetur", detection()).json()["case_id"]
    body = {"prosecutor": "fge", "reference": "Oficio ficticio SEDETUR/0001/2026"}
    given = api.post(f"/cases/{cid}/prosecutor-notices", "sedetur", body)
    assert given.status_code == 201
    assert given.json()["position"] > 0
    assert given.json()["prosecutor"] == "fge"
    again = api.post(f"/cases/{cid}/prosecutor-notices", "sedetur", {"prosecutor": "fge"})
    assert (again.status_code, again.json()["code"]) == (422, "prosecutor_already_notified")
    not_mp = api.post(f"/cases/{cid}/prosecutor-notices", "sedetur", {"prosecutor": "dif"})
    assert (not_mp.status_code, not_mp.json()["code"]) == (422, "not_a_prosecutor")
    shown = api.get(f"/cases/{cid}", "sedetur", X_Ruta_Purpose="case_management").json()
    (notice,) = shown["prosecutor_notices"]
    assert (notice["prosecutor"], notice["by"]) == ("fge", "sedetur")
    assert notice["reference"] == "Oficio ficticio SEDETUR/0001/2026"
    # Without a purpose the sealed reference is left out, the notice still shown.
    plain = api.get(f"/cases/{cid}", "sedetur").json()["prosecutor_notices"]
    assert [n["prosecutor"] for n in plain] == ["fge"]
    assert "reference" not in plain[0]
    # The commission sees that the notice was given, never its reference.
    seen = api.get(f"/cases/{cid}", "cdheqroo", role="commission").json()
    assert [n["prosecutor"] for n in seen["prosecutor_notices"]] == ["fge"]
    assert "reference" not in seen["prosecutor_notices"][0]


def test_an_agency_not_involved_is_told_the_case_was_not_found(api: Api) -> None:
    """CNPP art. 222 binds those who learned of the crime; others may not know the case."""
    cid = api.post("/cases", "sedetur", detection()).json()["case_id"]
    refused = api.post(f"/cases/{cid}/prosecutor-notices", "styps", {"prosecutor": "fge"})
    assert refused.status_code == 404
