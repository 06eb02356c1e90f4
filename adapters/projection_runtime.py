"""Running the views beside the hub's store: their settings, their runners, and reading them.

Each runner builds its own ``Hub`` from the same settings (it only reads the log, so it needs no
sealer) and follows the log in order, writing its view with the tracking record. On SQLite each
view lives in a file of its own (``caseload.db``, ``custody.db``, ``review.db``, ``audit.db`` in
the data directory), because SQLite tables are not prefixed by projection; on PostgreSQL the
views share the hub's database and schema, with tables prefixed by the projection's name.

Each runner holds its view's lock (``adapters.role_lock``): one keeper per view and store.
The audit log's runner follows the stored records themselves (``adapters.raw_log.RawLog``), not
decoded events. ``adapters/views.py`` puts the four together. A ``suffix`` names another set of
views beside the live ones (``custody_rebuild.db``, ``custody_rebuild_chains``), built from
empty to compare.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import Environment

from adapters.data_dir import open_private_dir
from adapters.postgres_store import ride_out_outages
from adapters.raw_log import RawLog
from adapters.resubscription import FollowsAgain
from adapters.role_lock import RoleLock, hold_role
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from domain.agencies import AgencyCatalogue, AgencyKind, load_catalogue
from domain.hub import Hub
from domain.review_rules import DEFAULT_LIMITS, ReviewLimits
from projections.audit_log import AuditLogProjection, AuditLogView
from projections.audit_log_postgres import PostgresAuditLogView
from projections.audit_log_sqlite import SQLiteAuditLogView
from projections.caseload import CaseloadProjection, CaseloadView
from projections.caseload_postgres import PostgresCaseloadView
from projections.caseload_rows import HANDOFF_LIMIT
from projections.caseload_sqlite import SQLiteCaseloadView
from projections.custody_chain import CustodyChainProjection, CustodyChainView
from projections.custody_chain_postgres import PostgresCustodyChainView
from projections.custody_chain_sqlite import SQLiteCustodyChainView
from projections.review import ReviewProjection, ReviewView
from projections.review_postgres import PostgresReviewView
from projections.review_sqlite import SQLiteReviewView

SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"

TView = TypeVar("TView", CaseloadView, CustodyChainView, ReviewView, AuditLogView)

# Each view's classes, by the projection's name (which has no "_", so that a name and its
# suffix split at the first one): (SQLite view, PostgreSQL view).
_VIEW_CLASSES: dict[str, tuple[type[Any], type[Any]]] = {
    CaseloadProjection.name: (SQLiteCaseloadView, PostgresCaseloadView),
    CustodyChainProjection.name: (SQLiteCustodyChainView, PostgresCustodyChainView),
    ReviewProjection.name: (SQLiteReviewView, PostgresReviewView),
    AuditLogProjection.name: (SQLiteAuditLogView, PostgresAuditLogView),
}


class ViewRunner(FollowsAgain, ProjectionRunner[Hub, TView]):
    """The library's runner, which also follows the log again when the store comes back after
    an outage (``FollowsAgain``), and releases its view (and projection) when it stops, then the
    lock that makes it the view's only keeper (``adapters.role_lock``)."""

    def __init__(self, *, lock: RoleLock | None = None, **kwargs: Any) -> None:
        self._lock = lock
        try:
            super().__init__(**kwargs)
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
        """The same projection: the caseload, custody and review projections keep in memory
        only what they have written, so nothing they hold can be ahead of their view."""
        return self.projection

    def _release(self) -> None:
        projection = getattr(self, "projection", None)
        if isinstance(projection, ReviewProjection):
            projection.close()  # its own hub, which reads the cases' events
        try:
            view = getattr(self, "view", None)
            if view is not None:
                view.close()
        finally:
            if self._lock is not None:
                self._lock.release()  # last: the next keeper starts from what was written


class AuditRunner(ViewRunner[AuditLogView]):
    """The audit log's runner: it follows the stored records (``RawLog``), and tells the
    projection where the log ends, so that it writes the records it holds in batches."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        projection = self.projection
        if isinstance(projection, AuditLogProjection):
            # Until this is set, the projection writes each record at once.
            projection.log_head = self.app.recorder.max_notification_id

    def fresh_projection(self) -> Projection[AuditLogView]:
        """A new audit log projection: the records it held for a batch are forgotten, and the
        tree's right edge is read again as the view stores it."""
        projection = type(self.projection)(view=self.view)
        if isinstance(projection, AuditLogProjection):
            projection.log_head = self.app.recorder.max_notification_id
        self.projection = projection
        return projection


CaseloadRunner = ViewRunner[CaseloadView]
CustodyRunner = ViewRunner[CustodyChainView]
ReviewRunner = ViewRunner[ReviewView]


