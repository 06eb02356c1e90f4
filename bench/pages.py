"""Page render times with 5,000 cases: the findings board, a case review page, the statistics.

The store is loaded through the hub (``bench.loaded_site``), the views catch up, and then a
commission person's browser asks for each page in turn. The baseline is the API's JSON answer
for the same data in the same run (the findings, the case's timeline and custody, the
statistics), so the ratio says what rendering a page costs over reading what it shows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx2 as httpx

from bench.loaded_site import loaded
from domain.actor import Role

CASES = 5_000
QUICK_CASES = 300
REQUESTS = 100
WARMUP = 10


@dataclass(frozen=True)
class Timing:
    """One page and its baseline: each request timed alone, in milliseconds."""

    page: str
    baseline: str
    page_ms: list[float]
    baseline_ms: list[float]

    def row(self) -> str:
        p50, p99 = percentiles(self.page_ms)
        b50, b99 = percentiles(self.baseline_ms)
        return (
            f"{self.page:<28} {p50:>8.1f} {p99:>8.1f}   {self.baseline:<28} {b50:>8.1f} "
            f"{b99:>8.1f}   {p50 / b50:>6.2f}"
        )


def run(quick: bool = False) -> list[Timing]:
    with loaded(QUICK_CASES if quick else CASES) as site:
        folio = site.folios[len(site.folios) // 2 + 1]  # a child's case stopped part-way, or near
        with (
            site.person("cdheqroo", Role.COMMISSION, login="bench") as browser,
            site.system("cdheqroo", Role.COMMISSION, label="bench api") as api,
        ):
            return [
                measure(browser, api, name, pages, baseline, baselines)
                for name, pages, baseline, baselines in _pairs(folio)
            ]


def report(timings: list[Timing], count: int) -> str:
    lines = [
        f"Pages with {count} cases (SQLite), ms per request, each request timed alone:",
        f"{'page':<28} {'p50':>8} {'p99':>8}   {'baseline (API, JSON)':<28} {'p50':>8} "
        f"{'p99':>8}   {'ratio':>6}",
        *(t.row() for t in timings),
        "ratio = page p50 / baseline p50: what rendering the page adds to reading its data.",
    ]
    return "\n".join(lines)


def _pairs(folio: str) -> list[tuple[str, list[str], str, list[str]]]:
    """Each page, and the API reads that fetch what it shows."""
    case = f"/cases/{folio}"
    return [
        ("findings board", ["/comision/hallazgos"], "GET /review/findings", ["/review/findings"]),
        (
            "case review page",
            [f"/comision/casos/{folio}"],
            "GET case, timeline, custody",
            [case, f"{case}/timeline", f"{case}/custody"],
        ),
        (
            "statistics page",
            ["/comision/estadisticas"],
            "GET /review/statistics",
            ["/review/statistics"],
        ),
    ]


def measure(
    browser: httpx.Client,
    api: httpx.Client,
    name: str,
    pages: list[str],
    baseline: str,
    baselines: list[str],
) -> Timing:
    print(f"  timing the {name}...", flush=True)
    page_ms = time_requests(lambda: get_all(browser, pages))
    baseline_ms = time_requests(lambda: get_all(api, baselines))
    return Timing(name, baseline, page_ms, baseline_ms)


def get_all(client: httpx.Client, paths: list[str]) -> None:
    for path in paths:
        _get(client, path)


def _get(client: httpx.Client, path: str) -> None:
    answer = client.get(path)
    if answer.status_code != 200:
        raise RuntimeError(f"GET {path} answered {answer.status_code}")


def time_requests(request: Callable[[], object]) -> list[float]:
    for _ in range(WARMUP):
        request()
    found = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        request()
        found.append((time.perf_counter() - start) * 1000)
    return found


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
