"""The batch sizes, a measured figure, and the table that prints the figures."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Batch:
    ops: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.ops / self.seconds


@dataclass(frozen=True)
class Result:
    """One figure: its timed batches, and the bare figure it is compared with, if any."""

    store: str
    figure: str
    batches: tuple[Batch, ...]
    baseline: float | None = None

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


def timed(operation: Callable[[int], object], count: int) -> float:
    """Seconds taken by ``operation(0) ... operation(count - 1)``, by the performance counter."""
    start = time.perf_counter()
    for i in range(count):
        operation(i)
    return time.perf_counter() - start


def format_table(results: Sequence[Result]) -> str:
    header = (
        "store",
        "figure",
        "ops",
        "seconds",
        "ops/s",
        "rounds min-max",
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
            "" if r.baseline is None else f"{r.baseline:,.0f}",
            "" if r.ratio is None else f"{r.ratio:.2f}",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
