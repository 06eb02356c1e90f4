"""Rebuilding a view from the log into fresh storage and comparing it with the live one.

A view is only a cache of the events: thrown away and built again it must say the same. The
rebuilt view lives beside the live one (its own SQLite file, its own PostgreSQL tables, named
with a suffix), is built by the same projection from position zero, compared, and discarded.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from adapters.bootstrap.view_runners import (
    start_audit,
    start_caseload,
    start_custody,
    start_review,
)
from adapters.view_settings import SQLITE, open_view
from domain.agencies import AgencyCatalogue
from domain.review_rules import DEFAULT_LIMITS, ReviewLimits
from merkle.signed_note import NoteError, parse_checkpoint
from projections.audit_log import AuditLogView
from projections.caseload_rows import ALL_CASES

REBUILT = "_rebuild"
VIEWS = {"caseload": "Caseload", "custody": "Custody", "review": "Review", "audit": "Audit"}
WAIT = 600.0  # seconds: a large log takes a while to replay


def rebuild_and_compare(
    view: str,
    store_env: dict[str, str],
    data_dir: Path | None,
    *,
    catalogue: AgencyCatalogue,
    cases: list[UUID],
    at: datetime,
    position: int,
    limits: ReviewLimits = DEFAULT_LIMITS,
) -> list[str]:
    """The differences between the live view and one rebuilt from the log up to ``position``.

    ``at`` is the time findings are read at (they depend on it). The live view must have
    reached ``position``; what it processed after it may show as differences, so run this on
    a quiet log or read the differences with that in mind. ``limits`` must be the live views'
    (the deployment's, ``Settings.limits``), or the findings and due times differ.
    """
    name = VIEWS[view]
    discard(name + REBUILT, store_env, data_dir)
    try:
        runner: Any
        if view == "caseload":
            runner = start_caseload(
                store_env,
                data_dir,
                catalogue=catalogue,
                handoff_limit=limits.handoff_ack,
                suffix=REBUILT,
            )
        elif view == "custody":
            runner = start_custody(store_env, data_dir, suffix=REBUILT)
        elif view == "audit":
            runner = start_audit(store_env, data_dir, suffix=REBUILT)
        else:
            runner = start_review(
                store_env, data_dir, catalogue=catalogue, limits=limits, suffix=REBUILT
            )
        with runner:
            runner.wait(position, timeout=WAIT)
        live = open_view(name, store_env, data_dir)
        again = open_view(name + REBUILT, store_env, data_dir)
        try:
            return list(COMPARISONS[view](live, again, Scope(catalogue, cases, at, position)))
        finally:
            live.close()
            again.close()
    finally:
        discard(name + REBUILT, store_env, data_dir)


@dataclass(frozen=True)
class Scope:
    """What a comparison covers: the agencies, the cases, and the time findings are read at."""

    catalogue: AgencyCatalogue
    cases: list[UUID]
    at: datetime
    position: int


def _caseload(live: Any, again: Any, scope: Scope) -> Iterator[str]:
    for agency in [ALL_CASES, *sorted(scope.catalogue.agencies)]:
        kept, built = _all_rows(live, agency), _all_rows(again, agency)
        yield from _differences(f"caseload {agency}", kept, built, key=lambda e: str(e.case_id))


def _custody(live: Any, again: Any, scope: Scope) -> Iterator[str]:
    for case_id in scope.cases:
        if live.chain(case_id) != again.chain(case_id):
            yield f"custody {case_id}: the live chain differs from the rebuilt one"


def _review(live: Any, again: Any, scope: Scope) -> Iterator[str]:
    kept, built = _all_findings(live, scope.at), _all_findings(again, scope.at)
    yield from _differences("review", kept, built, key=repr)


def _audit(live: AuditLogView, again: AuditLogView, scope: Scope) -> Iterator[str]:
    """Leaf by leaf up to the rebuilt tree's size, then the stored inner nodes (through the
    root) and every checkpoint the live log signed within that size."""
    # The leaves of the records up to the position compared (the rebuilt tree may go further).
    last = again.index_of(scope.position)
    size = again.size() if last is None else last + 1
    if live.size() < size:
        yield f"audit log: the live tree has {live.size()} leaves, the rebuilt one {size}"
        size = live.size()
    shown = 0
    for start in range(0, size, LEAF_PAGE):
        count = min(LEAF_PAGE, size - start)
        for kept, built in zip(live.leaves(start, count), again.leaves(start, count), strict=True):
            if kept != built and shown < MAX_LEAVES_SHOWN:
                shown += 1
                yield f"audit log: leaf {kept.index} (position {kept.position}) differs"
    if size and live.root(size) != again.root(size):
        yield f"audit log: the live root of {size} leaves differs from the rebuilt one"
    for stored in live.checkpoints_between(1, size):
        try:
            signed = parse_checkpoint(stored.note.split("\n\n", 1)[0] + "\n").root
        except NoteError:
            yield f"audit log: the checkpoint of {stored.size} leaves cannot be read"
            continue
        if signed != again.root(stored.size):
            yield f"audit log: the checkpoint of {stored.size} leaves signs another root"


COMPARISONS: dict[str, Callable[[Any, Any, Scope], Iterator[str]]] = {
    "caseload": _caseload,
    "custody": _custody,
    "review": _review,
    "audit": _audit,
}
LEAF_PAGE = 1000
MAX_LEAVES_SHOWN = 20  # one changed record changes one leaf; many are shown as the first few


def _differences(
    what: str, kept: list[Any], built: list[Any], key: Callable[[Any], str]
) -> Iterator[str]:
    kept_by, built_by = {key(k): k for k in kept}, {key(b): b for b in built}
    for name in sorted(kept_by.keys() - built_by.keys()):
        yield f"{what}: {name} is in the live view only"
    for name in sorted(built_by.keys() - kept_by.keys()):
        yield f"{what}: {name} is in the rebuilt view only"
    for name in sorted(kept_by.keys() & built_by.keys()):
        if kept_by[name] != built_by[name]:
            yield f"{what}: {name} differs"


def _all_rows(view: Any, agency: str) -> list[Any]:
    rows: list[Any] = []
    after = None
    while page := view.caseload(agency, after=after, limit=1000):
        rows.extend(page)
        after = page[-1].cursor
    return rows


def _all_findings(view: Any, at: datetime) -> list[Any]:
    found: list[Any] = []
    after = None
    while True:
        page = view.findings(at=at, state="all", limit=1000, after=after)
        found.extend(page)
        if (after := page.next_cursor) is None:
            return found


def discard(name: str, store_env: dict[str, str], data_dir: Path | None) -> None:
    """Remove a rebuilt view's storage: its SQLite file, or its PostgreSQL tables."""
    if store_env.get("PERSISTENCE_MODULE") == SQLITE:
        if data_dir is None:
            return
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (data_dir / f"{name.lower()}.db{suffix}").unlink()
        return
    prefix = f"{name.lower()}_"
    conninfo = " ".join(
        f"{key}={store_env[f'POSTGRES_{key.upper()}']}"
        for key in ("host", "port", "user", "dbname")
    )
    password = store_env.get("POSTGRES_PASSWORD")
    with psycopg.connect(conninfo, password=password or None, autocommit=True) as conn:
        schema = store_env.get("POSTGRES_SCHEMA") or "public"
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND starts_with(table_name, %s)",
            (schema, prefix),
        ).fetchall()
        for (table,) in tables:
            conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(schema, table)))
