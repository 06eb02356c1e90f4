"""Run every benchmark and print its tables: ``python -m bench [--quick] [--store|--part ...]``."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Sequence
from datetime import datetime
from importlib.metadata import version

from bench import caseworker_pages, cli_start, http_throughput, hub_throughput, pages, relay, waits
from bench.projection_lag import INTERVAL
from bench.results import Counts, Lag, Result, format_lags, format_table
from bench.stores import STORES, postgres_problem
from bench.verifiable_history import History

# Per round; five rounds keep the whole run within about three minutes on a 2-core machine.
COUNTS = {
    "sqlite": Counts(
        rounds=5,
        appends=800,
        openings=300,
        lifecycle_cases=50,
        warmup=100,
        warmup_cases=10,
        load_cases=64,
        warmup_load_cases=16,
    ),
    "postgres": Counts(
        rounds=5,
        appends=400,
        openings=150,
        lifecycle_cases=30,
        warmup=50,
        warmup_cases=6,
        load_cases=64,
        warmup_load_cases=16,
    ),
}
QUICK = Counts(
    rounds=1,
    appends=100,
    openings=40,
    lifecycle_cases=6,
    warmup=10,
    warmup_cases=2,
    load_cases=16,
    warmup_load_cases=8,
)
AIM = 0.5  # the target: the hub at least half as fast as bare appends to the same store


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    parser.add_argument("--store", choices=[*STORES, "all"], default="all")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=http_throughput.CONCURRENCY,
        help="HTTP clients, and hub threads beside them (default: %(default)s)",
    )
    parser.add_argument(
        "--part",
        choices=["all", "commands", "audit", "relay", "waits", "pages", "caseworker", "cli"],
        default="all",
        help="the commands' figures, the verifiable history's, the Kafka relay's, health and "
        "reads beside 504 pending waits, the commission's pages' render times with 5,000 cases, "
        "a caseworker's (and a detection saved on the page), the start-up of `ruta --help`, "
        "or all "
        "(default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    commands, audit = args.part in ("all", "commands"), args.part in ("all", "audit")
    relaying = args.part in ("all", "relay") and relay.usable()
    waiting = args.part in ("all", "waits")
    rendering = args.part in ("all", "pages")
    working = args.part in ("all", "caseworker")
    starting = args.part in ("all", "cli")
    print(
        f"Ruta benchmarks, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: "
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        f"eventsourcing {version('eventsourcing')}" + (", quick run" if args.quick else "")
    )
    results: list[Result] = []
    relayed: list[Result] = []
    waited: list[Result] = []
    lags: list[Lag] = []
    history = History(args.quick, args.concurrency)
    if audit:
        print("measuring offline verification...", flush=True)
        history.measure_offline()
    for store in STORES if args.store == "all" else (args.store,):
        if store == "postgres" and (problem := postgres_problem()):
            message = f"PostgreSQL at 127.0.0.1:5432 is not reachable: {problem}"
            if os.environ.get("CI"):
                print(f"{message} (needed when CI is set)", file=sys.stderr)
                return 1
            print(f"{message}; skipped")
            continue
        if commands:
            print(f"measuring on {store}...", flush=True)
            counts = QUICK if args.quick else COUNTS[store]
            results += hub_throughput.run(store, counts)
            print(f"measuring HTTP on {store}...", flush=True)
            figures, lag = http_throughput.run(store, counts, args.concurrency)
            results += figures
            lags += lag
        if audit:
            print(f"measuring the audit log on {store}...", flush=True)
            history.measure(store)
        if relaying:
            print(f"measuring the Kafka relay on {store}...", flush=True)
            relayed += relay.run(store, relay.QUICK if args.quick else relay.COUNTS)
        if waiting:
            print(f"measuring health and reads beside pending waits on {store}...", flush=True)
            waited += waits.run(store, args.quick)
    status = _report_commands(results, lags) if results else 0
    if audit:
        print(f"\n{history}")
        if stores := history.failed():
            # Not a figure: the audit log lost its place in the log, a defect to fix.
            print(
                f"\nthe audit log stopped following the log on {', '.join(stores)}", file=sys.stderr
            )
            status = 1
    elif (
        not results
        and not relayed
        and not waited
        and not rendering
        and not working
        and not starting
    ):
        print("nothing measured")
    if rendering:
        print("measuring the pages with 5,000 cases on sqlite...", flush=True)
        count = pages.QUICK_CASES if args.quick else pages.CASES
        print(f"\n{pages.report(pages.run(args.quick), count)}")
    if working:
        print("measuring a caseworker's pages with 5,000 cases on sqlite...", flush=True)
        count = pages.QUICK_CASES if args.quick else pages.CASES
        print(f"\n{caseworker_pages.report(caseworker_pages.run(args.quick), count)}")
    if starting:
        print("measuring the start-up of ruta --help...", flush=True)
        print(f"\n{cli_start.report(cli_start.run(args.quick))}")
    if relayed:
        print(f"\n{relay.report(relayed)}")
    if waited:
        print(f"\n{waits.report(waited)}")
    return status


def _report_commands(results: Sequence[Result], lags: Sequence[Lag]) -> int:
    """Print the commands' tables; 1 if the caseload view stopped following the log."""
    print()
    print(format_table(results))
    print(
        f"\nratio = ops/s / baseline ops/s on the same store: the hub's single-thread figures "
        f"against bare appends\n(target: >= {AIM}), HTTP against the hub called "
        "directly at the same concurrency.\nOne transaction per operation everywhere (one event; "
        "two when a case opens with its folio); a lifecycle\ncommand loads its case first. "
        "p50/p99: each command timed alone, as its caller waits for it (HTTP:\nfrom sending "
        "the request to reading the answer, by clients in a process of their own)."
    )
    print()
    print(format_lags(lags))
    print(
        "\nlag = log positions not yet in the caseload view, sampled every "
        f"{int(INTERVAL * 1000)} ms while a load runs;\ncatch-up = from the end of a load to the "
        "view at the log's last position; events/s = how fast the log\nand the view advanced "
        "during the loads (the lag grows while the view is the slower)."
    )
    if failed := [lag for lag in lags if lag.failure]:
        # Not a figure: the view lost its place in the log, which is a defect to fix.
        stores = ", ".join(dict.fromkeys(lag.store for lag in failed))
        print(f"\nthe caseload view stopped following the log on {stores}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
