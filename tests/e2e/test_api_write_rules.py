"""Who may write what in a case, over HTTP: every write route against every part in the case.

Each route is tried by a caseworker of every agency with a part in the case (``write_matrix``
builds the case and lists the routes), by uninvolved agencies, the commission, an auditor and
an administrator, each on a case of its own. A refused call records nothing and answers
``application/problem+json`` naming the error; an uninvolved agency gets the same 404 as for a
case that does not exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Api, detection
from tests.e2e.write_matrix import OWN_MEASURE, ROUTES, Write, build_case

# (agency, role) of each caller, named by its part in the case.
CALLERS = {
    "detected": ("sedetur", "caseworker"),  # detected her, then handed custody to DIF
    "detected_supervisor": ("sedetur", "supervisor"),
    "custodian": ("dif", "caseworker"),  # holds custody, so leads the case; also serves
    "serving": ("sesa", "caseworker"),  # an accepted referral
    "serving_unaware": ("seq", "caseworker"),  # the same, but need not know it is trafficking
    "pending": ("ceaveqroo", "caseworker"),  # a referral not yet answered
    "declined": ("oim", "caseworker"),
    "provider": ("inmaya", "caseworker"),  # a measure DIF recorded for it
    "uninvolved": ("styps", "caseworker"),
    "uninvolved_supervisor": ("fge", "supervisor"),  # named in her consent, nothing more
    "commission": ("cdheqroo", "commission"),
    "auditor": ("segob", "auditor"),
    "admin": ("segob", "admin"),
}
RECEIVING = ("ssc", "caseworker")  # the receiver of the handoff the handoff routes answer
LEGAL_REPRESENTATIVE = ("ppnna", "caseworker")  # in a child's case


def outcome(api: Api, write: Write, caller: tuple[str, str], *, child: bool = False) -> str:
    """The status of the call, with the error's code when refused: ``"403 not_the_lead"``."""
    case = build_case(api.hub, child=child)
    for step in write.setup:
        step(api.hub, case)
    agency, role = caller
    last_seen = (api.hub.clock() - timedelta(minutes=5)).isoformat()
    path = f"/cases/{case.case_id}/{write.path.format(**case.ids)}"
    own_measure = OWN_MEASURE.get(agency, "psychological_care")
    body = fill(write.body, agency=agency, last_seen=last_seen, own_measure=own_measure)
    api.token(agency, role)  # the account exists before we count what the call records
    before = api.head()
    response = api.post(path, agency, body, role=role)
    if response.status_code < 400:
        return str(response.status_code)
    assert api.head() == before, "a refused call recorded something"
    assert response.headers["content-type"].startswith("application/problem+json")
    return f"{response.status_code} {response.json()['code']}"


def fill(body: Any, **values: str) -> Any:
    if isinstance(body, str):
        return body.format(**values)
    if isinstance(body, list):
        return [fill(item, **values) for item in body]
    if isinstance(body, dict):
        return {name: fill(value, **values) for name, value in body.items()}
    return body


@pytest.mark.parametrize("route", ROUTES)
def test_in_an_adults_case_each_part_makes_only_the_writes_it_may(api: Api, route: str) -> None:
    write = ROUTES[route]
    callers = dict(CALLERS)
    if "receiving" in write.allowed:
        callers["receiving"] = RECEIVING
    expected = {caller: write.expected(caller) for caller in callers}
    assert {caller: outcome(api, write, who) for caller, who in callers.items()} == expected


@pytest.mark.parametrize("route", ROUTES)
def test_in_a_childs_case_ppnna_as_legal_representative_may_what_the_lead_may(
    api: Api, route: str
) -> None:
    write = ROUTES[route]
    got = outcome(api, write, LEGAL_REPRESENTATIVE, child=True)
    assert got == write.expected("legal_representative")


@pytest.mark.parametrize("route", ["record_consent", "withdraw_consent"])
def test_in_a_childs_case_the_lead_leaves_consent_to_ppnna(api: Api, route: str) -> None:
    got = outcome(api, ROUTES[route], CALLERS["custodian"], child=True)
    assert got == "403 not_the_legal_representative"


# Finding 2: a measure for another provider, and the recorder's own access.


def test_a_measure_naming_another_provider_without_consent_is_refused_and_iom_learns_nothing(
    api: Api,
) -> None:
    case_id = api.post("/cases", "sedetur", detection()).json()["case_id"]
    # She agreed the consulate may be told (Reglamento de la LRPCAP, art. 22), not to IOM's part.
    screening = {"comar_referral": "declined", "consular_notice": "accepted"}
    assert api.post(f"/cases/{case_id}/protection-screenings", "sedetur", screening).is_success
    body = {"kind": "consular_notification", "provider": "oim"}
    refused = api.post(f"/cases/{case_id}/measures", "sedetur", body)
    assert refused.status_code == 422
    assert refused.json()["code"] == "consent_not_covering"
    assert refused.json()["field"] == "legal_basis"
    assert api.get(f"/cases/{case_id}", "oim").status_code == 404


def test_a_measure_under_a_stated_legal_basis_is_recorded_after_its_override(api: Api) -> None:
    case_id = api.post("/cases", "sedetur", detection()).json()["case_id"]
    body = {"kind": "medical_care", "provider": "sesa", "legal_basis": "imminent_risk"}
    assert api.post(f"/cases/{case_id}/measures", "sedetur", body).status_code == 201
    timeline = api.get(f"/cases/{case_id}/timeline", "cdheqroo", role="commission").json()
    *_, override, started = timeline["items"]
    assert (override["type"], started["type"]) == (
        "consent_overridden",
        "protection_measure_started",
    )
    assert override["data"]["legal_basis"] == "imminent_risk"
    assert override["data"]["to_agency"] == "sesa"


def test_recording_a_measure_leaves_the_tourism_inspectors_at_their_receipt(api: Api) -> None:
    case_id = api.post("/cases", "sedetur", detection(in_custody=False)).json()["case_id"]
    consent = {"agencies": ["dif"], "purposes": ["shelter"]}
    assert api.post(f"/cases/{case_id}/consents", "sedetur", consent).status_code == 200
    shelter = {"kind": "shelter", "provider": "dif"}
    assert api.post(f"/cases/{case_id}/measures", "sedetur", shelter).status_code == 201
    seen = api.get(f"/cases/{case_id}", "sedetur").json()
    assert seen["level"] == "receipt"
    assert "measures" not in seen
