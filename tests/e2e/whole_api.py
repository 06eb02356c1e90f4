"""The whole API over one SQLite data dir, as ``ruta serve`` runs it: the hub, every view kept in
this process and the checkpoint signer; for the tests that walk every operation of the document.

Server errors come back as responses (500s included), never as exceptions in the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from adapters.checkpoints import Checkpointer, create_signer_key
from adapters.views import Views
from api.app import create_app
from domain.actor import Clock, system_clock
from domain.hub import Hub
from tests.e2e.conftest import Api, detection
from tests.fakes import FakeSealer

ORIGIN = "ruta.mx/pruebas"


@dataclass
class Whole:
    """A client of the whole API, and the views behind it."""

    api: Api
    views: Views

    def caught_up(self) -> int:
        position = int(self.api.hub.recorder.max_notification_id() or 0)
        self.views.wait(position, timeout=30.0)
        return position


@contextmanager
def whole_api(data_dir: Path, *, clock: Clock = system_clock) -> Iterator[Whole]:
    """The API on ``data_dir``; a wait for a view (``?min_position=``) gives up at once."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(data_dir / "ruta.db"),
        "SQLITE_LOCK_TIMEOUT": "10",
    }
    hub = Hub(env, sealer=FakeSealer(), clock=clock)
    try:
        with start_views(env, data_dir, catalogue=hub.catalogue) as views:
            key = create_signer_key(data_dir / "checkpoint.key", ORIGIN)
            parts = api_parts(
                hub,
                caseload=views.caseload,
                custody=views.custody,
                review=views.review,
                audit=views.audit,
                checkpointer=Checkpointer(views.audit, key, ORIGIN),
                wait_timeout=0.0,
                origin=ORIGIN,
            )
            client = TestClient(create_app(parts), raise_server_exceptions=False)
            with client:
                yield Whole(Api(client, hub), views)
    finally:
        hub.close()


def created(answer: Any, key: str) -> str:
    assert answer.status_code in (200, 201), answer.text
    return str(answer.json()[key])


def open_case(api: Api, when: str, *, detecting: str = "sedetur") -> dict[str, str]:
    """A fictitious adult, detected by ``detecting`` and referred to DIF, who accepts her; a
    handoff to DIF waits, DIF provides shelter, and the commission observes the detection.
    Every id the case's routes take, by the name of their path parameter."""
    case_id = created(api.post("/cases", detecting, detection(detected_at=when)), "case_id")
    case = f"/cases/{case_id}"
    consent = {"agencies": ["dif", "sesa"], "purposes": ["shelter", "medical"], "informed_in": "es"}
    created(api.post(f"{case}/consents", detecting, consent), "position")
    referral = {"to_agency": "dif", "service": "shelter"}
    referral_id = created(api.post(f"{case}/referrals", detecting, referral), "referral_id")
    created(api.post(f"{case}/referrals/{referral_id}/accept", "dif"), "position")
    handoff = {"to_agency": "dif", "place": "Oficina ficticia"}
    handoff_id = created(api.post(f"{case}/handoffs", detecting, handoff), "handoff_id")
    shelter = {"kind": "shelter", "provider": "dif", "location": "Albergue ficticio"}
    measure_id = created(api.post(f"{case}/measures", "dif", shelter), "measure_id")
    observation = {"concerning": detecting, "text": "Observación ficticia"}
    observed = api.post(f"{case}/observations", "cdheqroo", observation, role="commission")
    return {
        "case_id": case_id,
        "referral_id": referral_id,
        "handoff_id": handoff_id,
        "measure_id": measure_id,
        "observation_id": created(observed, "observation_id"),
    }
