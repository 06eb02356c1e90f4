"""ARCO requests over HTTP (LGPDPPSO arts. 37-50), as SEGOB's unit of transparency records them:
received, extended, answered, carried out; an access request's export; the retention schedule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer, ManualClock

OTHERS = [("ssc", "caseworker"), ("cdheqroo", "commission"), ("segob", "auditor")]


def opened(api: Api) -> dict[str, Any]:
    found: dict[str, Any] = api.post("/cases", "sedetur", detection(in_custody=False)).json()
    return found


def post(api: Api, path: str, body: Any = None, **headers: str) -> Any:
    return api.post(path, "segob", body, role="admin", **headers)


def get(api: Api, path: str) -> Any:
    return api.get(path, "segob", role="admin")


def receive(api: Api, case: str, kind: str = "cancellation", **headers: str) -> Any:
    body = {"case": case, "kind": kind, "requester": "holder", "identity_checked": True}
    body["received_at"] = api.hub.clock().isoformat()
    return post(api, "/arco-requests", body, **headers)


def test_a_cancellation_is_received_answered_and_carried_out_erasing_the_data(
    api: Api, clock: ManualClock
) -> None:
    """LGPDPPSO arts. 46 and 51: a granted cancellation is carried out by suppressing the data;
    Ruta destroys the case's key and keeps the history."""
    case = opened(api)
    created = receive(api, case["folio"])
    assert created.status_code == 201, created.text
    request_id = created.json()["request_id"]
    assert created.json()["position"] > 0
    shown = get(api, f"/arco-requests/{request_id}").json()
    assert (shown["status"], shown["folio"], shown["overdue"]) == ("received", case["folio"], False)
    assert shown["answer_due"] > shown["received_at"]
    assert shown["carry_out_due"] is None
    answer = post(api, f"/arco-requests/{request_id}/answer", {"decision": "granted"})
    assert answer.status_code == 200, answer.text
    granted = get(api, f"/arco-requests/{request_id}").json()
    assert granted["status"] == "granted"
    assert granted["carry_out_due"] is not None
    done = post(api, f"/arco-requests/{request_id}/carry-out")
    assert done.status_code == 200, done.text
    assert api.hub.get_case(api.hub.find_folio(case["folio"])).personal_data_erased
    [listed] = get(api, "/arco-requests").json()["items"]
    assert (listed["request_id"], listed["status"]) == (request_id, "carried_out")


