"""Views of the past never disclose more than the caller may see now.

Scenario 1 in short: SEDETUR detects her and holds her; she consents to IQM, SESA and DIF; IQM
and SESA take her referrals and SESA gives medical care while SEDETUR still holds her. Then she
withdraws her consent to IQM, and SEDETUR hands her to DIF. A case read ``?as_of=`` a moment
before, its custody and timeline then, and the feed's events of then: each shows only what the
caller was entitled to then *and* is entitled to now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.conftest import Api, detection
from tests.fakes import ManualClock

NAME = "Marisol Ejemplo Ficticia"


@dataclass(frozen=True)
class Route:
    case_id: str
    before: str  # RFC 3339, while SEDETUR held her and IQM had her consent

    def path(self, tail: str = "") -> str:
        return f"/cases/{self.case_id}{tail}"

    def as_of(self, tail: str = "") -> str:
        return f"{self.path(tail)}?as_of={quote(self.before)}"


def ok(answer: Any) -> Any:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


@pytest.fixture
def route(api: Api, clock: ManualClock) -> Route:
    cid = ok(api.post("/cases", "sedetur", detection()))["case_id"]
    consent = {
        "agencies": ["iqm", "sesa", "dif"],
        "purposes": ["psychological", "medical", "shelter"],
        "informed_in": "es",
    }
    ok(api.post(f"/cases/{cid}/consents", "sedetur", consent))
    for to, service in (("iqm", "psychological"), ("sesa", "medical")):
        clock.advance(minutes=10)
        body = {"to_agency": to, "service": service}
        referral = ok(api.post(f"/cases/{cid}/referrals", "sedetur", body))["referral_id"]
        ok(api.post(f"/cases/{cid}/referrals/{referral}/accept", to))
    ok(api.post(f"/cases/{cid}/measures", "sesa", {"kind": "medical_care", "provider": "sesa"}))
    before = clock.advance(minutes=10).isoformat()
    clock.advance(minutes=10)
    ok(api.post(f"/cases/{cid}/consents/withdraw", "sedetur", {"agencies": ["iqm"]}))
    clock.advance(minutes=10)
    body = {"to_agency": "dif", "service": "shelter"}
    referral = ok(api.post(f"/cases/{cid}/referrals", "sedetur", body))["referral_id"]
    ok(api.post(f"/cases/{cid}/referrals/{referral}/accept", "dif"))
    handoff = ok(api.post(f"/cases/{cid}/handoffs", "sedetur", {"to_agency": "dif"}))
    ok(api.post(f"/cases/{cid}/handoffs/{handoff['handoff_id']}/acknowledge", "dif"))
    return Route(cid, before)


def test_personal_data_withdrawn_now_is_not_shown_as_it_stood_before(
    api: Api, route: Route
) -> None:
    then = ok(api.get(route.as_of(), "iqm", X_Ruta_Purpose="care"))
    assert "personal_data" not in then
    assert NAME not in str(then)
    assert "personal_data" not in ok(api.get(route.path(), "iqm", X_Ruta_Purpose="care"))


def test_a_past_view_still_shows_what_the_caller_may_see_both_then_and_now(
    api: Api, route: Route
) -> None:
    then = ok(api.get(route.as_of(), "sesa", X_Ruta_Purpose="care"))
    assert then["personal_data"]["full_name"] == NAME
    assert [r["to_agency"] for r in then["referrals"]] == ["iqm", "sesa"]


def test_a_past_view_is_at_the_lower_of_the_callers_levels_then_and_now(
    api: Api, route: Route
) -> None:
    # SEDETUR held her then (the route's metadata); having handed her on, it reads a receipt.
    then = ok(api.get(route.as_of(), "sedetur"))
    assert then["level"] == "receipt"
    assert "custody" not in then
    assert "measures" not in then


def test_custody_as_it_stood_is_refused_to_a_caller_below_the_routes_level_now(
    api: Api, route: Route
) -> None:
    refused = api.get(route.as_of("/custody"), "sedetur")
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_shown"
    assert ok(api.get(route.as_of("/custody"), "sesa"))["current_custodian"] == "sedetur"


def test_the_timeline_as_of_a_moment_holds_the_events_until_then_at_the_level_of_now(
    api: Api, route: Route
) -> None:
    now = ok(api.get(route.path("/timeline"), "sedetur"))["items"]
    then = ok(api.get(route.as_of("/timeline"), "sedetur"))["items"]
    assert then == [item for item in now if item["at"] <= route.before]
    assert [item["type"] for item in then][-1] == "in_care"  # SESA's care: a receipt
    assert "protection_measure_started" not in {item["type"] for item in then}
    commission = ok(api.get(route.as_of("/timeline"), "cdheqroo", role="commission"))["items"]
    assert commission[-1]["type"] == "protection_measure_started"


def test_the_timeline_as_of_before_the_case_existed_is_not_found(api: Api, route: Route) -> None:
    early = route.path("/timeline") + "?as_of=2020-01-01T00:00:00Z"
    assert api.get(early, "sedetur").status_code == 404


def test_the_feed_shows_past_events_at_the_level_the_caller_has_now(api: Api, route: Route) -> None:
    answer = api.client.get("/feed", params={"wait": 0}, headers=api.headers("sedetur"))
    types = [item["type"] for item in ok(answer)["items"]]
    assert "mx.ruta.in_care.v1" in types
    assert "mx.ruta.protection_measure_started.v1" not in types


@pytest.mark.parametrize("role", ["commission", "admin"])
def test_the_feed_gives_a_role_that_reads_no_case_none_of_its_agencys_events(
    api: Api, route: Route, role: str
) -> None:
    # DIF's caseworkers see DIF's events; an account of DIF with another role sees none.
    assert ok(api.client.get("/feed", params={"wait": 0}, headers=api.headers("dif")))["items"]
    headers = api.headers("dif", role)
    assert ok(api.client.get("/feed", params={"wait": 0}, headers=headers))["items"] == []
    assert api.get(route.path(), "dif", role=role).status_code == 404
