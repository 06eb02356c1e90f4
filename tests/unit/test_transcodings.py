"""Stored state is read with the agencies' codes of now: a renamed agency keeps its events."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from domain.actor import Actor, Role
from domain.agencies import load_catalogue
from domain.hub import Hub
from domain.transcodings import FormerCodes
from tests.builders import adult_report
from tests.fakes import FakeSealer, ManualClock


def test_a_former_code_is_read_as_the_code_now_and_a_longer_text_is_left_as_it_is() -> None:
    transcoder = FormerCodes({"sesp": "ssc"})
    stored = b'{"agency":"sesp","account":"demo-sesp-caseworker","granted":{"sesp":["*"]}}'
    assert transcoder.decode(stored) == {
        "agency": "ssc",
        "account": "demo-sesp-caseworker",
        "granted": {"ssc": ["*"]},
    }


def test_what_is_written_keeps_its_bytes_and_is_read_renamed() -> None:
    transcoder = FormerCodes({"sesp": "ssc"})
    written = transcoder.encode({"agency": "sesp"})
    assert b'"sesp"' in written  # nothing is rewritten on the way in
    assert transcoder.decode(written) == {"agency": "ssc"}


def test_a_case_recorded_under_a_former_code_is_read_under_the_code_now(tmp_path: Path) -> None:
    """Written by a hub whose catalogue still had ``sesp``, read by one whose has ``ssc``."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": f"{tmp_path}/r.db"}
    now = load_catalogue()
    police = now.get("ssc")
    before = type(now)(
        deployment=now.deployment,
        folio_prefix=now.folio_prefix,
        utc_offset=now.utc_offset,
        municipalities=now.municipalities,
        agencies={
            **{c: a for c, a in now.agencies.items() if c != "ssc"},
            "sesp": replace(police, code="sesp", formerly=frozenset()),
        },
    )
    clock = ManualClock()
    old = Hub(env, catalogue=before, sealer=FakeSealer(), clock=clock)
    with old.acting_as(Actor("sesp", "a-police-account", frozenset({Role.CASEWORKER}))):
        case_id = old.open_case(adult_report(clock(), in_custody=True)).case_id
    old.close()
    new = Hub(env, catalogue=now, sealer=FakeSealer(), clock=ManualClock())
    case = new.get_case(case_id)
    assert case.detection.agency == "ssc"
    assert case.custody.custodian == "ssc"
    assert all(e.agency == "ssc" for e in new.timeline(case_id))  # type: ignore[attr-defined]
