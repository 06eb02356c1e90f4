"""A store written by release 0.2.0 (tests/fixtures/store-0.2.0) is served, verified and rebuilt
by today's code; its detections and consents, stored before version 2 of their events, read
with their upcast defaults: no economic sector or trafficking scope known, and no answer to
being counted in the statistics, so that every old case is left out of them."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.views import start_views
from adapters.settings import Settings
from demo.accounts import OPERATOR
from domain import case_events
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.statistics import opened_case_ids, recorded_facts
from domain.statistics_tables import statistics
from tests.builders import SEDETUR, open_adult
from tests.integration.test_store_from_0_1_0 import (
    WAIT,
    assert_rebuilt_identical,
    assert_verified_offline,
    assessed_by_dif,
    copied_store,
    get,
    served_on,
)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store-0.2.0" / "data"
OLD_CASES = 18


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the fixture: the tests write to it, the fixture stays as 0.2.0 left it."""
    return copied_store(FIXTURE, tmp_path)


def tokens_and_new_events(data_dir: Path) -> tuple[dict[str, str], UUID, UUID]:
    """Fresh tokens for two demo accounts of 0.2.0, a new event in an old case, and a new case
    whose person agrees to be counted, with every live view brought up to date."""
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    hub = runtime.hub
    try:
        with start_views(store_env(settings), data_dir, catalogue=hub.catalogue) as views:
            by_label = {a.label: a.id for a in hub.accounts()}
            with hub.acting_as(OPERATOR):
                tokens = {
                    label: hub.reissue_token(by_label[label]).token
                    for label in ("demo dif caseworker", "demo cdheqroo commission")
                }
            old_case = assessed_by_dif(hub)
            new_case = open_adult(hub, economic_sector="hospitality", trafficking_scope="internal")
            with hub.acting_as(SEDETUR):
                hub.record_consent(new_case, ["dif"], ["shelter"], counted_in_statistics=True)
            views.wait(hub.recorder.max_notification_id() or 0, timeout=WAIT)
    finally:
        runtime.close()
    return tokens, old_case, new_case


def test_old_detections_and_consents_read_with_their_upcast_defaults(data_dir: Path) -> None:
    settings = Settings.from_env({"RUTA_DATA_DIR": str(data_dir)})
    runtime = build_runtime(settings)
    hub = runtime.hub
    try:
        old = list(opened_case_ids(hub))
        assert len(old) == OLD_CASES
        for case_id in old:
            events = hub.events.get(case_id)
            detection = next(events).detection  # type: ignore[attr-defined]
            assert detection.economic_sector == EconomicSector.UNKNOWN
            assert detection.trafficking_scope == TraffickingScope.UNKNOWN
        consents = [
            e
            for case_id in old
            for e in hub.events.get(case_id)
            if isinstance(e, case_events.ConsentRecorded)
        ]
        assert consents  # the demo records consents
        assert {e.counted_in_statistics for e in consents} == {None}  # type: ignore[attr-defined]
        published = statistics(recorded_facts(hub), catalogue=hub.catalogue)
        assert (published.cases, published.left_out) == (None, OLD_CASES)
    finally:
        runtime.close()


def test_the_old_store_is_served_with_old_and_new_events_read_together(data_dir: Path) -> None:
    tokens, old_case, _ = tokens_and_new_events(data_dir)
    with served_on(data_dir) as port:
        dif = tokens["demo dif caseworker"]
        commission = tokens["demo cdheqroo commission"]
        caseload = {item["case_id"] for item in get(port, "/cases?limit=100", dif)["items"]}
        assert str(old_case) in caseload
        timeline = get(port, f"/cases/{old_case}/timeline", commission)["items"]
        assert [timeline[0]["type"], timeline[-1]["type"]] == ["case_opened", "risk_assessed"]
        answer = get(port, "/review/statistics", commission)
        assert (answer["cases"], answer["left_out"]) == (None, OLD_CASES)


def test_the_old_store_rebuilds_its_views_identical_after_new_events(data_dir: Path) -> None:
    tokens_and_new_events(data_dir)
    assert_rebuilt_identical(data_dir)


def test_the_old_audit_log_and_its_new_records_verify_offline(
    data_dir: Path, tmp_path: Path
) -> None:
    assert_verified_offline(data_dir, tmp_path, tokens_and_new_events)
