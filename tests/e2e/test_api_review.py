"""GET /review/findings over HTTP, with the views kept by runners on a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer, ManualClock


@pytest.fixture
def live(tmp_path: Path, clock: ManualClock) -> Iterator[Api]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "r.db")}
    hub = Hub(env, sealer=FakeSealer(), clock=clock)
    with start_views(env, tmp_path, catalogue=hub.catalogue) as views:
        parts = api_parts(
            hub,
            caseload=views.caseload,
            custody=views.custody,
            review=views.review,
            wait_timeout=5.0,
        )
        yield Api(TestClient(create_app(parts)), hub)
    hub.close()


def findings(api: Api, query: str = "", agency: str = "cdheqroo", role: str = "commission") -> Any:
    answer = api.get(f"/review/findings?{query}", agency, role=role)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_minor_notified_to_ppnna_nine_hours_late_is_a_finding_of_those_hours(
    live: Api, clock: ManualClock
) -> None:
    """Scenario 7, computed from the events alone."""
    minor = detection(
        age_group="child", estimated_age=14, nationality="SV", detected_at=clock.now.isoformat()
    )
    case_id = live.post("/cases", "inm", minor).json()["case_id"]
    clock.advance(hours=9)
    late = live.post(
        f"/cases/{case_id}/referrals",
        "inm",
        {"to_agency": "ppnna", "service": "child_protection", "urgency": "urgent"},
    )
    position = late.json()["position"]
    resolved = findings(
        live, f"rule=child_not_notified_to_ppnna&state=resolved&min_position={position}"
    )
    (finding,) = resolved["items"]
    assert finding["case_id"] == case_id
    assert finding["agency"] == "inm"
    assert finding["severity"] == "high"
    since, until = (finding[k] for k in ("since", "resolved_at"))
    assert until > since
    assert findings(live, "rule=child_not_notified_to_ppnna")["items"] == []  # none open now


def test_a_referral_left_alone_becomes_a_finding_with_no_other_event(
    live: Api, clock: ManualClock
) -> None:
    case_id = live.post("/cases", "sedetur", detection()).json()["case_id"]
    live.post(
        f"/cases/{case_id}/consents", "sedetur", {"agencies": ["dif"], "purposes": ["shelter"]}
    )
    issued = live.post(
        f"/cases/{case_id}/referrals", "sedetur", {"to_agency": "dif", "service": "shelter"}
    ).json()
    query = f"rule=referral_unanswered&min_position={issued['position']}"
    assert findings(live, query)["items"] == []
    clock.advance(hours=25)  # nothing is recorded meanwhile but the tokens' use of the hour
    before = live.head()
    (late,) = findings(live, query)["items"]
    assert (late["agency"], late["subject_id"]) == ("dif", issued["referral_id"])
    assert live.head() == before


def test_a_supervisor_reads_its_own_agencys_findings_only(live: Api, clock: ManualClock) -> None:
    case_id = live.post("/cases", "sedetur", detection()).json()["case_id"]
    live.post(
        f"/cases/{case_id}/consents", "sedetur", {"agencies": ["dif"], "purposes": ["shelter"]}
    )
    issued = live.post(
        f"/cases/{case_id}/referrals", "sedetur", {"to_agency": "dif", "service": "shelter"}
    ).json()
    clock.advance(hours=25)
    at = f"min_position={issued['position']}"
    own = findings(live, at, agency="dif", role="supervisor")["items"]
    assert {f["agency"] for f in own} == {"dif"}
    # Its own only: here the notice to the prosecutor it owes (CNPP art. 222), never DIF's.
    theirs = findings(live, at, agency="sedetur", role="supervisor")["items"]
    assert {f["agency"] for f in theirs} == {"sedetur"}
    other = live.get("/review/findings?agency=dif", "sedetur", role="supervisor")
    assert other.status_code == 403
    for agency, role in (("dif", "caseworker"), ("segob", "admin")):
        refused = live.get("/review/findings", agency, role=role)
        assert refused.status_code == 403
        assert refused.json()["code"] == "role_required"
    assert findings(live, at, agency="segob", role="auditor")["items"]


def test_findings_are_filtered_by_rule_severity_state_and_period(
    live: Api, clock: ManualClock
) -> None:
    case_id = live.post("/cases", "sedetur", detection()).json()["case_id"]
    live.post(
        f"/cases/{case_id}/consents", "sedetur", {"agencies": ["dif"], "purposes": ["shelter"]}
    )
    urgent = live.post(
        f"/cases/{case_id}/referrals",
        "sedetur",
        {"to_agency": "dif", "service": "shelter", "urgency": "urgent"},
    ).json()
    clock.advance(hours=3)
    at = f"min_position={urgent['position']}"
    assert [f["severity"] for f in findings(live, f"{at}&rule=referral_unanswered")["items"]] == [
        "high"
    ]
    assert findings(live, f"{at}&severity=low&rule=referral_unanswered")["items"] == []
    assert findings(live, f"{at}&state=resolved")["items"] == []
    assert findings(live, f"{at}&to=2020-01-01T00:00:00Z")["items"] == []
    bad = live.get("/review/findings?rule=nonsense", "cdheqroo", role="commission")
    assert bad.status_code == 422


def test_custody_now_is_read_from_the_custody_view(live: Api, clock: ManualClock) -> None:
    case_id = live.post("/cases", "sedetur", detection()).json()["case_id"]
    live.post(
        f"/cases/{case_id}/consents", "sedetur", {"agencies": ["dif"], "purposes": ["shelter"]}
    )
    handoff = live.post(f"/cases/{case_id}/handoffs", "sedetur", {"to_agency": "dif"}).json()
    chain = live.get(f"/cases/{case_id}/custody?min_position={handoff['position']}", "sedetur")
    assert chain.status_code == 200
    assert [p["to_agency"] for p in chain.json()["pending_handoffs"]] == ["dif"]
    ready = live.client.get("/readyz").json()
    assert set(ready["views"]) == {"caseload", "custody", "review"}


def test_an_arco_request_left_unanswered_is_a_finding_against_segob_until_answered(
    live: Api, clock: ManualClock
) -> None:
    """LGPDPPSO art. 45: the answer within 20 business days; SEGOB's unit of transparency
    answers for Ruta, and the commission sees the finding on the request's case."""
    case_id = live.post("/cases", "sedetur", detection()).json()["case_id"]
    body = {"case": case_id, "kind": "access", "requester": "holder", "identity_checked": True}
    body["received_at"] = clock.now.isoformat()
    request_id = live.post("/arco-requests", "segob", body, role="admin").json()["request_id"]
    clock.advance(days=40)
    position = live.post(f"/arco-requests/{request_id}/extend", "segob", {"reason": "volume"},
                         role="admin").json()["position"]  # fmt: skip
    (late,) = findings(live, f"rule=arco_overdue&min_position={position}")["items"]
    assert (late["case_id"], late["agency"], late["severity"]) == (case_id, "segob", "high")
    answered = live.post(
        f"/arco-requests/{request_id}/answer", "segob", {"decision": "granted"}, role="admin"
    )
    position = answered.json()["position"]
    assert findings(live, f"rule=arco_overdue&min_position={position}")["items"] == []
    (cured,) = findings(live, "rule=arco_overdue&state=resolved")["items"]
    assert cured["resolved_at"] is not None
