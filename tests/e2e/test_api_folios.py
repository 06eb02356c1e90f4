"""Every route under /cases/{case_id} takes the case's folio as well as its id."""

from __future__ import annotations

import time
import uuid
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

FLOOR = 0.3  # far above what loading a small case costs, as in test_api_case_not_found


def opened(api: Api, agency: str = "fge") -> dict[str, Any]:
    answer = api.post("/cases", agency, detection())
    assert answer.status_code == 201
    found: dict[str, Any] = answer.json()
    return found


def test_a_case_is_read_by_its_folio_as_by_its_id(api: Api) -> None:
    case = opened(api)
    by_id = api.get(f"/cases/{case['case_id']}", "fge").json()
    by_folio = api.get(f"/cases/{case['folio']}", "fge")
    assert by_folio.status_code == 200
    assert by_folio.json() == by_id
    assert by_id["folio"] == case["folio"]


@pytest.mark.parametrize("tail", ["/timeline", "/custody"])
def test_the_timeline_and_the_custody_chain_are_read_by_folio(api: Api, tail: str) -> None:
    case = opened(api)
    by_id = api.get(f"/cases/{case['case_id']}{tail}", "fge")
    by_folio = api.get(f"/cases/{case['folio']}{tail}", "fge")
    assert by_folio.status_code == 200
    assert by_folio.json() == by_id.json()


def test_a_command_on_a_folio_changes_the_case_it_names(api: Api, clock: ManualClock) -> None:
    case = opened(api)
    answer = api.post(f"/cases/{case['folio']}/risk-assessments", "fge", {"level": "high"})
    assert answer.status_code == 200, answer.json()
    consent = {"agencies": ["dif"], "purposes": ["shelter"]}
    assert api.post(f"/cases/{case['folio']}/consents", "fge", consent).status_code == 200
    referral = api.post(
        f"/cases/{case['folio']}/referrals",
        "fge",
        {"to_agency": "dif", "service": "shelter", "urgency": "urgent"},
    ).json()
    clock.advance(minutes=5)
    accepted = api.post(f"/cases/{case['folio']}/referrals/{referral['referral_id']}/accept", "dif")
    assert accepted.status_code == 200, accepted.json()
    shown = api.get(f"/cases/{case['case_id']}", "fge").json()
    assert shown["risk_level"] == "high"
    assert [r["status"] for r in shown["referrals"]] == ["accepted"]


@pytest.fixture
def slow_api(api: Api) -> Api:
    """The same hub and accounts, served by an app whose not-found floor is ``FLOOR``."""
    app = create_app(api_parts(api.hub), not_found_floor=FLOOR)
    return Api(TestClient(app), api.hub, api.tokens)


@pytest.mark.parametrize(("method", "tail"), [("get", ""), ("post", "/risk-assessments")])
def test_an_unknown_folio_is_refused_as_an_unknown_id_and_a_forbidden_case(
    slow_api: Api, method: str, tail: str
) -> None:
    case = opened(slow_api, "sedetur")
    answers = []
    for name in (case["folio"], "QR-2026-999999", case["case_id"], str(uuid.uuid4())):
        send = getattr(slow_api.client, method)
        kwargs: dict[str, Any] = {"json": {"level": "high"}} if method == "post" else {}
        headers = slow_api.headers("styps")  # labour inspectors: never involved
        started = time.monotonic()
        answer = send(f"/cases/{name}{tail}", headers=headers, **kwargs)
        assert time.monotonic() - started >= FLOOR
        assert answer.status_code == 404
        answers.append({k: v for k, v in answer.json().items() if k not in ("detail", "instance")})
    assert all(a == answers[0] for a in answers)
    assert answers[0]["code"] == "case_not_found"


@pytest.mark.parametrize("value", ["QR-26-19", "qr-2026-000019", "expediente-19", "12345"])
def test_a_value_that_is_neither_an_id_nor_a_folio_says_what_each_looks_like(
    api: Api, value: str
) -> None:
    answer = api.get(f"/cases/{value}", "fge")
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["field"] == "case_id"
    assert problem["errors"][0]["type"] == "case_reference"
    assert "UUID" in problem["errors"][0]["detail"]
    assert "QR-2026-000019" in problem["errors"][0]["detail"]
    assert "folio" in problem["errors"][0]["detail"]
    english = api.get(f"/cases/{value}", "fge", accept_language="en").json()
    assert english["errors"][0]["detail"].startswith("a case's id (a UUID) or its folio")


