"""The heartbeat of the views a process keeps: their status rows, rewritten every second.

A thread asks each runner how far its view has read and where the log ends, and rewrites the
view's status row (``adapters.view_status``); as it stops, it writes a last row saying so, so a
health check need not wait for the row to go stale. How long a view has been behind is measured
from the heads it saw: the view holds everything stored at the time of the latest beat whose
head it has reached. Use it as a context manager, entered after the runners (it stops first).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from threading import Event, Lock, Thread
from typing import Any, Self

from adapters.view_status import STOPPED, StatusTable, ViewStatus, status_table

_log = logging.getLogger(__name__)

_SAMPLES = 3600  # the heads remembered per view: an hour of beats


class BeatingView:
    """One view's runner, its status row, and the heads seen that it has not reached yet."""

    def __init__(self, runner: Any, table: StatusTable, now: datetime) -> None:
        self.runner = runner
        self.table = table
        self.heads: deque[tuple[datetime, int]] = deque(maxlen=_SAMPLES)
        self.caught_up_at = now  # until it catches up: since its keeper started

    def position(self) -> int:
        return int(self.runner.view.max_tracking_id(self.runner.app_name) or 0)

    def status(self, now: datetime) -> ViewStatus:
        position = self.position()  # read first: the head only grows
        head = max(int(self.runner.app.recorder.max_notification_id() or 0), position)
        self.heads.append((now, head))
        while self.heads and self.heads[0][1] <= position:
            self.caught_up_at = self.heads.popleft()[0]
        return ViewStatus(position, head, now, self.caught_up_at, self.problem())

    def problem(self) -> str | None:
        """The class of the error that stopped the runner, if one did."""
        if not self.runner.is_interrupted.is_set():
            return None
        error = getattr(self.runner, "_thread_error", None)
        return type(error).__name__ if error is not None else STOPPED


class ViewHeartbeat:
    """Rewrites the status rows of ``runners`` (by view name) every ``every`` seconds."""

    def __init__(self, runners: Mapping[str, Any], every: float = 1.0) -> None:
        now = datetime.now(UTC)
        self._views = {
            name: BeatingView(runner, status_table(runner.view), now)
            for name, runner in runners.items()
        }
        self._every = every
        self._lock = Lock()  # a beat and a metric's reading share the remembered heads
        self._stopping = Event()
        self._heart = Thread(target=self._beat, name="views-heartbeat", daemon=True)
        self._heart.start()

    def lag(self, name: str) -> int:
        """Records stored that the view ``name`` has not processed yet (for the metric)."""
        beating = self._views[name]
        position = beating.position()
        return max(int(beating.runner.app.recorder.max_notification_id() or 0) - position, 0)

    def beat(self) -> None:
        """Rewrite every view's row now."""
        for name, beating in self._views.items():
            try:
                with self._lock:
                    status = beating.status(datetime.now(UTC))
                beating.table.record(status)
            except Exception as e:  # the store is unreachable: the next beat tries again
                _log.warning("view %s: status not written (%s)", name, type(e).__name__)

    def _beat(self) -> None:
        while True:
            self.beat()
            if self._stopping.wait(self._every):
                return

    def close(self) -> None:
        """Stop beating, and write a last row for each view: stopped."""
        self._stopping.set()
        self._heart.join()
        for name, beating in self._views.items():
            try:
                with self._lock:
                    last = beating.status(datetime.now(UTC))
                # The error that stopped its runner, if one did, says more than "stopped".
                beating.table.record(replace(last, problem=last.problem or STOPPED))
            except Exception as e:
                _log.warning("view %s: last status not written (%s)", name, type(e).__name__)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
