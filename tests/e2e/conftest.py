"""The HTTP API as agencies use it: a real app over a real hub, one account per agency and role.

``api`` gives a client and tokens on the in-memory store (fast); tests that need a real store
build their own with ``make_api``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from api.app import create_app
from domain.actor import Actor, Role
from domain.hub import Hub
from tests.fakes import FakeSealer, ManualClock

OPERATOR = Actor("ruta", "tests", frozenset({Role.ADMIN}))


@dataclass
class Api:
    """A client of the API and the tokens of the accounts it knows, by (agency, role)."""

    client: TestClient
    hub: Hub
    tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def token(self, agency: str, role: str = "caseworker") -> str:
        if (agency, role) not in self.tokens:
            with self.hub.acting_as(OPERATOR):
                issued = self.hub.open_account(agency, [role], label=f"{agency} {role}")
            self.tokens[(agency, role)] = issued.token
        return self.tokens[(agency, role)]

    def head(self) -> int:
        """The log's last position once this hour's use of every token is recorded: a token's
        use is recorded at most once an hour (``domain/accounts.py``), so what a call records
        after this is the call's own."""
        for token in self.tokens.values():
            self.hub.authenticate(token)
        return int(self.hub.recorder.max_notification_id() or 0)

    def headers(self, agency: str, role: str = "caseworker", **extra: str) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token(agency, role)}"}
        headers.update({k.replace("_", "-"): v for k, v in extra.items()})
        return headers

    def post(self, path: str, agency: str, body: Any = None, role: str = "caseworker",
             **headers: str) -> Any:  # fmt: skip
        return self.client.post(path, json=body, headers=self.headers(agency, role, **headers))

    def get(self, path: str, agency: str, role: str = "caseworker", **headers: str) -> Any:
        return self.client.get(path, headers=self.headers(agency, role, **headers))


def make_api(hub: Hub, caseload: Any | None = None) -> Api:
    return Api(TestClient(create_app(api_parts(hub, caseload=caseload))), hub)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def api(clock: ManualClock) -> Iterator[Api]:
    hub = Hub({"PERSISTENCE_MODULE": "eventsourcing.popo"}, sealer=FakeSealer(), clock=clock)
    yield make_api(hub)
    hub.close()


def detection(**changes: Any) -> dict[str, Any]:
    """Scenario 1's detection as an agency's system would send it (fictitious data)."""
    body: dict[str, Any] = {
        "detected_at": "2026-11-20T08:30:00-05:00",
        "municipality": "Benito Juárez",
        "indicators": ["document_retention", "restricted_movement"],
        "exploitation_forms": ["sexual"],
        "age_group": "adult",
        "estimated_age": 24,
        "sex": "female",
        "nationality": "HN",
        "languages": ["es"],
        "needs_interpreter": False,
        "in_custody": True,
        "personal_data": {
            "full_name": "Marisol Ejemplo Ficticia",
            "date_of_birth": "2002-03-14",
            "narrative": "Relato ficticio de prueba.",
        },
    }
    body.update(changes)
    return body
