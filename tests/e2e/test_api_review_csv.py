"""The commission's lists from the API as CSV (``Accept: text/csv``), in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from api.app import create_app
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer, ManualClock

CSV = "text/csv"


@pytest.fixture
def live(tmp_path: Path, clock: ManualClock) -> Iterator[Api]:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "r.db")}
    hub = Hub(env, sealer=FakeSealer(), clock=clock)
    with start_views(env, tmp_path, catalogue=hub.catalogue) as views:
        parts = api_parts(hub, review=views.review, wait_timeout=5.0)
        yield Api(TestClient(create_app(parts)), hub)
    hub.close()


def rows(answer: Any) -> list[list[str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


def a_child_not_notified(live: Api, clock: ManualClock) -> tuple[str, str, int]:
    minor = detection(age_group="child", estimated_age=14, detected_at=clock.now.isoformat())
    opened = live.post("/cases", "inm", minor).json()
    clock.advance(hours=3)
    issued = live.post(
        f"/cases/{opened['case_id']}/observations",
        "cdheqroo",
        {"concerning": "inm", "text": "Observación ficticia", "kind": "finding"},
        role="commission",
    ).json()
    return opened["case_id"], issued["observation_id"], issued["position"]


def test_findings_answer_csv_with_folio_and_spanish_labels_by_default(
    live: Api, clock: ManualClock
) -> None:
    case_id, _, position = a_child_not_notified(live, clock)
    folio = live.hub.get_case(UUID(case_id)).folio
    path = f"/review/findings?rule=child_not_notified_to_ppnna&min_position={position}"
    table = rows(live.get(path, "cdheqroo", role="commission", Accept=CSV))
    assert table[0][:3] == ["Folio", "Regla", "Qué significa"]
    (row,) = table[1:]
    assert row[0] == folio
    assert row[1].startswith("Niña, niño o adolescente no notificado")
    assert "Instituto Nacional de Migración" in row[4]
    assert row[6].endswith("-05:00")  # the deployment's zone
    english = rows(live.get(path, "cdheqroo", role="commission", Accept=CSV, Accept_Language="en"))
    assert english[0][:2] == ["Folio", "Rule"]
    assert english[1][1] == "Child not notified to PPNNA"
    json = live.get(path, "cdheqroo", role="commission").json()
    assert json["items"][0]["case_id"] == case_id  # JSON stays the default


def test_observations_are_listed_with_their_answer_and_lateness_as_json_and_csv(
    live: Api, clock: ManualClock
) -> None:
    case_id, observation_id, _ = a_child_not_notified(live, clock)
    listed = live.get("/review/observations", "cdheqroo", role="commission").json()
    (item,) = listed["items"]
    assert item["observation_id"] == observation_id
    assert item["answered_at"] is None
    assert item["late"] is False
    clock.advance(days=30)
    answered = live.post(
        f"/cases/{case_id}/observations/{observation_id}/answer", "inm", {"text": "Ficticia"}
    )
    assert answered.status_code == 200
    (late,) = live.get("/review/observations?state=late", "cdheqroo", role="commission").json()[
        "items"
    ]
    assert late["answered_at"] is not None
    assert late["late"] is True
    table = rows(live.get("/review/observations", "cdheqroo", role="commission", Accept=CSV))
    assert table[0][0] == "Folio"
    assert table[1][0] == live.hub.get_case(UUID(case_id)).folio
    assert table[1][6] == "Sí"
    own = live.get("/review/observations", "inm", role="supervisor").json()
    assert len(own["items"]) == 1
    assert live.get("/review/observations", "dif", role="supervisor").json()["items"] == []
    assert live.get("/review/observations?agency=inm", "dif", role="supervisor").status_code == 403
    refused = live.get("/review/observations", "inm", role="caseworker")
    assert refused.status_code == 403
    assert refused.json()["code"] == "role_required"


def test_statistics_answer_csv_with_withheld_cells_as_less_than_k_never_zero(
    live: Api, clock: ManualClock
) -> None:
    a_child_not_notified(live, clock)
    table = rows(live.get("/review/statistics", "cdheqroo", role="commission", Accept=CSV))
    assert table[0] == ["Tabla", "Categoría", "Casos", "Observaciones", "Mediana"]
    cases = [r[2] for r in table[1:] if r[2]]
    assert "menos de 11" in cases
    assert "0" not in cases
    refused = live.get("/review/statistics", "inm", role="caseworker", Accept=CSV)
    assert refused.status_code == 403


def test_the_openapi_document_lists_csv_for_each_list(live: Api) -> None:
    document = live.client.get("/openapi.json").json()
    for path in ("/review/findings", "/review/statistics", "/review/observations"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert "text/csv" in content
        assert "application/json" in content
