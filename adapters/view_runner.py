"""The runners that keep the views: they follow the hub's log and write each view in order.

Each runner builds its own ``Hub`` from the same settings (it only reads the log, so it needs no
sealer) and writes its view with the tracking record. It holds its view's lock
(``adapters.role_lock``): one keeper per view and store. The audit log's runner follows the
stored records themselves (``adapters.raw_log.RawLog``), not decoded events. The runners are
built, with their projections and settings, by the composition root
(``adapters.bootstrap.view_runners``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Generic, TypeVar

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.projection import BaseProjectionRunner, Projection

from adapters.postgres_store import ride_out_outages
from adapters.raw_log import RawLog
from adapters.resubscription import FollowsAgain
from adapters.role_lock import RoleLock
from adapters.view_marks import rebuild_if_renamed
from domain.hub import Hub
from projections.audit_log import AuditLogView
from projections.caseload import CaseloadView
from projections.custody_chain import CustodyChainView
from projections.log_head import FollowsLogHead
from projections.review import ReviewView

TView = TypeVar("TView", CaseloadView, CustodyChainView, ReviewView, AuditLogView)

# Makes the projection around its view: its settings are the factory's arguments.
ProjectionFactory = Callable[[TView], Projection[TView]]


class ViewRunner(FollowsAgain, BaseProjectionRunner[Hub], Generic[TView]):
    """Follows the log with a projection into its view; use it as a context manager, which
    stops it on exit. It follows the log again when the store comes back after an outage
    (``FollowsAgain``), and releases its view, what ``on_close`` holds (the review's hub), then
    the lock that makes it the view's only keeper (``adapters.role_lock``).

    ``name`` names the view's settings, tables and file (a projection's name, with a suffix for
    a rebuild); ``make_projection`` makes the projection around the view, with its settings."""

    def __init__(
        self,
        *,
        name: str,
        view_class: type[Any],
        make_projection: ProjectionFactory[TView],
        env: dict[str, str],
        application_class: type[Hub] = Hub,
        lock: RoleLock | None = None,
        on_close: Callable[[], None] | None = None,
        renames: str | None = None,
    ) -> None:
        self._lock = lock
        self._on_close = on_close
        self._make_projection: ProjectionFactory[TView] = make_projection
        try:
            factory = InfrastructureFactory[Any].construct(env=self._construct_env(name, env))
            self.view: TView = factory.tracking_recorder(view_class)
            if renames is not None:  # before following: an emptied view starts from the first
                rebuild_if_renamed(self.view, renames, _mark_file(name, env))
            self.projection: Projection[TView] = make_projection(self.view)
            self._tell_log_head(self.projection)  # before its thread processes any event
            super().__init__(
                projection=self.projection,
                application_class=application_class,
                tracking_recorder=self.view,
                topics=self.projection.topics,
                env=env,
            )
        except BaseException:
            self._release()  # what was built before the failure
            raise
        reader = getattr(self.projection, "reader", None)  # the review's hub, which reads cases
        ride_out_outages(self.app, self.view, reader)
        if lock is not None:
            lock.on_lost = self._lost

    def _lost(self, error: BaseException) -> None:
        # As an error of the processing thread would: ``run_forever`` raises it, and the
        # process stops rather than write beside the view's new keeper.
        self._thread_error = error
        self.stop()

    def __exit__(self, *exc_info: Any) -> None:
        try:
            super().__exit__(*exc_info)
        finally:
            self._release()

    def fresh_projection(self) -> Projection[TView]:
        """The projection to follow the log again with. A projection that writes in batches
        (``FollowsLogHead``: the caseload, the audit log) is made anew, so what it held for a
        batch is forgotten and what it keeps is read again from its view; the custody and
        review projections keep in memory only what they have written, so they go on as they
        are."""
        if isinstance(self.projection, FollowsLogHead):
            self.projection = self._make_projection(self.view)
            self._tell_log_head(self.projection)
        return self.projection

    def _tell_log_head(self, projection: Projection[TView]) -> None:
        if isinstance(projection, FollowsLogHead):
            # Without it, the projection would write each event at once.
            projection.log_head = self._log_head

    def _log_head(self) -> int | None:
        # Read by the processing thread only, which starts once ``self.app`` is set.
        head: int | None = self.app.recorder.max_notification_id()
        return head

    def _release(self) -> None:
        # Each is released even if one before it fails; in reverse order, so the lock last:
        # the next keeper starts from what was written.
        with ExitStack() as release:
            if self._lock is not None:
                release.callback(self._lock.release)
            if self._on_close is not None:
                release.callback(self._on_close)
            view = getattr(self, "view", None)
            if view is not None:
                release.callback(view.close)


class AuditRunner(ViewRunner[AuditLogView]):
    """The audit log's runner: it follows the stored records (``RawLog``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(application_class=RawLog, **kwargs)


CaseloadRunner = ViewRunner[CaseloadView]
CustodyRunner = ViewRunner[CustodyChainView]
ReviewRunner = ViewRunner[ReviewView]


def _mark_file(name: str, env: dict[str, str]) -> Path | None:
    """The file of the view's renames mark, beside its SQLite file; None on PostgreSQL."""
    dbname = env.get(f"{name.upper()}_SQLITE_DBNAME")
    return Path(dbname).with_suffix(".mark") if dbname else None
