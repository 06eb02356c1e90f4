"""POST /cases/{case_id}/urgent-medical-care and the finding it cures, over HTTP.

NOM-046-SSA2-2005, 6.4.2: after sexual violence, antiretroviral prophylaxis (within 72 hours) and
emergency contraception (up to 120 hours) are offered at once; the person decides.
"""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.conftest import Api, detection
from tests.e2e.test_api_review import findings, live  # noqa: F401  (the fixture)
from tests.fakes import ManualClock

RULE = "rule=urgent_medical_care_not_offered"


def test_care_offered_late_and_declined_resolves_the_finding_the_commission_reads(
    live: Api,  # noqa: F811
    clock: ManualClock,
) -> None:
    """NOM-046-SSA2-2005, 6.4.2 and 6.4.2.3: offering is the duty, declining the person's right;
    past 72 hours with no offer, the lead (the tourism inspectors holding her) answers for it."""
    detected_at = (clock.now - timedelta(hours=1)).isoformat()
    opened = live.post("/cases", "sedetur", detection(detected_at=detected_at)).json()
    case_id = opened["case_id"]
    clock.advance(hours=80)
    (finding,) = findings(live, f"{RULE}&min_position={opened['position']}")["items"]
    assert (finding["case_id"], finding["agency"], finding["severity"]) == (
        case_id,
        "sedetur",
        "high",
    )
    assert finding["resolved_at"] is None

    offered = live.post(f"/cases/{case_id}/urgent-medical-care", "sedetur", {"answer": "declined"})
    assert offered.status_code == 200, offered.text
    position = offered.json()["position"]
    (resolved,) = findings(live, f"{RULE}&state=resolved&min_position={position}")["items"]
    assert resolved["resolved_at"] is not None
    assert findings(live, RULE)["items"] == []

    timeline = live.get(f"/cases/{case_id}/timeline", "sedetur").json()
    (entry,) = [e for e in timeline["items"] if e["type"] == "urgent_medical_care_offered"]
    assert set(entry["data"]) == {"answer", "offered_at"}  # no clinical detail
    assert entry["data"]["answer"] == "declined"


def test_an_answer_that_is_not_the_persons_is_refused_and_records_nothing(api: Api) -> None:
    """NOM-046-SSA2-2005, 6.4.2.3: the answer is the person's free decision, accepted or
    declined; anything else is refused before anything is recorded."""
    case_id = api.post("/cases", "sedetur", detection()).json()["case_id"]
    before = api.head()
    refused = api.post(f"/cases/{case_id}/urgent-medical-care", "sedetur", {"answer": "maybe"})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert api.head() == before
