"""Subscriptions to an SQLite event store, which has no LISTEN/NOTIFY: it is polled.

Select it for an application with ``APPLICATION_RECORDER_TOPIC`` (``SQLITE_RECORDER_TOPIC``
below), so that ``ProjectionRunner`` can follow a hub whose store is an SQLite file written by
other processes. SQLite serializes writers, so positions are committed in order and a reader
that asks for everything after the last position it saw never skips one.
"""

from __future__ import annotations

from collections.abc import Sequence
from threading import Event, Thread
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, ListenNotifySubscription, Subscription
from eventsourcing.sqlite import SQLiteApplicationRecorder

POLL_INTERVAL = 0.05  # seconds: how late a view may learn of an event, against idle queries

SQLITE_RECORDER_TOPIC = "adapters.sqlite_subscription:PollingSQLiteApplicationRecorder"


class PollingSubscription(ListenNotifySubscription[SQLiteApplicationRecorder]):
    """A subscription whose "notified" signal is a clock: it looks for new events every tick."""

    def __init__(
        self,
        recorder: SQLiteApplicationRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
        *,
        interval: float = POLL_INTERVAL,
    ) -> None:
        self._interval = interval
        self._stopping = Event()
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._tick_thread = Thread(target=self._tick, name="sqlite-poll", daemon=True)
        self._tick_thread.start()

    def stop(self) -> None:
        self._stopping.set()
        super().stop()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        try:
            super().__exit__(*args, **kwargs)
        finally:
            self._tick_thread.join()

    def _tick(self) -> None:
        while not self._stopping.wait(self._interval):
            self._has_been_notified.set()


class PollingSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, with a polling ``subscribe()``."""

    poll_interval = POLL_INTERVAL

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics, interval=self.poll_interval)
