"""Figures 1 to 4 on one store: raw appends, cases opened, lifecycle commands, and the ratios."""

from __future__ import annotations

from contextlib import closing

from adapters.bootstrap import build_runtime
from bench import bare_append, lifecycle, opening
from bench.bare_append import RawAppends
from bench.results import Batch, Counts, Result
from bench.stores import provision


def run(store: str, counts: Counts) -> list[Result]:
    """Measure on a fresh store of kind ``store``; the hub's figures carry the bare baseline.

    The three figures are measured in turns, one batch of each per round, so that a slow spell
    of the machine (a busy disk, another process) weighs on all three alike.
    """
    appends: list[Batch] = []
    openings: list[Batch] = []
    commands: list[Batch] = []
    with provision(store) as where, closing(RawAppends(where)) as bare:
        # The hub exactly as production builds it: the composition root, real sealer and keys.
        runtime = build_runtime(where.hub_settings)
        try:
            hub = runtime.hub
            bare.batch(counts.warmup)
            opening.batch(hub, counts.warmup)
            lifecycle.batch(hub, counts.warmup_cases)
            for _ in range(counts.rounds):
                appends.append(Batch(counts.appends, bare.batch(counts.appends)))
                openings.append(Batch(counts.openings, opening.batch(hub, counts.openings)))
                seconds, ops = lifecycle.batch(hub, counts.lifecycle_cases)
                commands.append(Batch(ops, seconds))
        finally:
            runtime.close()
    baseline = Result(store, bare_append.FIGURE, tuple(appends))
    return [
        baseline,
        Result(store, opening.FIGURE, tuple(openings), baseline=baseline.rate),
        Result(store, lifecycle.FIGURE, tuple(commands), baseline=baseline.rate),
    ]
