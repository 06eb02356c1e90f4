"""How fast the caseload view catches up from empty, beside the decoded read of the same log.

``python -m bench.catch_up [cases] [--keep DIR] [--postgres SCHEMA]`` loads ``cases`` realistic
cases through the hub (``bench.loaded_site.load``: the benchmarks' adult and child paths, one in
five stopped part-way) into a SQLite store, or PostgreSQL in ``SCHEMA``, then, in the same run,
times reading and decoding the whole log (the baseline: what any follower must do) and building
the caseload view from empty to the log's head in storage of its own. ``--keep DIR`` keeps the
loaded store (and the schema) and reuses it, so that two versions of the code can be measured
on the same log.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.view_runners import start_caseload
from adapters.master_key import create_master_key
from adapters.settings import Settings
from adapters.view_rebuild import discard
from bench.loaded_site import StepClock, load
from bench.stores import POSTGRES_CONNINFO, POSTGRES_URL
from domain.hub import Hub

PAGE = 1000
VIEW = "Caseload_bench"


def decoded_read(hub: Hub) -> tuple[int, float]:
    """Every record of the log read in pages and decoded as a follower decodes it."""
    start, count, after = time.perf_counter(), 0, 0
    while page := hub.recorder.select_notifications(after, PAGE, inclusive_of_start=False):
        for n in page:
            hub.mapper.to_domain_event(n)
        count, after = count + len(page), page[-1].id
    return count, time.perf_counter() - start


def caseload_catch_up(hub: Hub, settings: Settings) -> float:
    """Seconds for a caseload view from empty to the log's head, in a file of its own."""
    env = store_env(settings)
    discard(VIEW, env, settings.data_dir)
    head = hub.recorder.max_notification_id() or 0
    start = time.perf_counter()
    with start_caseload(env, settings.data_dir, catalogue=hub.catalogue, suffix="_bench") as r:
        r.wait(head, timeout=1200)
        seconds = time.perf_counter() - start
    discard(VIEW, env, settings.data_dir)
    return seconds


def settings_of(directory: Path, schema: str | None) -> Settings:
    """The store's settings: SQLite under ``directory``, or PostgreSQL in ``schema``."""
    if schema is None:
        return Settings.from_env({"RUTA_DATA_DIR": str(directory / "hub")})
    key_file = directory / "master.key"
    if not key_file.exists():
        directory.mkdir(parents=True, exist_ok=True)
        create_master_key(key_file)
    with psycopg.connect(POSTGRES_CONNINFO, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    return Settings.from_env(
        {
            "RUTA_DATA_DIR": str(directory / "hub"),
            "RUTA_STORE": f"{POSTGRES_URL}?schema={schema}",
            "RUTA_MASTER_KEY_FILE": str(key_file),
            "RUTA_CHECKPOINT_KEY_FILE": str(directory / "checkpoint.key"),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="?", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="a directory to keep the loaded store in")
    parser.add_argument("--postgres", metavar="SCHEMA", help="on PostgreSQL, in this schema")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="ruta-catch-up-"))
    settings = settings_of(directory, args.postgres)
    try:
        runtime = build_runtime(settings)
        if runtime.hub.recorder.max_notification_id() is None:
            runtime.close()
            clock = StepClock(datetime.now(UTC))
            loading = build_runtime(settings, clock=clock)
            print(f"loading {args.cases} cases through the hub...", flush=True)
            load(loading.hub, clock, args.cases)
            loading.close()
            runtime = build_runtime(settings)
        try:
            hub = runtime.hub
            events, read = decoded_read(hub)
            seconds = caseload_catch_up(hub, settings)
        finally:
            runtime.close()
        print(f"log: {events} events")
        print(f"decoded read: {events / read:,.0f} events/s ({read:.2f} s)")
        print(f"caseload catch-up from empty: {events / seconds:,.0f} events/s ({seconds:.2f} s)")
        print(f"ratio: {read / seconds:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(directory, ignore_errors=True)
            if args.postgres:
                with psycopg.connect(POSTGRES_CONNINFO, autocommit=True) as conn:
                    drop = sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(args.postgres))
                    conn.execute(drop)


if __name__ == "__main__":
    main()
