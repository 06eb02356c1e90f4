"""The verifiable history's figures: offline verification, proofs, the audit log's cost.

``python -m bench`` measures them after the commands' figures on each store, and prints them last;
``--part audit`` measures them alone, in about a minute and a half on the 2-core machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench import audit_export, audit_load, audit_proofs, offline_verify
from bench.audit_proofs import Timing, format_timings
from bench.results import Lag, Result, format_lags, format_table

GOAL = 100_000  # the target for offline verification, in events per second


@dataclass(frozen=True)
class OfflineCounts:
    """The export verified offline: the same on every store, since it is read from memory."""

    records: int
    every: int  # records between two checkpoints
    seed_cases: int  # real cases whose stored records are repeated
    rounds: int


@dataclass(frozen=True)
class StoreCounts:
    """The audit log's figures on one store: its proofs, and the loads it follows."""

    leaves: int  # in the audit log that proofs are read from
    samples: int  # operations timed of each kind
    rounds: int
    load_cases: int  # per load; a case is 9 commands and 10 events
    warmup_load_cases: int


OFFLINE = OfflineCounts(records=100_000, every=1_000, seed_cases=32, rounds=3)
QUICK_OFFLINE = OfflineCounts(records=5_000, every=1_000, seed_cases=8, rounds=1)
COUNTS = {
    "sqlite": StoreCounts(
        leaves=100_000, samples=500, rounds=5, load_cases=64, warmup_load_cases=16
    ),
    "postgres": StoreCounts(
        leaves=100_000, samples=200, rounds=5, load_cases=48, warmup_load_cases=16
    ),
}
QUICK = StoreCounts(leaves=5_000, samples=50, rounds=1, load_cases=16, warmup_load_cases=8)


@dataclass
class History:
    """The figures measured so far, printed together at the end of the run."""

    quick: bool
    concurrency: int
    verify: list[Result] = field(default_factory=list)
    made_of: str = ""  # what the export verified offline holds
    proofs: list[Timing] = field(default_factory=list)
    loads: list[Result] = field(default_factory=list)
    lags: list[Lag] = field(default_factory=list)

    def measure_offline(self) -> None:
        counts = QUICK_OFFLINE if self.quick else OFFLINE
        seed = audit_export.stored_records(counts.seed_cases)
        export = audit_export.build(seed, counts.records, counts.every)
        self.made_of = (
            f"{export.records:,} records: the {export.seed} records a real hub stored for "
            f"{counts.seed_cases} cases, repeated under fresh case ids;\n{export.checkpoints} "
            f"signed checkpoints (one every {counts.every:,} records); "
            f"{sum(map(len, export.leaves)) / export.records:.0f} bytes a leaf on average"
        )
        self.verify += offline_verify.run(export, counts.rounds)

    def measure(self, store: str) -> None:
        counts = QUICK if self.quick else COUNTS[store]
        self.proofs += audit_proofs.run(store, counts.leaves, counts.samples)
        loads, lag = audit_load.run(
            store, counts.rounds, counts.load_cases, counts.warmup_load_cases, self.concurrency
        )
        self.loads += loads
        self.lags.append(lag)

    def failed(self) -> list[str]:
        """The stores where the audit log stopped following the log: a defect, not a figure."""
        return list(dict.fromkeys(lag.store for lag in self.lags if lag.failure))

    def __str__(self) -> str:
        sections: list[str] = []
        if self.verify:
            sections += [
                f"Offline verification of an export of {self.made_of}.",
                format_table(self.verify),
                "ops = records of the export; ratio = ops/s / SHA-256 of the same leaves in this "
                f"run.\nverify_export: {self.verify[-2].rate:,.0f} events/s in one process, "
                f"{self.verify[-1].rate:,.0f} with workers; target: >= {GOAL:,}.",
            ]
        if self.proofs:
            sections += [
                format_timings(self.proofs),
                "work = node reads, one query each (root and proofs also read the tree's size), "
                "or the hashes\nin a proof; × baseline = median / the median of the baseline "
                "above it, on the same store.",
            ]
        if self.loads:
            stores = dict.fromkeys(result.store for result in self.loads)
            extra = "; ".join(_extra(self.loads, store) for store in stores)
            sections += [
                format_table(self.loads),
                "ops = events appended (a case: 9 commands, 10 events); p50/p99: per command.\n"
                f"The audit log following adds, per event: {extra}.",
                format_lags(self.lags),
                "lag = log positions not yet in the audit log, sampled while the load runs.",
            ]
        return "\n\n".join(["The verifiable history", *sections] if sections else [])


def _extra(loads: list[Result], store: str) -> str:
    """The wall time per event the audit log adds on ``store``, from the two figures' rates."""
    alone, followed = (r for r in loads if r.store == store)
    extra = 1 / followed.rate - 1 / alone.rate
    return f"{extra * 1000:.2f} ms on {store} ({extra * alone.rate:+.0%} time)"
