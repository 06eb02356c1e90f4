"""The batch sizes, a measured figure, and the tables that print the figures."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    """How many operations each figure times per round, after untimed warm-up ones."""

    rounds: int
    appends: int
    openings: int
    lifecycle_cases: int  # each case takes every step of its path, one command per step
    warmup: int
    warmup_cases: int
    load_cases: int  # per round, shared by the concurrent clients: HTTP and the hub direct
    warmup_load_cases: int


@dataclass(frozen=True)
class Batch:
    ops: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.ops / self.seconds


@dataclass(frozen=True)
class Result:
    """One figure: its timed batches, and the figure it is compared with, if any.

    ``latencies`` (seconds) are there when each operation was timed on its own.
    """

    store: str
    figure: str
    batches: tuple[Batch, ...]
    baseline: float | None = None
    latencies: tuple[float, ...] = ()

    @property
    def ops(self) -> int:
        return sum(b.ops for b in self.batches)

    @property
    def seconds(self) -> float:
        return sum(b.seconds for b in self.batches)

    @property
    def rate(self) -> float:
        return self.ops / self.seconds

    @property
    def ratio(self) -> float | None:
        return None if self.baseline is None else self.rate / self.baseline


@dataclass(frozen=True)
class Lag:
    """How far a view trailed the log while loads ran, and how long it took to catch up.

    ``appended`` and ``processed`` are the log positions the log and the view advanced by
    while the loads ran, in ``seconds`` all told.
    """

    store: str
    load: str
    samples: tuple[int, ...]  # positions of the log not yet in the view, every few milliseconds
    catch_up: tuple[float, ...]  # seconds, one per load: from its end to the view at its end
    appended: int
    processed: int
    seconds: float
    failure: str | None = None  # why the view stopped following the log, if it did


def timed(operation: Callable[[int], object], count: int) -> float:
    """Seconds taken by ``operation(0) ... operation(count - 1)``, by the performance counter."""
    start = time.perf_counter()
    for i in range(count):
        operation(i)
    return time.perf_counter() - start


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``fraction`` of them reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def format_table(results: Sequence[Result]) -> str:
    header = (
        "store",
        "figure",
        "ops",
        "seconds",
        "ops/s",
        "rounds min-max",
        "p50 ms",
        "p99 ms",
        "baseline ops/s",
        "ratio",
    )
    rows = [header] + [
        (
            r.store,
            r.figure,
            str(r.ops),
            f"{r.seconds:.2f}",
            f"{r.rate:,.0f}",
            f"{min(b.rate for b in r.batches):,.0f}-{max(b.rate for b in r.batches):,.0f}",
            _ms(r.latencies, 0.5),
            _ms(r.latencies, 0.99),
            "" if r.baseline is None else f"{r.baseline:,.0f}",
            "" if r.ratio is None else f"{r.ratio:.2f}",
        )
        for r in results
    ]
    return _render(rows, text_columns=2)


def format_lags(lags: Sequence[Lag]) -> str:
    header = (
        "store",
        "view, under",
        "samples",
        "max lag",
        "p99 lag",
        "catch-up ms median",
        "max",
        "log events/s",
        "view events/s",
    )
    rows = [header] + [
        (
            lag.store,
            lag.load,
            str(len(lag.samples)),
            str(max(lag.samples)) if lag.samples else "",
            f"{percentile(lag.samples, 0.99):.0f}" if lag.samples else "",
            f"{percentile(lag.catch_up, 0.5) * 1000:.0f}" if lag.catch_up else "",
            f"{max(lag.catch_up) * 1000:.0f}" if lag.catch_up else "",
            f"{lag.appended / lag.seconds:,.0f}" if lag.seconds else "",
            f"{lag.processed / lag.seconds:,.0f}" if lag.seconds else "",
        )
        for lag in lags
    ]
    notes = dict.fromkeys(f"{lag.store}: {lag.failure}" for lag in lags if lag.failure)
    return "\n".join([_render(rows, text_columns=2), *notes])


def _ms(latencies: Sequence[float], fraction: float) -> str:
    return f"{percentile(latencies, fraction) * 1000:.1f}" if latencies else ""


def _render(rows: Sequence[Sequence[str]], text_columns: int) -> str:
    """Columns padded to their widest cell: text to the left, figures to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if i < text_columns else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
