"""The views' runners, built with their projections' settings given as arguments.

Each ``start_*`` takes the view's lock, then starts a runner (``adapters.view_runner``) whose
projection is made by a factory holding the settings it needs: the deployment's catalogue, the
review's limits, the hub that reads the cases. Use a runner as a context manager: ``runner.view``
answers queries; ``runner.wait(position, timeout)`` returns once the view has processed the log
up to ``position``. A ``suffix`` names a set of views beside the live ones
(``adapters.view_settings``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from adapters.data_dir import open_private_dir
from adapters.role_lock import hold_role
from adapters.view_marks import renames_mark
from adapters.view_runner import (
    AuditRunner,
    CaseloadRunner,
    CustodyRunner,
    ProjectionFactory,
    ReviewRunner,
    TView,
    ViewRunner,
)
from adapters.view_settings import POSTGRES, SQLITE, named, review_env, view_class, view_env
from domain.agencies import AgencyCatalogue, AgencyKind
from domain.hub import Hub
from domain.review_rules import DEFAULT_LIMITS, ReviewLimits
from projections.audit_log import AuditLogProjection
from projections.caseload import CaseloadProjection, CaseloadView
from projections.caseload_rows import HANDOFF_LIMIT
from projections.custody_chain import CustodyChainProjection
from projections.review import ReviewProjection, ReviewView


def start_caseload(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue,
    handoff_limit: timedelta = HANDOFF_LIMIT,
    suffix: str = "",
) -> CaseloadRunner:
    """A running caseload projection of the deployment's ``catalogue``."""

    def projection(view: CaseloadView) -> CaseloadProjection:
        return CaseloadProjection(view, catalogue=catalogue, handoff_limit=handoff_limit)

    renames = renames_mark(catalogue)
    return _start(CaseloadProjection.name, suffix, projection, store_env, data_dir, renames=renames)


def start_custody(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    suffix: str = "",
    catalogue: AgencyCatalogue | None = None,
) -> CustodyRunner:
    """A running custody projection; with the deployment's ``catalogue``, built again if it
    was built under other agency renames."""
    renames = renames_mark(catalogue) if catalogue is not None else None
    name = CustodyChainProjection.name
    return _start(name, suffix, CustodyChainProjection, store_env, data_dir, renames=renames)


def start_review(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue,
    limits: ReviewLimits = DEFAULT_LIMITS,
    suffix: str = "",
) -> ReviewRunner:
    """A running review projection; it reads the cases' events with a hub of its own on the
    same store, closed with the runner. Its ``limits`` (the deployment's, from
    ``Settings.limits``) take the catalogue's prosecutors and local time (``review_limits``)."""
    limits = review_limits(catalogue, limits)
    env = review_env(store_env, data_dir)
    if env["PERSISTENCE_MODULE"] == POSTGRES:
        # One thread reads with it: one connection, not the pool a hub has by default.
        env = {**env, f"{Hub.name.upper()}_POSTGRES_POOL_SIZE": "1"}
    reader = Hub(env, catalogue=catalogue, limits=limits)
    try:

        def projection(view: ReviewView) -> ReviewProjection:
            return ReviewProjection(view, reader=reader, limits=limits)

        name = ReviewProjection.name
        renames = renames_mark(catalogue)
        return _start(
            name, suffix, projection, store_env, data_dir, on_close=reader.close, renames=renames
        )
    except BaseException:
        reader.close()
        raise


def start_audit(
    store_env: dict[str, str], data_dir: Path | None, *, suffix: str = ""
) -> AuditRunner:
    """A running audit log: every stored record becomes a leaf."""
    runner = _start(
        AuditLogProjection.name,
        suffix,
        AuditLogProjection,
        store_env,
        data_dir,
        runner_class=AuditRunner,
    )
    assert isinstance(runner, AuditRunner)  # for the type checker: built as one just above
    return runner


def review_limits(catalogue: AgencyCatalogue, base: ReviewLimits = DEFAULT_LIMITS) -> ReviewLimits:
    """``base`` with what the rules take from the deployment's catalogue, which they do not
    read: its prosecution agencies, and its local time for counting business days."""
    prosecutors = frozenset(a.code for a in catalogue.by_kind(AgencyKind.PROSECUTION))
    return replace(base, prosecutors=prosecutors, local_offset=catalogue.utc_offset)


def _start(
    projection_name: str,
    suffix: str,
    make_projection: ProjectionFactory[TView],
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    runner_class: type[ViewRunner[Any]] = ViewRunner,
    on_close: Any = None,
    renames: str | None = None,
) -> ViewRunner[TView]:
    name = named(projection_name, suffix)
    env = view_env(name, store_env, data_dir)
    if data_dir is not None and env["PERSISTENCE_MODULE"] == SQLITE:
        open_private_dir(data_dir)
    # Taken before the runner follows the log: on PostgreSQL this waits for another keeper.
    lock = hold_role(name.lower(), store_env, data_dir)
    try:
        runner: ViewRunner[TView] = runner_class(
            name=name,
            view_class=view_class(name, env),
            make_projection=make_projection,
            env=env,
            lock=lock,
            on_close=on_close,
            renames=renames,
        )
    except BaseException:
        lock.release()
        raise
    return runner