def test_a_caller_without_a_token_learns_nothing_of_a_folio(api: Api) -> None:
    case = opened(api)
    for name in (case["folio"], "QR-2026-999999"):
        answer = api.client.get(f"/cases/{name}")
        assert answer.status_code == 401


# --- What names cases names their folios --------------------------------------------------------


@pytest.fixture
def live(tmp_path: Path, clock: ManualClock) -> Iterator[Api]:
    """The API with the review and custody views kept by runners on a SQLite store."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "r.db")}
    hub = Hub(env, sealer=FakeSealer(), clock=clock)
    with start_views(env, tmp_path, catalogue=hub.catalogue) as views:
        parts = api_parts(hub, custody=views.custody, review=views.review, wait_timeout=5.0)
        yield Api(TestClient(create_app(parts)), hub)
    hub.close()


def test_each_finding_names_its_cases_folio(live: Api, clock: ManualClock) -> None:
    minor = detection(age_group="child", estimated_age=14, detected_at=clock.now.isoformat())
    answer = live.post("/cases", "inm", minor)
    position = answer.json()["position"]
    clock.advance(hours=2)
    query = f"rule=child_not_notified_to_ppnna&min_position={position}"
    found = live.get(f"/review/findings?{query}", "cdheqroo", role="commission").json()
    assert [(f["case_id"], f["folio"]) for f in found["items"]] == [
        (answer.json()["case_id"], answer.json()["folio"])
    ]


def test_the_custody_chain_names_the_folio_from_the_view_and_as_of(
    live: Api, clock: ManualClock
) -> None:
    case = opened(live)
    clock.advance(minutes=5)
    path = f"/cases/{case['folio']}/custody"
    now = live.get(f"{path}?min_position={case['position']}", "cdheqroo", role="commission")
    assert now.json()["folio"] == case["folio"]
    headers = live.headers("cdheqroo", "commission")
    then = live.client.get(path, params={"as_of": clock.now.isoformat()}, headers=headers)
    assert then.status_code == 200, then.json()
    assert then.json()["folio"] == case["folio"]


def test_each_feed_event_names_its_cases_folio(api: Api) -> None:
    first, second = opened(api, "fge"), opened(api, "fge")
    answer = api.client.get("/feed", params={"after": 0, "wait": 0}, headers=api.headers("fge"))
    items = answer.json()["items"]
    assert {(i["data"]["case_id"], i["data"]["folio"]) for i in items} == {
        (first["case_id"], first["folio"]),
        (second["case_id"], second["folio"]),
    }


def test_each_entry_of_the_access_log_names_its_cases_folio(api: Api) -> None:
    case = opened(api)
    read = api.get(f"/cases/{case['folio']}", "fge", X_Ruta_Purpose="investigation")
    assert read.status_code == 200
    log = api.get("/audit/access", "segob", role="auditor").json()["items"]
    assert [(e["case_id"], e["folio"]) for e in log] == [(case["case_id"], case["folio"])]


def test_the_access_log_of_one_case_is_asked_for_by_its_folio_or_its_id(api: Api) -> None:
    case, other = opened(api), opened(api)
    for read in (case, other):
        assert api.get(f"/cases/{read['folio']}", "fge", X_Ruta_Purpose="investigation").is_success
    for reference in (case["folio"], case["case_id"]):
        log = api.get(f"/audit/access?case_id={reference}", "segob", role="auditor").json()
        assert [e["folio"] for e in log["items"]] == [case["folio"]]
    unknown = api.get("/audit/access?case_id=QR-2026-999999", "segob", role="auditor")
    assert unknown.status_code == 404
    malformed = api.get("/audit/access?case_id=not-a-case", "segob", role="auditor")
    assert malformed.status_code == 422
    assert malformed.json()["field"] == "case_id"
