"""Runners that outlive an outage of the store: they wait, then follow the log again.

The ``eventsourcing`` library's runner follows the log in a thread and stops for good at the
first error, which its owner learns only when it asks (``run_forever``); a view kept in the API
process would then stay behind without a word, and a worker process would exit. Here an error
that says the store did not answer (``adapters.store_outage.STORE_ERRORS``) does not stop the
runner: its thread waits (growing waits, up to a few seconds), starts its projection afresh
(what it held in memory may not have been written), and subscribes again from the position the
view has tracked, until the store answers. Exactly once still holds: a view writes each event
with its tracking record in one transaction, so what was written is never written again, and
what was not is read again. Any other error stops the runner as before.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from abc import abstractmethod
from collections.abc import Sequence
from threading import Event
from typing import Any

from eventsourcing.persistence import ProgrammingError
from eventsourcing.projection import ApplicationSubscription, BaseProjectionRunner

from adapters.store_outage import STORE_ERRORS, Backoff

_log = logging.getLogger(__name__)


class FollowsAgain(BaseProjectionRunner[Any]):
    """Mixed into a runner: on a store error its thread waits, then follows the log again from
    the tracked position with a fresh projection (``fresh_projection``, which subclasses give)."""

    @abstractmethod
    def fresh_projection(self) -> Any:
        """The projection to follow the log with from the tracked position on: a new one, or
        this one with what it held in memory forgotten (it may read the store)."""

    def stop(self) -> None:
        super().stop()
        latest = getattr(self, "_subscription", None)  # absent if construction failed early
        if latest is not None:
            latest.stop()  # the latest subscription, not only the first one

    @staticmethod
    def _process_events_loop(
        subscription: Any,
        projection: Any,
        is_stopping: Event,
        runner: weakref.ReferenceType[Any],
    ) -> None:
        """The library's loop (for each event and its tracking, process it), which follows the
        log again after a store error instead of ending."""
        backoff = Backoff()
        try:
            while True:
                try:
                    for domain_event, tracking in subscription:
                        projection.process_event(domain_event, tracking)
                        backoff.reset()  # the store answers: the next outage waits little
                    return  # stopped
                except STORE_ERRORS as error:
                    if is_stopping.is_set():
                        return
                    owner = runner()
                    if owner is None:
                        return
                    following = owner._follow_again(error, backoff, is_stopping)
                    del owner  # held only while following again, so a dropped runner stops
                    if following is None:
                        return
                    subscription, projection = following
        except BaseException as error:
            owner = runner()
            if owner is not None:
                owner._thread_error = error
        finally:
            is_stopping.set()

    def _follow_again(
        self, error: Exception, backoff: Backoff, is_stopping: Event
    ) -> tuple[Any, Any] | None:
        """A new subscription from the tracked position and the projection to follow it with,
        once the store answers; ``None`` if the runner is stopped first."""
        self._drop_subscription()
        name = str(getattr(self._projection, "name", "") or self.app_name).lower()
        while True:
            delay = backoff.next()
            # Class names only: a store's message may name hosts, and never helps here.
            _log.warning(
                "%s: the store did not answer (%s); following the log again in %.1f s",
                name,
                type(error).__name__,
                delay,
            )
            if is_stopping.wait(delay):
                return None
            try:
                projection = self.fresh_projection()
                self._projection = projection
                after = self._tracking_recorder.max_tracking_id(self.app_name)
                subscription = ApplicationSubscription(
                    app=self.app, gt=after, topics=_topics(projection)
                )
            except STORE_ERRORS as again:
                error = again
                continue
            subscription.__enter__()
            self._subscription = subscription
            if is_stopping.is_set():  # stopped meanwhile: this one stops too
                self._drop_subscription()
                return None
            _log.warning("%s: following the log again after position %s", name, after)
            return subscription, projection

    def _drop_subscription(self) -> None:
        """Stop the latest subscription (the one that failed, or one no longer wanted) and wait
        for its threads."""
        failed = self._subscription
        failed.stop()
        # Not entered if the error came before the runner was; its threads end all the same.
        with contextlib.suppress(ProgrammingError, *STORE_ERRORS):
            failed.__exit__(None, None, None)


def _topics(projection: Any) -> Sequence[str]:
    topics: Sequence[str] = getattr(projection, "topics", ())
    return topics
