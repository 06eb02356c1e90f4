"""How long a view has been behind, as its heartbeat measures it from the heads it saw."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from threading import Event
from types import SimpleNamespace

from adapters.view_heartbeat import BeatingView
from adapters.view_status import STOPPED, StatusTable, ViewStatus

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Log:
    """A view's position and the log's head, set by the test."""

    def __init__(self) -> None:
        self.position = 0
        self.head = 0

    def max_tracking_id(self, application_name: str) -> int:
        return self.position

    def max_notification_id(self) -> int:
        return self.head


class Rows(StatusTable):
    """Status rows kept in a list."""

    def __init__(self) -> None:
        self.rows: list[ViewStatus] = []

    def record(self, status: ViewStatus) -> None:
        self.rows.append(status)

    def read(self) -> ViewStatus | None:
        return self.rows[-1] if self.rows else None


def beating(log: Log) -> BeatingView:
    runner = SimpleNamespace(
        view=log, app=SimpleNamespace(recorder=log), app_name="Hub", is_interrupted=Event()
    )
    return BeatingView(runner, table=Rows(), now=START)


def at(seconds: int) -> datetime:
    return START + timedelta(seconds=seconds)


def test_a_view_that_holds_the_whole_log_is_not_behind() -> None:
    log = Log()
    log.position = log.head = 40

    status = beating(log).status(at(5))

    assert (status.lag, status.caught_up_at, status.behind(at(9))) == (0, at(5), 0.0)


def test_a_view_is_as_old_as_the_latest_head_it_has_reached() -> None:
    log = Log()
    view = beating(log)
    log.head = 10
    view.status(at(1))  # the view holds nothing of the 10 records yet
    log.head = 25
    log.position = 10
    status = view.status(at(2))  # it holds all that was stored at 1 s, not what came since

    assert (status.lag, status.caught_up_at) == (15, at(1))
    assert status.behind(at(4)) == 3.0
    log.position = 20
    assert view.status(at(3)).caught_up_at == at(1)  # still short of the head seen at 2 s
    log.position = 25
    assert view.status(at(4)).caught_up_at == at(4)


def test_a_view_behind_since_its_keeper_started_is_counted_from_the_start() -> None:
    log = Log()
    log.head = 500

    status = beating(log).status(at(30))

    assert (status.lag, status.behind(at(30))) == (500, 30.0)


def test_a_runner_stopped_by_an_error_names_it_and_is_not_running() -> None:
    log = Log()
    view = beating(log)
    view.runner.is_interrupted.set()
    view.runner._thread_error = TimeoutError()
    failed = view.status(at(1))
    view.runner._thread_error = None

    assert failed.problem == "TimeoutError"
    assert not failed.is_running(at(1))
    assert view.status(at(1)).problem == STOPPED


def test_a_row_older_than_a_few_heartbeats_is_not_running() -> None:
    row = ViewStatus(position=3, head=3, beat_at=START, caught_up_at=START)

    assert row.is_running(at(15))
    assert not row.is_running(at(16))
