"""Running the Kafka relay: the views' runner over the stored records, and a heartbeat.

The library's runner follows the log in a thread of its own and calls the relay for each
record; the heartbeat, in another thread, asks an idle broker whether it answers and rewrites
the status row every ``heartbeat`` seconds. Readiness in the process (``RelayRunner.ready``, for
``/readyz`` when ``ruta serve`` runs the relay) and in the row (``ruta relay status``, from
another process) say the same: the broker answered last time, and the relay is running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from threading import Event, Thread
from typing import Any

from eventsourcing.projection import BaseProjectionRunner

from adapters.kafka_relay import KafkaRelay
from adapters.postgres_store import ride_out_outages
from adapters.raw_log import RawLog
from adapters.relay_tracking import STOPPED, RelayStatus
from adapters.resubscription import FollowsAgain
from adapters.role_lock import RoleLock

_log = logging.getLogger(__name__)


class RelayRunner(FollowsAgain, BaseProjectionRunner[RawLog]):
    """Follows the hub's stored records with the relay; use it as a context manager, which
    stops it (and releases the publisher, the tracking and ``on_close``'s resources) on exit.
    After an outage of the store it follows the log again from its tracked position
    (``FollowsAgain``), sending again what it had sent and not tracked."""

    def __init__(
        self,
        *,
        relay: KafkaRelay,
        env: dict[str, str],
        on_close: Callable[[], None] | None = None,
        lock: RoleLock | None = None,
    ) -> None:
        self.relay = relay
        self.tracking = relay.view
        self._on_close = on_close
        self._lock = lock  # the relay's only one on this store (``adapters.role_lock``)
        self._head = 0
        self._beating = Event()
        try:
            super().__init__(
                projection=relay,
                application_class=RawLog,
                tracking_recorder=relay.view,
                topics=(),
                env=env,
            )
        except BaseException:
            self._release()
            raise
        ride_out_outages(self.app, self.tracking)
        relay.log_head = self.app.recorder.max_notification_id
        if lock is not None:
            lock.on_lost = self._lost
        self._heart = Thread(target=self._beat, name="relay-heartbeat", daemon=True)
        self._heart.start()

    @property
    def ready(self) -> bool:
        """The broker acknowledged the last batch (or answered the last probe), and the relay
        is still following the log."""
        return self.relay.ready and not self.is_interrupted.is_set()

    def position(self) -> int:
        """The last log position the broker has acknowledged (0 before any)."""
        return int(self.tracking.max_tracking_id(self.app_name) or 0)

    def lag(self) -> int:
        """Records stored that the relay has not published yet."""
        self._head = int(self.app.recorder.max_notification_id() or 0)
        return max(self._head - self.position(), 0)

    def status(self) -> RelayStatus:
        lag = self.lag()
        return RelayStatus(
            ready=self.ready,
            position=self._head - lag,
            head=self._head,
            beat_at=datetime.now(UTC),
            problem=self.relay.problem,
        )

    def fresh_projection(self) -> KafkaRelay:
        self.relay.forget()
        return self.relay

    def stop(self) -> None:
        self.relay.stopping.set()  # a batch waiting to be retried waits no longer
        super().stop()

    def _lost(self, error: BaseException) -> None:
        # As an error of the processing thread would: ``run_forever`` raises it, and the
        # process stops rather than publish and track beside the relay that took over.
        self._thread_error = error
        self.stop()

    def __exit__(self, *exc_info: Any) -> None:
        self._beating.set()
        self._heart.join()
        try:
            super().__exit__(*exc_info)
        finally:
            try:
                if self.relay.ready:  # what is in flight is acknowledged in a moment: keep it
                    self.relay.settle()
                self._stopped()
            finally:
                self._release()

    def _beat(self) -> None:
        while True:
            try:
                self.relay.probe()
                self.tracking.record_status(self.status())
            except Exception as e:  # the store is unreachable: the next beat tries again
                _log.warning("relay: status not written (%s)", type(e).__name__)
            if self._beating.wait(self.relay.options.heartbeat):
                return

    def _stopped(self) -> None:
        """A last status row: stopped, so a health check need not wait for it to go stale."""
        try:
            position = self.position()
            head = max(self._head, position)
            self.tracking.record_status(
                RelayStatus(False, position, head, datetime.now(UTC), STOPPED)
            )
        except Exception as e:
            _log.warning("relay: last status not written (%s)", type(e).__name__)

    def _release(self) -> None:
        try:
            self.relay.publisher.close()
        finally:
            try:
                self.tracking.close()
            finally:
                try:
                    if self._on_close is not None:
                        self._on_close()
                finally:
                    if self._lock is not None:
                        self._lock.release()  # last: the next relay starts from what was tracked
