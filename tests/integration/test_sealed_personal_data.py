"""Sealed personal data on the real stores: never in the stored events, erasable, key-checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap import Runtime, build_runtime
from adapters.master_key import MasterKeyMismatch, create_master_key
from adapters.settings import Settings
from domain.errors import PersonalDataUnavailable
from domain.hub import Hub
from tests.builders import ADMIN, DIF, SEDETUR, adult_report
from tests.conftest import conninfo

NAME = "Itzel Guadalupe Inventada Pérez"
BIRTH = "1999-07-31"
DOCUMENT = "Pasaporte HN P1234567"
NARRATIVE = "La trajeron desde San Pedro Sula con una promesa de empleo inventada."
NOTE = "Necesita intérprete de garífuna en la entrevista"
PLACE = "Calle Ficticia 12, Supermanzana 99, Cancún"
SECRETS = [NAME, BIRTH, DOCUMENT, NARRATIVE, NOTE, PLACE]


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
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


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    runtime = build_runtime(settings)
    yield runtime
    runtime.close()


def open_sealed_case(hub: Hub) -> UUID:
    report = adult_report(
        hub.clock(),
        personal_data={
            "full_name": NAME,
            "date_of_birth": BIRTH,
            "documents": [DOCUMENT],
            "narrative": NARRATIVE,
        },
    )
    with hub.acting_as(SEDETUR):
        case_id = hub.open_case(report).case_id
        hub.record_consent(case_id, ["dif"], ["shelter"], informed_in="es")
        hub.issue_referral(case_id, "dif", "shelter", note=NOTE)
        hub.initiate_handoff(case_id, "dif", place=PLACE)
    return case_id


def raw_stored_bytes(settings: Settings) -> bytes:
    """Every stored event and snapshot, as the database holds them."""
    if settings.postgres is None:
        # The whole file and its write-ahead log: stronger than the event table alone.
        files = [settings.sqlite_path, Path(f"{settings.sqlite_path}-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    pg = settings.postgres
    with psycopg.connect(conninfo({"host": pg.host, "user": pg.user, "dbname": pg.dbname})) as db:
        rows = db.execute(
            f'SELECT state FROM "{pg.schema}".hub_events '  # noqa: S608 - test schema name
            f'UNION ALL SELECT state FROM "{pg.schema}".hub_snapshots'
        ).fetchall()
    return b"".join(bytes(row[0]) for row in rows)


def test_the_stored_events_hold_none_of_the_personal_data(
    runtime: Runtime, settings: Settings
) -> None:
    case_id = open_sealed_case(runtime.hub)
    stored = raw_stored_bytes(settings)
    assert str(case_id).replace("-", "").encode() in stored  # we are reading the right store
    for secret in SECRETS:
        for encoding in ("utf-8", "unicode_escape"):
            assert secret.encode(encoding) not in stored, secret
    data = runtime.hub.personal_data(case_id)
    assert data["full_name"] == NAME
    assert data["documents"] == [DOCUMENT]


def test_a_destroyed_key_erases_one_case_and_leaves_the_rest(runtime: Runtime) -> None:
    hub = runtime.hub
    erased, kept = open_sealed_case(hub), open_sealed_case(hub)
    note = hub.get_case(erased).referrals[0].note
    assert note is not None
    assert hub.unseal(erased, "referral.note", note) == NOTE
    with hub.acting_as(ADMIN):
        hub.erase_personal_data(erased, "arco_cancellation")
    with pytest.raises(PersonalDataUnavailable):
        hub.personal_data(erased)
    with pytest.raises(PersonalDataUnavailable):
        hub.unseal(erased, "referral.note", note)
    case = hub.get_case(erased)  # the case itself still loads, whole
    assert case.personal_data_erased
    assert case.referrals[0].to_agency == "dif"
    assert case.custody.custodian == "sedetur"
    with hub.acting_as(DIF):
        hub.acknowledge_handoff(erased, case.custody.handoffs[0].id)
    assert hub.get_case(erased).custody.custodian == "dif"
    assert hub.personal_data(kept)["full_name"] == NAME


def test_a_wrong_master_key_is_a_clear_error_not_garbage(
    runtime: Runtime, settings: Settings, tmp_path: Path
) -> None:
    open_sealed_case(runtime.hub)
    runtime.close()
    other = tmp_path / "other.key"
    create_master_key(other)
    wrong = Settings(**{**settings.__dict__, "master_key_file": other})
    with pytest.raises(MasterKeyMismatch) as error:
        build_runtime(wrong)
    assert str(other) in str(error.value)
    assert "does not open" in str(error.value)
