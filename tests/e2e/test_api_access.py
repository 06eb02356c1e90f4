"""Need to know over HTTP: every route × role × relation to the case, each forbidden call refused.

One case, scenario 1 as it stands a few hours in: SEDETUR detected her and handed her to DIF,
DIF shelters her, Salud (SESA) gave medical care, IQM has a referral pending, the prosecutor is
not involved yet, and STYPS never was. Callers: each of those agencies' caseworkers and
supervisors, the commission, an auditor and an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.conftest import Api, detection

PURPOSE = {"X_Ruta_Purpose": "care"}
SECRETS = ("Marisol Ejemplo Ficticia", "2002-03-14", "Relato ficticio de prueba.")
LOCATION = "Centro de Asistencia Temporal ficticio"


@dataclass(frozen=True)
class Case:
    case_id: str
    referral_to_iqm: str
    measure_of_dif: str
    measure_of_sesa: str


@pytest.fixture
def case(api: Api) -> Case:
    opened = api.post("/cases", "sedetur", detection()).json()
    cid = opened["case_id"]
    consent = {
        "agencies": ["dif", "iqm", "sesa"],
        "purposes": ["shelter", "psychological", "medical"],
        "informed_in": "es",
    }
    assert api.post(f"/cases/{cid}/consents", "sedetur", consent).status_code == 200
    shelter = api.post(
        f"/cases/{cid}/referrals",
        "sedetur",
        {"to_agency": "dif", "service": "shelter", "urgency": "urgent", "note": "Nota ficticia"},
    ).json()
    medical = api.post(
        f"/cases/{cid}/referrals", "sedetur", {"to_agency": "sesa", "service": "medical"}
    ).json()
    care = api.post(
        f"/cases/{cid}/referrals", "sedetur", {"to_agency": "iqm", "service": "psychological"}
    ).json()
    handoff = api.post(f"/cases/{cid}/handoffs", "sedetur", {"to_agency": "dif"}).json()
    for path, agency in [
        (f"/cases/{cid}/referrals/{shelter['referral_id']}/accept", "dif"),
        (f"/cases/{cid}/handoffs/{handoff['handoff_id']}/acknowledge", "dif"),
        (f"/cases/{cid}/referrals/{medical['referral_id']}/accept", "sesa"),
    ]:
        assert api.post(path, agency).status_code == 200
    dif = api.post(
        f"/cases/{cid}/measures",
        "dif",
        {"kind": "shelter", "provider": "dif", "location": LOCATION},
    ).json()
    sesa = api.post(
        f"/cases/{cid}/measures", "sesa", {"kind": "medical_care", "provider": "sesa"}
    ).json()
    return Case(cid, care["referral_id"], dif["measure_id"], sesa["measure_id"])


# (agency, role) of every caller, named by its relation to the case.
CALLERS = {
    "detected": ("sedetur", "caseworker"),
    "detected_supervisor": ("sedetur", "supervisor"),
    "custodian_shelter": ("dif", "caseworker"),
    "provider": ("sesa", "caseworker"),
    "referred_to": ("iqm", "caseworker"),
    "uninvolved": ("styps", "caseworker"),
    "uninvolved_supervisor": ("fge", "supervisor"),
    "commission": ("cdheqroo", "commission"),
    "auditor": ("segob", "auditor"),
    "admin": ("segob", "admin"),
}
NOT_CASE_WORKERS = ("commission", "auditor", "admin")
UNINVOLVED = ("uninvolved", "uninvolved_supervisor")


def write_routes(case: Case) -> dict[str, tuple[str, dict[str, Any] | None]]:
    """Every write route on the case, with a body that is valid in itself."""
    c = f"/cases/{case.case_id}"
    r = f"{c}/referrals/{case.referral_to_iqm}"
    return {
        "issue_referral": (f"{c}/referrals", {"to_agency": "sesa", "service": "psychological"}),
        "accept_referral": (f"{r}/accept", None),
        "decline_referral": (f"{r}/decline", {"reason": "no_capacity"}),
        "withdraw_referral": (f"{r}/withdraw", {"reason": "no_longer_needed"}),
        "complete_referral": (f"{r}/complete", None),
        "initiate_handoff": (f"{c}/handoffs", {"to_agency": "iqm"}),
        "assume_custody": (f"{c}/custody/assume", None),
        "release_custody": (f"{c}/custody/release", {"reason": "voluntary_departure"}),
        "whereabouts_unknown": (
            f"{c}/whereabouts/unknown",
            {"last_seen_at": "2026-11-20T08:55:00-05:00"},
        ),
        "start_measure": (f"{c}/measures", {"kind": "psychological_care", "provider": "iqm"}),
        "end_measure": (f"{c}/measures/{case.measure_of_dif}/end", {"reason": "completed"}),
        "record_consent": (f"{c}/consents", {"agencies": ["oim"], "purposes": ["social_support"]}),
        "withdraw_consent": (f"{c}/consents/withdraw", {"agencies": ["iqm"]}),
        "complaint_decision": (f"{c}/complaint-decisions", {"decision": "deferred"}),
        "urgent_medical_care": (f"{c}/urgent-medical-care", {"answer": "accepted"}),
        "assess_age": (f"{c}/age-assessments", {"age_group": "adult", "method": "document"}),
        "assess_risk": (f"{c}/risk-assessments", {"level": "high"}),
        "amend_personal_data": (f"{c}/personal-data", {"personal_data": {"contact": "Ficticio"}}),
        "erase_personal_data": (f"{c}/personal-data/erase", {"reason": "arco_cancellation"}),
        "close": (f"{c}/close", {"reason": "reintegrated"}),
        "reopen": (f"{c}/reopen", {"reason": "new_information"}),
        "observe": (f"{c}/observations", {"concerning": "dif", "text": "Observación ficticia"}),
    }


ROUTE_NAMES = sorted(write_routes(Case("x", "y", "z", "w")))


def refused(api: Api, case: Case, route: str, caller: str) -> Any:
    path, body = write_routes(case)[route]
    agency, role = CALLERS[caller]
    api.token(agency, role)  # the account exists before we count what the call records
    before = api.head()
    response = api.post(path, agency, body, role=role)
    assert api.head() == before, "a refused call recorded something"
    assert response.headers["content-type"].startswith("application/problem+json")
    return response


@pytest.mark.parametrize("route", ROUTE_NAMES)
@pytest.mark.parametrize("caller", UNINVOLVED)
def test_an_uninvolved_agency_cannot_tell_the_case_exists_on_any_write_route(
    api: Api, case: Case, route: str, caller: str
) -> None:
    response = refused(api, case, route, caller)
    if route in ("erase_personal_data", "observe"):
        assert response.status_code == 403  # refused for its role before the case is looked at
    else:
        assert response.status_code == 404
        assert response.json()["code"] == "case_not_found"


# The one write route each of these roles has is shown allowed in the next test.
ROLE_ONLY = {("observe", "commission"), ("erase_personal_data", "admin")}


@pytest.mark.parametrize(
    ("route", "caller"),
    [(r, c) for r in ROUTE_NAMES for c in NOT_CASE_WORKERS if (r, c) not in ROLE_ONLY],
)
def test_the_commission_auditors_and_administrators_change_no_case(
    api: Api, case: Case, route: str, caller: str
) -> None:
    response = refused(api, case, route, caller)
    assert response.status_code == 403
    assert response.json()["code"] == "role_required"


def test_the_commission_observes_and_an_administrator_erases(api: Api, case: Case) -> None:
    path, body = write_routes(case)["observe"]
    assert api.post(path, "cdheqroo", body, role="commission").status_code == 201
    path, body = write_routes(case)["erase_personal_data"]
    assert api.post(path, "segob", body, role="admin").status_code == 200


@pytest.mark.parametrize(
    ("route", "caller", "code"),
    [
        ("accept_referral", "detected", "not_the_addressee"),
        ("accept_referral", "custodian_shelter", "not_the_addressee"),
        ("decline_referral", "provider", "not_the_addressee"),
        ("withdraw_referral", "referred_to", "not_the_sender"),
        ("withdraw_referral", "custodian_shelter", "not_the_sender"),
        ("initiate_handoff", "detected", "not_the_custodian"),
        ("initiate_handoff", "provider", "not_the_custodian"),
        ("release_custody", "provider", "not_the_custodian"),
        ("end_measure", "provider", "not_the_provider"),
        ("end_measure", "detected", "not_the_provider"),
        ("issue_referral", "referred_to", "not_attending_the_person"),
        ("assess_risk", "referred_to", "not_attending_the_person"),
        ("close", "referred_to", "not_the_lead"),
    ],
)
def test_an_involved_agency_is_refused_what_its_relation_does_not_allow(
    api: Api, case: Case, route: str, caller: str, code: str
) -> None:
    response = refused(api, case, route, caller)
    assert response.status_code == 403
    assert response.json()["code"] == code


def read(api: Api, case: Case, caller: str, **headers: str) -> Any:
    agency, role = CALLERS[caller]
    return api.get(f"/cases/{case.case_id}", agency, role=role, **headers)


@pytest.mark.parametrize("caller", UNINVOLVED)
@pytest.mark.parametrize("path", ["", "/timeline"])
def test_an_uninvolved_agency_reads_nothing(api: Api, case: Case, caller: str, path: str) -> None:
    agency, role = CALLERS[caller]
    response = api.get(f"/cases/{case.case_id}{path}", agency, role=role, **PURPOSE)
    assert response.status_code == 404
    unknown = api.get(f"/cases/00000000-0000-4000-8000-000000000000{path}", agency, role=role)
    assert response.json()["title"] == unknown.json()["title"]


@pytest.mark.parametrize("caller", ["admin"])
def test_an_administrator_reads_no_case(api: Api, case: Case, caller: str) -> None:
    assert read(api, case, caller, **PURPOSE).status_code == 404


@pytest.mark.parametrize(
    ("caller", "level"),
    [
        ("detected", "receipt"),
        ("detected_supervisor", "receipt"),
        ("custodian_shelter", "metadata"),
        ("provider", "metadata"),
        ("referred_to", "metadata"),
        ("commission", "full"),
        ("auditor", "full"),
    ],
)
def test_each_relation_sees_the_case_at_its_level(
    api: Api, case: Case, caller: str, level: str
) -> None:
    response = read(api, case, caller)
    assert response.status_code == 200
    assert response.json()["level"] == level


def test_the_detecting_agency_never_sees_the_shelter_location(api: Api, case: Case) -> None:
    body = read(api, case, "detected", **PURPOSE).json()
    assert "measures" not in body
    assert "custody" not in body
    assert LOCATION not in str(body)
    assert body["receipt"] == {"referred": True, "accepted": True, "in_care": True}
    assert body["personal_data"]["full_name"] == SECRETS[0]  # its own report


@pytest.mark.parametrize("caller", ["commission", "auditor"])
def test_the_commission_and_auditors_never_see_personal_data(
    api: Api, case: Case, caller: str
) -> None:
    body = read(api, case, caller, **PURPOSE).json()
    assert "personal_data" not in body
    assert body["sealed_fields"] == ["date_of_birth", "full_name", "narrative"]
    assert all(secret not in str(body) for secret in (*SECRETS, LOCATION, "Nota ficticia"))
    assert body["referrals"][0]["decline_reason"] is None  # the route is visible, in full


def test_the_shelter_sees_identity_and_its_location_not_the_narrative(api: Api, case: Case) -> None:
    body = read(api, case, "custodian_shelter", **PURPOSE).json()
    assert body["personal_data"]["full_name"] == SECRETS[0]
    assert "narrative" not in body["personal_data"]
    dif_measure = next(m for m in body["measures"] if m["measure_id"] == case.measure_of_dif)
    assert dif_measure["location"] == LOCATION


def test_a_service_provider_sees_what_its_service_needs(api: Api, case: Case) -> None:
    body = read(api, case, "provider", **PURPOSE).json()
    assert set(body["personal_data"]) == {"full_name", "date_of_birth"}
    assert all("location" not in m for m in body["measures"])


def test_without_a_purpose_no_sealed_value_is_shown_to_anyone(api: Api, case: Case) -> None:
    for caller in ("detected", "custodian_shelter", "provider", "referred_to"):
        body = read(api, case, caller).json()
        assert "personal_data" not in body
        assert all(secret not in str(body) for secret in (*SECRETS, LOCATION))


def test_every_read_of_personal_data_is_recorded_and_auditors_list_it(api: Api, case: Case) -> None:
    read(api, case, "custodian_shelter", **PURPOSE)
    read(api, case, "provider", X_Ruta_Purpose="care")
    log = api.get("/audit/access", "segob", role="auditor").json()["items"]
    assert [(e["agency"], e["purpose"]) for e in log] == [("dif", "care"), ("sesa", "care")]
    assert all(e["case_id"] == case.case_id for e in log)
    assert "personal_data.full_name" in log[0]["labels"]
    assert f"measure.location:{case.measure_of_dif}" in log[0]["labels"]
    for caller in ("custodian_shelter", "commission", "admin"):
        agency, role = CALLERS[caller]
        assert api.get("/audit/access", agency, role=role).status_code == 403


def test_the_timeline_never_holds_sealed_values(api: Api, case: Case) -> None:
    for caller in ("detected", "custodian_shelter", "commission", "auditor", "referred_to"):
        agency, role = CALLERS[caller]
        timeline = api.get(f"/cases/{case.case_id}/timeline", agency, role=role, **PURPOSE)
        assert timeline.status_code == 200
        assert all(s not in timeline.text for s in (*SECRETS, LOCATION, "Nota ficticia"))


def test_the_detecting_agency_reads_a_receipt_in_its_timeline(api: Api, case: Case) -> None:
    items = api.get(f"/cases/{case.case_id}/timeline", "sedetur").json()["items"]
    types = [i["type"] for i in items]
    assert "in_care" in types
    assert "protection_measure_started" not in types
    assert all(i["agency"] == "sedetur" or i["type"] != "protection_measure_started" for i in items)
