"""GET /cases/{id}/custody and ?as_of=: the chain, and the case as it stood at a past moment."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api, detection
from tests.fakes import ManualClock


def route_in_progress(api: Api, clock: ManualClock) -> dict[str, Any]:
    """Scenario 4: the prosecutor holds her, IQM declines, DIF accepts and receives her."""
    case_id = api.post("/cases", "fge", detection()).json()["case_id"]
    api.post(
        f"/cases/{case_id}/consents", "fge", {"agencies": ["iqm", "dif"], "purposes": ["shelter"]}
    )
    clock.advance(minutes=10)
    first = api.post(
        f"/cases/{case_id}/referrals",
        "fge",
        {"to_agency": "iqm", "service": "shelter", "urgency": "urgent"},
    ).json()
    clock.advance(minutes=30)
    api.post(
        f"/cases/{case_id}/referrals/{first['referral_id']}/decline",
        "iqm",
        {"reason": "no_capacity"},
    )
    before_dif = clock.advance(minutes=5).isoformat()
    clock.advance(minutes=1)
    second = api.post(
        f"/cases/{case_id}/referrals",
        "fge",
        {"to_agency": "dif", "service": "shelter", "urgency": "urgent"},
    ).json()
    clock.advance(minutes=20)
    api.post(f"/cases/{case_id}/referrals/{second['referral_id']}/accept", "dif")
    handoff = api.post(f"/cases/{case_id}/handoffs", "fge", {"to_agency": "dif"}).json()
    in_transit = clock.advance(minutes=10).isoformat()
    clock.advance(minutes=40)
    api.post(f"/cases/{case_id}/handoffs/{handoff['handoff_id']}/acknowledge", "dif")
    return {
        "case_id": case_id,
        "before_dif": before_dif,
        "in_transit": in_transit,
        "handoff_id": handoff["handoff_id"],
    }


def test_the_chain_of_custody_has_no_gap_when_dif_receives_her(
    api: Api, clock: ManualClock
) -> None:
    route = route_in_progress(api, clock)
    chain = api.get(f"/cases/{route['case_id']}/custody", "cdheqroo", role="commission").json()
    assert chain["current_custodian"] == "dif"
    assert [i["agency"] for i in chain["intervals"]] == ["fge", "dif"]
    assert chain["intervals"][0]["to"] == chain["intervals"][1]["from"]
    assert chain["intervals"][1]["began_handoff"] == route["handoff_id"]
    assert chain["intervals"][1]["acknowledged_by"] is not None
    assert chain["gaps"] == []
    assert chain["pending_handoffs"] == []


def test_custody_as_of_a_moment_in_transit_shows_the_pending_handoff(
    api: Api, clock: ManualClock
) -> None:
    route = route_in_progress(api, clock)
    path = f"/cases/{route['case_id']}/custody?as_of={route['in_transit']}"
    then = api.get(path.replace("+", "%2B"), "dif").json()
    assert then["current_custodian"] == "fge"
    (pending,) = then["pending_handoffs"]
    assert pending["to_agency"] == "dif"
    assert [g["kind"] for g in then["gaps"]] == ["handoff_pending"]


def test_the_case_as_of_a_past_moment_answers_from_the_events_then(
    api: Api, clock: ManualClock
) -> None:
    route = route_in_progress(api, clock)
    at = route["before_dif"].replace("+", "%2B")
    then = api.get(f"/cases/{route['case_id']}?as_of={at}", "cdheqroo", role="commission").json()
    now = api.get(f"/cases/{route['case_id']}", "cdheqroo", role="commission").json()
    assert [r["to_agency"] for r in then["referrals"]] == ["iqm"]
    assert then["referrals"][0]["decline_reason"] == "no_capacity"
    assert then["custody"]["custodian"] == "fge"
    assert then["as_of"] is not None
    assert [r["to_agency"] for r in now["referrals"]] == ["iqm", "dif"]
    assert now["custody"]["custodian"] == "dif"


def test_as_of_keeps_the_need_to_know_of_then(api: Api, clock: ManualClock) -> None:
    route = route_in_progress(api, clock)
    at = route["before_dif"].replace("+", "%2B")
    # DIF knows the case now, but had no part in it yet at that moment.
    assert api.get(f"/cases/{route['case_id']}?as_of={at}", "dif").status_code == 404
    # An agency that never took part learns nothing, at any moment.
    assert api.get(f"/cases/{route['case_id']}?as_of={at}", "ssc").status_code == 404
    assert api.get(f"/cases/{route['case_id']}/custody", "ssc").status_code == 404


def test_custody_is_not_shown_below_the_routes_level(api: Api, clock: ManualClock) -> None:
    route = route_in_progress(api, clock)
    refused = api.get(f"/cases/{route['case_id']}/custody", "iqm")  # declined: minimal level
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_shown"


def test_as_of_before_the_case_existed_or_not_rfc3339_is_refused(
    api: Api, clock: ManualClock
) -> None:
    route = route_in_progress(api, clock)
    early = api.get(f"/cases/{route['case_id']}?as_of=2020-01-01T00:00:00Z", "fge")
    assert early.status_code == 404
    for bad in ("ayer", "1795186200", "2026-11-20T10:00:00"):
        answer = api.get(f"/cases/{route['case_id']}?as_of={bad}", "fge")
        assert answer.status_code == 422, bad
        assert answer.json()["field"] == "as_of"
