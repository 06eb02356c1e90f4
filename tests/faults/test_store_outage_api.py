"""The API while its PostgreSQL is down: 503 problems that say when to retry, and back at once.

The API runs on a real uvicorn (``tests.served``) over a hub on the private cluster, which the
tests stop and start again. The client gives up after ``client.TIMEOUT`` seconds: an API that
holds a request while the store is down fails the test that way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.bootstrap import build_runtime
from adapters.bootstrap.parts import api_parts
from api.app import create_app
from tests.e2e.conftest import detection
from tests.faults.client import Answer, request
from tests.faults.cluster import PrivateCluster
from tests.faults.deployment import on_postgres
from tests.served import serving

pytestmark = pytest.mark.postgres

SPANISH_TITLE = "Almacén de eventos no disponible"


@dataclass(frozen=True)
class Served:
    port: int
    token: str

    def open_case(self, key: str) -> Answer:
        return request(
            self.port, "POST", "/cases", token=self.token, body=detection(),
            headers={"Idempotency-Key": key},
        )  # fmt: skip


@pytest.fixture
def api(cluster: PrivateCluster, schema: str, tmp_path: Path) -> Iterator[Served]:
    deployment = on_postgres(cluster.url(schema), tmp_path)
    token = deployment.token()
    runtime = build_runtime(deployment.settings())
    try:
        with serving(create_app(api_parts(runtime.hub))) as port:
            yield Served(port, token)
    finally:
        runtime.close()


def assert_store_unavailable(answer: Answer, title: str) -> None:
    assert answer.status == 503
    assert answer.content_type == "application/problem+json"
    assert int(answer.headers["retry-after"]) > 0
    problem = answer.json()
    assert problem["code"] == "store_unavailable"
    assert problem["title"] == title
    assert problem["status"] == 503
    for leak in (b"Traceback", b"psycopg", b"couldn't", b"127.0.0.1", b"Marisol"):
        assert leak not in answer.body


def test_a_command_while_the_store_is_down_is_a_503_problem_saying_when_to_retry(
    api: Served, cluster: PrivateCluster
) -> None:
    assert api.open_case("first").status == 201  # the pool has its connections
    cluster.stop()
    assert_store_unavailable(api.open_case("second"), SPANISH_TITLE)


def test_a_read_while_the_store_is_down_is_a_503_problem_in_the_reader_s_language(
    api: Served, cluster: PrivateCluster
) -> None:
    case_id = api.open_case("first").json()["case_id"]
    cluster.stop()
    answer = request(
        api.port, "GET", f"/cases/{case_id}", token=api.token,
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert_store_unavailable(answer, "Event store unavailable")


def test_the_first_command_after_the_store_returns_is_recorded(
    api: Served, cluster: PrivateCluster
) -> None:
    assert api.open_case("before").status == 201
    cluster.stop()
    assert api.open_case("during").status == 503  # the pool has met the outage
    cluster.start()
    answer = api.open_case("after")  # the same server and pool, no restart
    assert answer.status == 201, answer.body
    assert api.open_case("during").status == 201  # the refused one, retried with its key


def test_readiness_says_the_store_does_not_answer(api: Served, cluster: PrivateCluster) -> None:
    assert request(api.port, "GET", "/readyz").status == 200
    cluster.stop()
    assert_store_unavailable(request(api.port, "GET", "/readyz"), SPANISH_TITLE)
    cluster.start()
    assert request(api.port, "GET", "/readyz").status == 200
