"""Run every benchmark and print one table: ``python -m bench [--quick] [--store ...]``."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Sequence
from datetime import datetime
from importlib.metadata import version

from bench import hub_throughput
from bench.results import Counts, Result, format_table
from bench.stores import STORES, postgres_problem

# Per round; five rounds keep the whole run well within three minutes on a 2-core machine.
COUNTS = {
    "sqlite": Counts(
        rounds=5, appends=800, openings=300, lifecycle_cases=50, warmup=100, warmup_cases=10
    ),
    "postgres": Counts(
        rounds=5, appends=400, openings=150, lifecycle_cases=30, warmup=50, warmup_cases=6
    ),
}
QUICK = Counts(rounds=1, appends=100, openings=40, lifecycle_cases=6, warmup=10, warmup_cases=2)
AIM = 0.5  # the hub/bare ratio the issue aims at


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    parser.add_argument("--store", choices=[*STORES, "all"], default="all")
    args = parser.parse_args(argv)
    print(
        f"Ruta benchmarks, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: "
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        f"eventsourcing {version('eventsourcing')}" + (", quick run" if args.quick else "")
    )
    results: list[Result] = []
    for store in STORES if args.store == "all" else (args.store,):
        if store == "postgres" and (problem := postgres_problem()):
            message = f"PostgreSQL at 127.0.0.1:5432 is not reachable: {problem}"
            if os.environ.get("CI"):
                print(f"{message} (needed when CI is set)", file=sys.stderr)
                return 1
            print(f"{message}; skipped")
            continue
        print(f"measuring on {store}...", flush=True)
        results += hub_throughput.run(store, QUICK if args.quick else COUNTS[store])
    if not results:
        print("nothing measured")
        return 0
    print()
    print(format_table(results))
    print(
        f"\nratio = hub ops/s / bare appends/s on the same store (the issue aims at >= {AIM});"
        "\none event per transaction everywhere; a lifecycle command loads its case first."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
