"""GET /cases: each agency's caseload from the view, read-your-writes with ?min_position=."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.view_runners import start_caseload
from adapters.bootstrap.views import open_kept_view
from adapters.master_key import create_master_key
from adapters.settings import Settings
from api.app import create_app
from domain.agencies import load_catalogue
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer, ManualClock


@pytest.fixture(params=["sqlite", "postgres"])
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """The API over a real store, with the caseload projection running in this process."""
    if request.param == "sqlite":
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "ruta.db"),
        }
    else:
        env = request.getfixturevalue("postgres_env")
    clock = ManualClock()
    hub = Hub(env, sealer=FakeSealer(), clock=clock)
    with start_caseload(env, tmp_path, catalogue=load_catalogue()) as runner:
        app = create_app(api_parts(hub, caseload=runner.view, wait_timeout=3.0))
        yield Api(TestClient(app), hub)
    hub.close()


def open_with_referral(api: Api) -> tuple[str, int]:
    case_id: str = api.post("/cases", "sedetur", detection()).json()["case_id"]
    api.post(
        f"/cases/{case_id}/consents", "sedetur", {"agencies": ["dif"], "purposes": ["shelter"]}
    )
    answer = api.post(
        f"/cases/{case_id}/referrals", "sedetur", {"to_agency": "dif", "service": "shelter"}
    ).json()
    return case_id, int(answer["position"])


def test_a_write_is_in_the_caseload_once_the_view_reaches_its_position(live: Api) -> None:
    case_id, position = open_with_referral(live)
    page = live.get(f"/cases?min_position={position}", "dif").json()
    assert page["position"] >= position
    (item,) = page["items"]
    assert item["case_id"] == case_id
    assert item["relations"] == ["referral_pending"]
    assert item["pending_referrals"] == 1
    assert item["next_due_at"] is not None


def test_an_uninvolved_agency_does_not_list_the_case(live: Api) -> None:
    _, position = open_with_referral(live)
    assert live.get(f"/cases?min_position={position}", "fge").json()["items"] == []


def test_the_commission_and_auditors_list_every_case(live: Api) -> None:
    first, _ = open_with_referral(live)
    second, position = open_with_referral(live)
    for agency, role in (("cdheqroo", "commission"), ("segob", "auditor")):
        items = live.get(f"/cases?min_position={position}", agency, role=role).json()["items"]
        assert {i["case_id"] for i in items} == {first, second}


def test_filters_by_status_relation_and_overdue(live: Api) -> None:
    case_id, position = open_with_referral(live)
    live.get(f"/cases?min_position={position}", "dif")
    assert live.get("/cases?status=closed", "sedetur").json()["items"] == []
    assert len(live.get("/cases?status=open", "sedetur").json()["items"]) == 1
    assert len(live.get("/cases?role=detected", "sedetur").json()["items"]) == 1
    assert live.get("/cases?role=serving", "sedetur").json()["items"] == []
    assert live.get("/cases?overdue=true", "dif").json()["items"] == []
    clock = live.hub.clock
    assert isinstance(clock, ManualClock)
    clock.advance(hours=25)
    (late,) = live.get("/cases?overdue=true", "dif").json()["items"]
    assert late["case_id"] == case_id
    assert late["overdue"] is True


def test_pages_follow_the_cursor(live: Api) -> None:
    opened = [open_with_referral(live) for _ in range(3)]
    position = opened[-1][1]
    first = live.get(f"/cases?limit=2&min_position={position}", "dif").json()
    assert len(first["items"]) == 2
    rest = live.get(f"/cases?limit=2&after={first['next']}", "dif").json()
    assert len(rest["items"]) == 1
    assert rest["next"] is None
    listed = [i["case_id"] for i in first["items"] + rest["items"]]
    assert sorted(listed) == sorted(c for c, _ in opened)


def test_a_position_the_view_cannot_reach_in_time_is_a_503(live: Api) -> None:
    answer = live.get("/cases?min_position=999999", "dif")
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.headers["retry-after"] == "1"


def test_readiness_reports_the_views_progress(live: Api) -> None:
    _, position = open_with_referral(live)
    live.get(f"/cases?min_position={position}", "dif")
    ready = live.client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["views"]["caseload"] >= position
    assert live.client.get("/healthz").json()["status"] == "ok"


@pytest.fixture(params=["sqlite", "postgres"])
def configured(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        return Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")})
    schema = request.getfixturevalue("pg_schema")
    key = tmp_path / "master.key"
    create_master_key(key)
    return Settings.from_env(
        {
            "RUTA_DATA_DIR": str(tmp_path / "var"),
            "RUTA_STORE": f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}",
            "RUTA_MASTER_KEY_FILE": str(key),
            "RUTA_CHECKPOINT_KEY_FILE": str(tmp_path / "checkpoint.key"),
        }
    )


def test_the_api_reads_the_view_a_worker_keeps_elsewhere(configured: Settings) -> None:
    """``ruta serve --projection elsewhere`` beside ``ruta project run caseload``."""
    runtime = build_runtime(configured)
    try:
        with start_caseload(
            store_env(configured), configured.data_dir, catalogue=load_catalogue()
        ):  # the worker
            view = open_kept_view(configured, "Caseload")
            try:
                api = Api(
                    TestClient(create_app(api_parts(runtime.hub, caseload=view))), runtime.hub
                )
                detected = detection(detected_at=datetime.now(UTC).isoformat(timespec="seconds"))
                opened = api.post("/cases", "sedetur", detected).json()
                page = api.get(f"/cases?min_position={opened['position']}", "sedetur").json()
                assert [i["case_id"] for i in page["items"]] == [opened["case_id"]]
            finally:
                view.close()
    finally:
        runtime.close()
