"""Idempotency-Key: a retry gets the first answer and records nothing, even when retries race."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import Api, detection, make_api
from tests.fakes import FakeSealer, ManualClock


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Iterator[Api]:
    """Real concurrency needs a real store: an SQLite file."""
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "ruta.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    hub = Hub(env, sealer=FakeSealer(), clock=ManualClock())
    yield make_api(hub)
    hub.close()


def opened_with_consent(api: Api) -> str:
    case_id: str = api.post("/cases", "sedetur", detection()).json()["case_id"]
    consent = {"agencies": ["dif"], "purposes": ["shelter"]}
    assert api.post(f"/cases/{case_id}/consents", "sedetur", consent).status_code == 200
    return case_id


def test_a_retry_returns_the_first_answer_and_records_nothing(api: Api) -> None:
    case_id = opened_with_consent(api)
    body = {"to_agency": "dif", "service": "shelter", "urgency": "urgent"}
    first = api.post(f"/cases/{case_id}/referrals", "sedetur", body, Idempotency_Key="canal-1")
    before = api.head()
    again = api.post(f"/cases/{case_id}/referrals", "sedetur", body, Idempotency_Key="canal-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert api.head() == before
    assert len(api.hub.get_case(UUID(case_id)).referrals) == 1


def test_a_retried_detection_opens_one_case(api: Api) -> None:
    first = api.post("/cases", "sedetur", detection(), Idempotency_Key="alta-7")
    again = api.post("/cases", "sedetur", detection(), Idempotency_Key="alta-7")
    assert again.json() == first.json()
    assert str(api.hub.find_folio(first.json()["folio"])) == first.json()["case_id"]


def test_the_same_key_with_another_body_is_refused(api: Api) -> None:
    case_id = opened_with_consent(api)
    path = f"/cases/{case_id}/referrals"
    api.post(path, "sedetur", {"to_agency": "dif", "service": "shelter"}, Idempotency_Key="k")
    before = api.head()
    other = api.post(
        path, "sedetur", {"to_agency": "dif", "service": "medical"}, Idempotency_Key="k"
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert api.head() == before


def test_keys_are_per_account(api: Api) -> None:
    case_id = opened_with_consent(api)
    referral = api.post(
        f"/cases/{case_id}/referrals",
        "sedetur",
        {"to_agency": "dif", "service": "shelter"},
        Idempotency_Key="same",
    )
    accepted = api.post(
        f"/cases/{case_id}/referrals/{referral.json()['referral_id']}/accept",
        "dif",
        Idempotency_Key="same",
    )
    assert accepted.status_code == 200
    assert api.hub.get_case(UUID(case_id)).referrals[0].status == "accepted"


def test_a_refused_command_is_not_remembered_under_its_key(api: Api) -> None:
    case_id = opened_with_consent(api)
    path = f"/cases/{case_id}/referrals"
    refused = api.post(
        path, "sedetur", {"to_agency": "fge", "service": "investigation"}, Idempotency_Key="k2"
    )
    assert refused.status_code == 422
    allowed = api.post(
        path,
        "sedetur",
        {"to_agency": "fge", "service": "investigation", "legal_basis": "imminent_risk"},
        Idempotency_Key="k3",
    )
    assert allowed.status_code == 201


@pytest.mark.parametrize("route", ["referral", "detection", "accept"])
def test_racing_retries_commit_once_and_all_get_the_first_answer(
    sqlite_api: Api, route: str
) -> None:
    api = sqlite_api
    case_id = opened_with_consent(api)
    referral = api.post(
        f"/cases/{case_id}/referrals", "sedetur", {"to_agency": "dif", "service": "shelter"}
    ).json()
    path, body, agency = {
        "referral": (
            f"/cases/{case_id}/referrals",
            {"to_agency": "dif", "service": "medical", "legal_basis": "imminent_risk"},
            "sedetur",
        ),
        "detection": ("/cases", detection(), "sedetur"),
        "accept": (f"/cases/{case_id}/referrals/{referral['referral_id']}/accept", None, "dif"),
    }[route]
    headers = api.headers(agency, Idempotency_Key=f"carrera-{route}")
    before = api.head() or 0
    app = create_app(api_parts(api.hub))

    def send(_: int) -> Any:
        with TestClient(app) as client:
            return client.post(path, json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(8)))
    assert {a.status_code for a in answers} == ({200} if route == "accept" else {201})
    assert len({a.text for a in answers}) == 1
    written = api.hub.recorder.select_notifications(
        start=before, limit=100, inclusive_of_start=False
    )
    topics = [n.topic.partition(":")[2] for n in written]
    assert topics.count("CommandRecorded") == 1
    assert len(written) == {"referral": 3, "detection": 3, "accept": 2}[route]
