"""Systems built against an agency's former code keep working while the catalogue accepts it,
warned in every answer; the stored events name the agency by its code now."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tests.e2e.conftest import Api, detection
from tests.fakes import ManualClock


def opened_by_tourism(api: Api) -> str:
    created = api.post("/cases", "sedetur", detection(in_custody=False))
    assert created.status_code == 201, created.text
    case_id: str = created.json()["case_id"]
    return case_id


def test_a_referral_to_a_former_code_is_recorded_under_the_code_now_with_a_warning(
    api: Api,
) -> None:
    case_id = opened_by_tourism(api)
    sent = api.post(
        f"/cases/{case_id}/referrals",
        "sedetur",
        {"to_agency": "sesp", "service": "search", "legal_basis": "imminent_risk"},
    )
    assert sent.status_code == 201, sent.text
    assert "agency code 'sesp' is now 'ssc'" in sent.headers["warning"]
    assert sent.headers["warning"].startswith("299 ruta ")
    assert sent.headers["deprecation"] == "true"
    referral = api.hub.get_case(UUID(case_id)).referrals[0]
    assert referral.to_agency == "ssc"


def test_a_filter_by_a_former_code_reads_the_agency_now(api: Api) -> None:
    answer = api.get("/review/observations?agency=sedetus", "cdheqroo", "commission")
    assert answer.status_code == 200, answer.text
    assert "'sedetus' is now 'sedetur'" in answer.headers["warning"]


def test_an_answer_to_a_request_in_the_codes_of_now_carries_no_warning(api: Api) -> None:
    case_id = opened_by_tourism(api)
    answer = api.get(f"/cases/{case_id}", "sedetur")
    assert answer.status_code == 200
    assert "warning" not in answer.headers
    assert "deprecation" not in answer.headers


def test_after_the_deprecation_period_a_former_code_is_an_unknown_agency(
    api: Api, clock: ManualClock
) -> None:
    case_id = opened_by_tourism(api)
    clock.now = datetime(2027, 7, 1, 12, 0, tzinfo=UTC)  # the catalogue: until 2027-06-30
    refused = api.post(
        f"/cases/{case_id}/referrals",
        "sedetur",
        {"to_agency": "sesp", "service": "search", "legal_basis": "imminent_risk"},
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "unknown_agency"
    assert "warning" not in refused.headers
