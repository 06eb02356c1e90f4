"""A case whose data key is missing, not erased, is a server-side error over HTTP, never a 200
with the personal data silently left out; an erased case still reads as erased."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from adapters.bootstrap import Runtime, build_runtime
from adapters.settings import Settings
from domain.errors import PersonalDataUnavailable
from tests.builders import ADMIN
from tests.e2e.conftest import Api, detection, make_api

NAME = "Marisol Ejemplo Ficticia"
PURPOSE = {"X_Ruta_Purpose": "care"}


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    runtime = build_runtime(Settings.from_env({"RUTA_DATA_DIR": str(tmp_path / "var")}))
    yield runtime
    runtime.close()


@pytest.fixture
def api(runtime: Runtime) -> Api:
    return make_api(runtime.hub)


def open_case(api: Api) -> str:
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    opened = api.post("/cases", "sedetur", detection(detected_at=now))
    assert opened.status_code == 201, opened.text
    case_id: str = opened.json()["case_id"]
    shown = api.get(f"/cases/{case_id}", "sedetur", **PURPOSE)
    assert shown.json()["personal_data"]["full_name"] == NAME  # readable while the key is there
    return case_id


def lose_key(runtime: Runtime, case_id: str) -> None:
    """The key store as restored from a backup older than the case: no key, no tombstone."""
    with sqlite3.connect(runtime.settings.keystore_path) as db:
        db.execute("DELETE FROM ruta_data_keys WHERE case_id = ?", (case_id,))


def test_a_missing_data_key_is_a_server_error_naming_no_personal_data(
    api: Api, runtime: Runtime
) -> None:
    case_id = open_case(api)
    lose_key(runtime, case_id)

    answer = api.get(f"/cases/{case_id}", "sedetur", **PURPOSE)

    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "data_key_missing"
    assert problem["title"] == "Falta la llave de datos del expediente"
    assert NAME not in answer.text
    english = api.get(f"/cases/{case_id}", "sedetur", Accept_Language="en", **PURPOSE)
    assert english.json()["title"] == "The case's data key is missing"


def test_without_a_purpose_the_case_reads_as_before(api: Api, runtime: Runtime) -> None:
    case_id = open_case(api)
    lose_key(runtime, case_id)

    answer = api.get(f"/cases/{case_id}", "sedetur")  # nothing sealed asked for

    assert answer.status_code == 200
    assert "personal_data" not in answer.json()


def test_an_erased_case_still_reads_as_erased(api: Api, runtime: Runtime) -> None:
    case_id = open_case(api)
    with runtime.hub.acting_as(ADMIN):
        runtime.hub.erase_personal_data(uuid.UUID(case_id), "arco_cancellation")

    answer = api.get(f"/cases/{case_id}", "sedetur", **PURPOSE)

    assert answer.status_code == 200
    assert answer.json()["personal_data_erased"] is True
    assert "personal_data" not in answer.json()


def test_an_erased_case_whose_tombstone_was_lost_is_still_erased_not_missing(
    api: Api, runtime: Runtime
) -> None:
    case_id = open_case(api)
    hub = runtime.hub
    case = hub.get_case(uuid.UUID(case_id))
    sealed = case.personal_data["full_name"]
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(case.id, "arco_cancellation")
    lose_key(runtime, case_id)  # the tombstone too: the case's events still say it was erased

    with pytest.raises(PersonalDataUnavailable):
        hub.unseal(case.id, "personal_data.full_name", sealed)
