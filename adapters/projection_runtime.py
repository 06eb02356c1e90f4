"""Running the caseload projection beside the hub's store: its settings and its runner.

The runner builds its own ``Hub`` from the same settings (it only reads the log, so it needs no
sealer) and follows the log in order, writing the view with its tracking record.
On SQLite the view lives in a file of its own, because SQLite tables are not prefixed by
projection; on PostgreSQL it shares the hub's database and schema with ``caseload_`` tables.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import TracebackType

from eventsourcing.projection import ProjectionRunner

from adapters.sqlite_subscription import SQLITE_RECORDER_TOPIC
from domain.agencies import AgencyCatalogue
from domain.hub import Hub
from projections.caseload import CaseloadProjection, CaseloadView
from projections.caseload_postgres import PostgresCaseloadView
from projections.caseload_rows import HANDOFF_LIMIT
from projections.caseload_sqlite import SQLiteCaseloadView

CASELOAD_DB = "caseload.db"
SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"


class CaseloadRunner(ProjectionRunner[Hub, CaseloadView]):
    """The library's runner, which also closes its view's connections when it stops."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc_val, exc_tb)
        finally:
            self.view.close()


def caseload_env(store_env: dict[str, str], data_dir: Path | None) -> dict[str, str]:
    """The runner's settings: the hub's own, and the view's under the ``CASELOAD_`` prefix."""
    env = dict(store_env)
    module = env.get("PERSISTENCE_MODULE")
    prefix = CaseloadProjection.name.upper()
    if module == SQLITE:
        if data_dir is None:
            raise ValueError("the caseload on SQLite needs a data directory for its own file")
        # Only the hub's recorder polls: the view's factory builds no application recorder.
        env[f"{Hub.name.upper()}_APPLICATION_RECORDER_TOPIC"] = SQLITE_RECORDER_TOPIC
        env[f"{prefix}_SQLITE_DBNAME"] = str(data_dir / CASELOAD_DB)
        return env
    if module == POSTGRES:
        return env  # the factory names the view's tables after the projection
    raise ValueError(
        f"the caseload follows a store other processes write: {SQLITE} or {POSTGRES}, "
        f"not {module or 'the in-memory store'}"
    )


def start_caseload(
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue | None = None,
    handoff_limit: timedelta = HANDOFF_LIMIT,
) -> CaseloadRunner:
    """A running caseload projection; use it as a context manager, which stops it on exit.

    ``runner.view`` answers queries; ``runner.wait(position, timeout)`` returns once the view
    has processed the log up to ``position``.
    """
    env = caseload_env(store_env, data_dir)
    view_class: type[CaseloadView]
    if env["PERSISTENCE_MODULE"] == SQLITE:
        assert data_dir is not None  # checked by caseload_env
        data_dir.mkdir(parents=True, exist_ok=True)
        view_class = SQLiteCaseloadView
    else:
        view_class = PostgresCaseloadView
    return CaseloadRunner(
        application_class=Hub,
        projection_class=CaseloadProjection.configured(
            catalogue=catalogue, handoff_limit=handoff_limit
        ),
        view_class=view_class,
        env=env,
    )
