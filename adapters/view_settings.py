"""Where each view is stored: its settings beside the hub's store, its classes, and reading it.

On SQLite each view lives in a file of its own (``caseload.db``, ``custody.db``, ``review.db``,
``audit.db`` in the data directory), because SQLite tables are not prefixed by projection; on
PostgreSQL the views share the hub's database and schema, with tables prefixed by the
projection's name. A ``suffix`` names another set of views beside the live ones
(``custody_rebuild.db``, ``custody_rebuild_chains``), built from empty to compare.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from adapters.data_dir import open_private_dir
from adapters.postgres_store import ride_out_outages
from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from domain.hub import Hub
from projections.audit_log import AuditLogProjection
from projections.audit_log_postgres import PostgresAuditLogView
from projections.audit_log_sqlite import SQLiteAuditLogView
from projections.caseload import CaseloadProjection
from projections.caseload_postgres import PostgresCaseloadView
from projections.caseload_sqlite import SQLiteCaseloadView
from projections.custody_chain import CustodyChainProjection
from projections.custody_chain_postgres import PostgresCustodyChainView
from projections.custody_chain_sqlite import SQLiteCustodyChainView
from projections.review import ReviewProjection
from projections.review_postgres import PostgresReviewView
from projections.review_sqlite import SQLiteReviewView

SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"

# Each view's classes, by the projection's name (which has no "_", so that a name and its
# suffix split at the first one): (SQLite view, PostgreSQL view).
_VIEW_CLASSES: dict[str, tuple[type[Any], type[Any]]] = {
    CaseloadProjection.name: (SQLiteCaseloadView, PostgresCaseloadView),
    CustodyChainProjection.name: (SQLiteCustodyChainView, PostgresCustodyChainView),
    ReviewProjection.name: (SQLiteReviewView, PostgresReviewView),
    AuditLogProjection.name: (SQLiteAuditLogView, PostgresAuditLogView),
}


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


def named(name: str, suffix: str) -> str:
    """The name of the projection ``name`` under ``suffix``: its settings, tables and file."""
    return name + checked_suffix(suffix)


def checked_suffix(suffix: str) -> str:
    if suffix and not re.fullmatch(r"_[a-z0-9_]{1,20}", suffix):
        raise ValueError("a suffix is _ and up to 20 lowercase letters, digits or _")
    return suffix


def view_class(name: str, env: dict[str, str]) -> type[Any]:
    """The class of the view ``name`` (with or without a suffix) on the store of ``env``."""
    sqlite, postgres = _VIEW_CLASSES[name.partition("_")[0]]
    return sqlite if env["PERSISTENCE_MODULE"] == SQLITE else postgres


def open_view(name: str, store_env: dict[str, str], data_dir: Path | None) -> Any:
    """The view of the projection ``name`` that another process keeps, opened to be read."""
    env = view_env(name, store_env, data_dir)
    if data_dir is not None and env["PERSISTENCE_MODULE"] == SQLITE:
        open_private_dir(data_dir)  # the view's file is made if that process has not made it yet
    factory = InfrastructureFactory[Any].construct(env=Environment(name, env))
    view = factory.tracking_recorder(view_class(name, env))
    ride_out_outages(view)
    return view
