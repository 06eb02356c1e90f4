"""The children's route and the return gate over HTTP: PPNNA's restitution plan, best interest,
notices of an urgent measure and the child heard; an adult's request to return (issue 14)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api, detection


def child_notified(api: Api) -> str:
    """A boy of 15 found by the police, notified to PPNNA, which accepted and represents him."""
    body = detection(age_group="child", estimated_age=15, sex="male", nationality="GT")
    case_id: str = api.post("/cases", "ssc", body).json()["case_id"]
    notice = {"to_agency": "ppnna", "service": "child_protection", "urgency": "urgent"}
    referral = api.post(f"/cases/{case_id}/referrals", "ssc", notice).json()["referral_id"]
    assert api.post(f"/cases/{case_id}/referrals/{referral}/accept", "ppnna").status_code == 200
    basis = {"legal_basis": "child_protection"}
    assert api.post(f"/cases/{case_id}/consents", "ppnna", basis).status_code == 200
    return case_id


def types(api: Api, case_id: str) -> list[str]:
    items: list[dict[str, Any]] = api.get(
        f"/cases/{case_id}/timeline", "cdheqroo", role="commission"
    ).json()["items"]
    return [item["type"] for item in items]


def test_ppnna_records_the_plan_the_best_interest_the_notices_and_the_child_heard(
    api: Api,
) -> None:
    """LGDNNA arts. 71-72 (heard), 97 (best interest), 122 fr. VII (notices), 123 (plan)."""
    case_id = child_notified(api)
    urgent = {"kind": "urgent_protection_measure", "provider": "ppnna"}
    measure = api.post(f"/cases/{case_id}/measures", "ppnna", urgent).json()["measure_id"]
    for path, body in (
        (f"measures/{measure}/notices", {"recipient": "prosecutor"}),
        (f"measures/{measure}/notices", {"recipient": "judge"}),
        ("child-heard", {"interpreter": True}),
        ("restitution-plan", None),
        ("best-interest-determinations", {"outcome": "stay_in_mexico"}),
        ("restitution-plan/update", None),
        ("restitution-plan/conclude", None),
    ):
        answer = api.post(f"/cases/{case_id}/{path}", "ppnna", body)
        assert answer.status_code == 200, (path, answer.json())
    assert types(api, case_id)[-7:] == [
        "urgent_measure_notified",
        "urgent_measure_notified",
        "child_heard",
        "restitution_plan_drawn_up",
        "best_interest_determined",
        "restitution_plan_updated",
        "restitution_plan_concluded",
    ]


def test_the_police_may_not_determine_a_childs_best_interest(api: Api) -> None:
    """LGDNNA arts. 97 and 123 fr. IV: the determination is the Procuraduría de Protección's."""
    case_id = child_notified(api)
    body = {"outcome": "return_to_country_of_origin"}
    refused = api.post(f"/cases/{case_id}/best-interest-determinations", "ssc", body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_the_child_protection_authority"


def test_an_adults_return_is_refused_in_the_reflection_period_until_she_asks(api: Api) -> None:
    """DESIGN.md: at least 30 days of recovery and reflection before any return, unless the
    person asks to return (their decision, recorded)."""
    case_id = api.post("/cases", "sedetur", detection()).json()["case_id"]
    consent = {"agencies": ["oim"], "purposes": ["assisted_return"], "informed_in": "es"}
    assert api.post(f"/cases/{case_id}/consents", "sedetur", consent).status_code == 200
    risk = {"level": "low"}
    assert api.post(f"/cases/{case_id}/risk-assessments", "sedetur", risk).status_code == 200
    going_home = {"to_agency": "oim", "service": "assisted_return"}
    refused = api.post(f"/cases/{case_id}/referrals", "sedetur", going_home)
    assert (refused.status_code, refused.json()["code"]) == (422, "reflection_period_running")
    assert api.post(f"/cases/{case_id}/return-requests", "sedetur").status_code == 200
    screened = {"comar_referral": "declined"}  # a foreign national (LRPCAP art. 6)
    assert (
        api.post(f"/cases/{case_id}/protection-screenings", "sedetur", screened).status_code == 200
    )
    assert api.post(f"/cases/{case_id}/referrals", "sedetur", going_home).status_code == 201
