"""A view built under other agency renames is emptied at start and built again from the log, on
SQLite and on PostgreSQL; a view built under the catalogue's renames of now is left as it is.
(The store of release 0.1.0, built under ``sesp`` and ``sedetus``, shows the whole upgrade:
``test_store_from_0_1_0.py``.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.bootstrap.view_runners import start_caseload
from adapters.view_marks import rebuild_if_renamed, renames_mark
from adapters.view_settings import open_view
from domain.agencies import load_catalogue
from domain.hub import Hub
from projections.caseload import CaseloadProjection
from tests.builders import open_adult
from tests.fakes import FakeSealer, ManualClock
from tests.integration.view_stores import WAIT, ViewStore, postgres_store, sqlite_store


def check_a_view_is_built_again_only_when_the_renames_change(store: ViewStore) -> None:
    catalogue = load_catalogue()
    hub = Hub(store.env, sealer=FakeSealer(), clock=ManualClock())
    try:
        open_adult(hub)  # by tourism: sedetur, formerly sedetus
        head = int(hub.recorder.max_notification_id() or 0)
    finally:
        hub.close()
    with start_caseload(store.env, store.data_dir, catalogue=catalogue) as runner:
        runner.wait(head, timeout=WAIT)
    view = open_view(CaseloadProjection.name, store.env, store.data_dir)
    mark = None if store.data_dir is None else store.data_dir / "caseload.mark"
    try:
        assert not rebuild_if_renamed(view, renames_mark(catalogue), mark)  # the same: kept
        assert len(view.caseload("sedetur")) == 1
        assert rebuild_if_renamed(view, "sedetus=sedetur", mark)  # other renames: emptied
        assert view.caseload("sedetur") == []
        assert view.max_tracking_id(Hub.name) is None
    finally:
        view.close()
    with start_caseload(store.env, store.data_dir, catalogue=catalogue) as runner:
        runner.wait(head, timeout=WAIT)  # its mark is not the catalogue's: built again
        assert [e.agency for e in runner.view.caseload("sedetur")] == ["sedetur"]


def test_a_view_is_built_again_when_the_renames_change_on_sqlite(tmp_path: Path) -> None:
    check_a_view_is_built_again_only_when_the_renames_change(sqlite_store(tmp_path))


@pytest.mark.postgres
def test_a_view_is_built_again_when_the_renames_change_on_postgresql(
    postgres: dict[str, str], pg_schema: str
) -> None:
    check_a_view_is_built_again_only_when_the_renames_change(postgres_store(postgres, pg_schema))