def test_a_request_names_its_case_by_folio_or_id_and_an_unknown_case_is_404(api: Api) -> None:
    case = opened(api)
    assert receive(api, case["case_id"]).status_code == 201
    missing = receive(api, "QR-1999-999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "case_not_found"


def test_a_retried_request_is_recorded_once_with_its_first_answer(api: Api) -> None:
    case = opened(api)
    key = {"Idempotency_Key": "arco-1"}
    first, again = (receive(api, case["folio"], **key) for _ in range(2))
    assert first.status_code == again.status_code == 201
    assert first.json()["request_id"] == again.json()["request_id"]
    assert len(get(api, "/arco-requests").json()["items"]) == 1


def test_a_refusal_names_its_ground_and_a_request_past_its_term_is_overdue(
    api: Api, clock: ManualClock
) -> None:
    """LGPDPPSO arts. 51 and 55: the answer within 20 business days; a refusal cites one of the
    grounds of art. 49."""
    request_id = receive(api, opened(api)["folio"], kind="access").json()["request_id"]
    clock.advance(days=40)
    assert get(api, f"/arco-requests/{request_id}").json()["overdue"] is True
    bare = post(api, f"/arco-requests/{request_id}/answer", {"decision": "refused"})
    assert bare.status_code == 422
    assert bare.json()["code"] == "arco_ground_required"
    body = {"decision": "refused", "ground": "obstructs_proceedings"}
    assert post(api, f"/arco-requests/{request_id}/answer", body).status_code == 200
    shown = get(api, f"/arco-requests/{request_id}").json()
    assert (shown["status"], shown["ground"], shown["overdue"]) == (
        "refused",
        "obstructs_proceedings",
        False,
    )
    carry = post(api, f"/arco-requests/{request_id}/carry-out")
    assert carry.status_code == 409
    assert carry.json()["code"] == "arco_step_out_of_order"


def test_a_granted_access_request_exports_what_ruta_holds_and_the_reading_is_recorded(
    api: Api,
) -> None:
    """LGPDPPSO art. 44: the person may know the data held about them; Ruta records the reading
    as it records every reading of sealed data."""
    case = opened(api)
    request_id = receive(api, case["folio"], kind="access").json()["request_id"]
    early = get(api, f"/arco-requests/{request_id}/export")
    assert early.status_code == 409
    post(api, f"/arco-requests/{request_id}/answer", {"decision": "granted"})
    export = get(api, f"/arco-requests/{request_id}/export")
    assert export.status_code == 200, export.text
    found = export.json()
    assert found["erased"] is False
    assert found["personal_data"]["full_name"] == "Marisol Ejemplo Ficticia"
    assert found["events"][0]["type"] == "case_opened"
    [reading] = api.hub.access_log(case_id=api.hub.find_folio(case["folio"]))
    assert reading.purpose == "arco_access"


@pytest.mark.parametrize("caller", OTHERS, ids=[role for _, role in OTHERS])
def test_only_an_administrator_acts_on_arco_requests(api: Api, caller: tuple[str, str]) -> None:
    """The unit of transparency (SEGOB's administrators) alone: a caseworker, the commission
    and an auditor are refused every route, and nothing is recorded."""
    case = opened(api)
    request_id = receive(api, case["folio"], kind="access").json()["request_id"]
    post(api, f"/arco-requests/{request_id}/answer", {"decision": "granted"})
    body = {"case": case["folio"], "kind": "access", "requester": "holder"}
    body |= {"identity_checked": True, "received_at": api.hub.clock().isoformat()}
    api.token(*caller)  # opening its account is recorded: before counting
    before = api.head()
    writes = [
        ("/arco-requests", body),
        (f"/arco-requests/{request_id}/extend", {"reason": "volume"}),
        (f"/arco-requests/{request_id}/answer", {"decision": "granted"}),
        (f"/arco-requests/{request_id}/carry-out", None),
    ]
    for path, sent in writes:
        refused = api.post(path, caller[0], sent, role=caller[1])
        assert refused.status_code == 403, (path, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    reads = ["/arco-requests", f"/arco-requests/{request_id}"]
    for path in [*reads, f"/arco-requests/{request_id}/export", "/retention/due"]:
        assert api.get(path, caller[0], role=caller[1]).status_code == 403, path
    assert api.head() == before


@pytest.fixture
def kept(clock: ManualClock) -> Iterator[Api]:
    """The API of a deployment that keeps closed cases' data five years."""
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=clock)
    yield Api(TestClient(create_app(api_parts(hub, retention_years=5))), hub)
    hub.close()


def test_without_a_retention_period_the_schedule_says_it_is_not_set(api: Api) -> None:
    """No law fixes the years (LGPDPPSO art. 24): unset, there is no schedule to list."""
    answer = get(api, "/retention/due")
    assert answer.status_code == 422
    assert answer.json()["code"] == "retention_not_set"


def test_cases_closed_longer_than_the_period_are_listed_for_erasure(
    kept: Api, clock: ManualClock
) -> None:
    """LGPDPPSO art. 24: data kept no longer than its purposes need; the deployment's period."""
    case = opened(kept)
    closing = {"reason": "person_declined_services"}
    assert kept.post(f"/cases/{case['case_id']}/close", "sedetur", closing).status_code == 200
    assert get(kept, "/retention/due").json() == {"years": 5, "items": []}
    clock.advance(days=366 * 5)
    [due] = get(kept, "/retention/due").json()["items"]
    assert (due["case_id"], due["folio"]) == (case["case_id"], case["folio"])