def view_env(name: str, store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    """The runner's settings for the projection ``name``: the hub's own, and the view's under
    the projection's prefix (on SQLite, its file ``<data_dir>/<name>.db``)."""
    env = dict(store_env)
    module = env.get("PERSISTENCE_MODULE")
    label = name.lower()
    if module == SQLITE:
        if data_dir is None:
            raise ValueError(f"the {label} view on SQLite needs a data directory for its own file")
        # Only the hub's recorder polls: the view's factory builds no application recorder.
        env[f"{Hub.name.upper()}_APPLICATION_RECORDER_TOPIC"] = SQLITE_RECORDER_TOPIC
        env[f"{name.upper()}_SQLITE_DBNAME"] = str(data_dir / f"{label}.db")
        return env
    if module == POSTGRES:
        return env  # the factory names the view's tables after the projection
    raise ValueError(
        f"the {label} view follows a store other processes write: {SQLITE} or {POSTGRES}, "
        f"not {module or 'the in-memory store'}"
    )


def caseload_env(store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    return view_env(CaseloadProjection.name, store_env, data_dir)  # <data_dir>/caseload.db


def custody_env(store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    return view_env(CustodyChainProjection.name, store_env, data_dir)  # <data_dir>/custody.db


def review_env(store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    return view_env(ReviewProjection.name, store_env, data_dir)  # <data_dir>/review.db


def audit_env(store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    return view_env(AuditLogProjection.name, store_env, data_dir)  # <data_dir>/audit.db


def start_caseload(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue | None = None,
    handoff_limit: timedelta = HANDOFF_LIMIT,
    suffix: str = "",
) -> CaseloadRunner:
    """A running caseload projection; use it as a context manager, which stops it on exit.

    ``runner.view`` answers queries; ``runner.wait(position, timeout)`` returns once the view
    has processed the log up to ``position``.
    """
    projection = CaseloadProjection.configured(catalogue=catalogue, handoff_limit=handoff_limit)
    return _start(_named(projection, suffix), store_env, data_dir)


def start_custody(
    store_env: dict[str, str], data_dir: Path | None, *, suffix: str = ""
) -> CustodyRunner:
    """A running custody projection (see ``start_caseload``)."""
    return _start(_named(CustodyChainProjection, suffix), store_env, data_dir)


def start_review(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue | None = None,
    limits: ReviewLimits | None = None,
    suffix: str = "",
) -> ReviewRunner:
    """A running review projection (see ``start_caseload``); it reads the cases' events with
    a hub of its own on the same store. Without ``limits``, the defaults, with the catalogue's
    prosecutors and local time (``review_limits``)."""
    if limits is None:
        limits = review_limits(catalogue or load_catalogue())
    env = review_env(store_env, data_dir)
    if env["PERSISTENCE_MODULE"] == POSTGRES:
        # One thread reads with it: one connection, not the pool a hub has by default.
        env = {**env, f"{Hub.name.upper()}_POSTGRES_POOL_SIZE": "1"}
    projection = ReviewProjection.configured(env=env, limits=limits)
    return _start(_named(projection, suffix), store_env, data_dir)


def start_audit(
    store_env: dict[str, str], data_dir: Path | None, *, suffix: str = ""
) -> AuditRunner:
    """A running audit log (see ``start_caseload``): every stored record becomes a leaf."""
    runner = _start(
        _named(AuditLogProjection, suffix),
        store_env,
        data_dir,
        application_class=RawLog,
        runner_class=AuditRunner,
    )
    return cast(AuditRunner, runner)


def review_limits(catalogue: AgencyCatalogue, base: ReviewLimits = DEFAULT_LIMITS) -> ReviewLimits:
    """``base`` with what the rules take from the deployment's catalogue, which they do not
    read: its prosecution agencies, and its local time for counting business days."""
    prosecutors = frozenset(a.code for a in catalogue.by_kind(AgencyKind.PROSECUTION))
    return replace(base, prosecutors=prosecutors, local_offset=catalogue.utc_offset)


def _start(
    projection_class: type[Projection[TView]],
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    application_class: type[Hub] = Hub,
    runner_class: type[ViewRunner[Any]] = ViewRunner,
) -> ViewRunner[TView]:
    env = view_env(projection_class.name, store_env, data_dir)
    if data_dir is not None and env["PERSISTENCE_MODULE"] == SQLITE:
        open_private_dir(data_dir)
    # Taken before the runner follows the log: on PostgreSQL this waits for another keeper.
    lock = hold_role(projection_class.name.lower(), store_env, data_dir)
    try:
        return runner_class(
            application_class=application_class,
            projection_class=projection_class,
            view_class=_view_class(projection_class.name, env),
            env=env,
            lock=lock,
        )
    except BaseException:
        lock.release()
        raise


def _named(projection_class: type[Any], suffix: str) -> type[Any]:
    """The projection under its name and ``suffix``: other settings, tables and file."""
    if not checked_suffix(suffix):
        return projection_class
    name = f"{projection_class.name}{suffix}"
    return type(projection_class.__name__, (projection_class,), {"name": name})


def checked_suffix(suffix: str) -> str:
    if suffix and not re.fullmatch(r"_[a-z0-9_]{1,20}", suffix):
        raise ValueError("a suffix is _ and up to 20 lowercase letters, digits or _")
    return suffix


def _view_class(name: str, env: dict[str, str]) -> type[Any]:
    sqlite, postgres = _VIEW_CLASSES[name.partition("_")[0]]
    return sqlite if env["PERSISTENCE_MODULE"] == SQLITE else postgres


def open_view(name: str, store_env: dict[str, str], data_dir: Path | None) -> Any:
    """The view of the projection ``name`` that another process keeps, opened to be read."""
    env = view_env(name, store_env, data_dir)
    if data_dir is not None and env["PERSISTENCE_MODULE"] == SQLITE:
        open_private_dir(data_dir)  # the view's file is made if that process has not made it yet
    factory = InfrastructureFactory[Any].construct(env=Environment(name, env))
    view = factory.tracking_recorder(_view_class(name, env))
    ride_out_outages(view)
    return view
