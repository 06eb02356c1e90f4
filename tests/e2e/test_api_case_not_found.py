"""A case the caller may not know exists answers as a case that does not exist: the same
problem, after the same time, on reads and on writes."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from api.app import create_app
from tests.e2e.conftest import Api, detection

FLOOR = 0.3  # far above what loading a small case costs, so the test cannot depend on speed


@pytest.fixture
def slow_api(api: Api) -> Api:
    """The same hub and accounts, served by an app whose not-found floor is ``FLOOR``."""
    app = create_app(api_parts(api.hub), not_found_floor=FLOOR)
    return Api(TestClient(app), api.hub, api.tokens)


def timed(send: Any) -> tuple[float, Any]:
    started = time.monotonic()
    answer = send()
    return time.monotonic() - started, answer


@pytest.mark.parametrize(
    ("method", "tail", "body"),
    [
        ("get", "", None),
        ("get", "/timeline", None),
        ("post", "/risk-assessments", {"level": "high"}),
    ],
)
def test_an_existing_case_and_a_random_id_take_the_same_floor_to_refuse(
    slow_api: Api, method: str, tail: str, body: Any
) -> None:
    existing = slow_api.post("/cases", "sedetur", detection()).json()["case_id"]
    answers = []
    for case_id in (existing, uuid.uuid4()):
        path = f"/cases/{case_id}{tail}"
        headers = slow_api.headers("styps")  # labour inspectors: never involved
        send = getattr(slow_api.client, method)
        kwargs = {"json": body} if body is not None else {}
        took, answer = timed(lambda: send(path, headers=headers, **kwargs))  # noqa: B023
        assert answer.status_code == 404
        assert took >= FLOOR
        problem = answer.json()
        answers.append({k: v for k, v in problem.items() if k not in ("detail", "instance")})
    assert answers[0] == answers[1]
