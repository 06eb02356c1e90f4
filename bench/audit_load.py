"""What the audit log costs the hub's writes: the same load with and without it following.

The load is ``hub_load.drive``'s (cases opened and run along their paths by concurrent threads,
the hub called directly). In each round it runs once alone and once with the audit log's runner
following the log in the same process, as ``ruta serve`` keeps it; so the difference is what
hashing every record, keeping the tree and writing it cost the writers, in throughput and
latency. Meanwhile the audit log's lag is sampled as the caseload view's is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.view_runners import start_audit
from adapters.view_runner import AuditRunner, CaseloadRunner
from bench import hub_load, projection_lag
from bench.http_load import Outcome
from bench.projection_lag import LagSampler, ViewFailed, lag_of
from bench.results import Batch, Lag, Result
from bench.stores import provision
from domain.hub import Hub

ALONE = "events, hub direct ({concurrency} threads)"
FOLLOWED = "events, the same with the audit log following"
LOAD = "audit log, direct load"


def run(
    store: str, rounds: int, cases: int, warmup_cases: int, concurrency: int
) -> tuple[list[Result], Lag]:
    """Measure on a fresh store of kind ``store``: per round, ``cases`` cases without the audit
    log, then ``cases`` more with it; the runner is started (and caught up, untimed) for each
    load it follows and stopped after it, so that the loads without it run alone."""
    alone, followed = _Loads(), _Loads()
    failure: str | None = None
    with provision(store) as where:
        runtime = build_runtime(where.hub_settings)
        env, data_dir = store_env(where.hub_settings), where.hub_settings.data_dir
        try:
            hub = runtime.hub
            hub_load.drive(hub, warmup_cases, concurrency)
            for _ in range(rounds):
                alone.add(hub, lambda: hub_load.drive(hub, cases, concurrency))
                if failure is not None:  # the runner stopped: the loads go on alone
                    continue
                with start_audit(env, data_dir) as runner:
                    try:
                        _follow(hub, runner, followed, cases, concurrency)
                    except ViewFailed as e:
                        failure = f"the audit log stopped following the log: {e.__cause__}"
        finally:
            runtime.close()
    baseline = alone.result(store, ALONE.format(concurrency=concurrency))
    return (
        [baseline, followed.result(store, FOLLOWED, baseline=baseline.rate)],
        followed.lag(store, failure),
    )


def _follow(hub: Hub, runner: AuditRunner, loads: _Loads, cases: int, concurrency: int) -> None:
    # The sampler and catch_up read only what every runner has: its view's tracking, its name.
    view = cast(CaseloadRunner, runner)
    projection_lag.catch_up(hub, view)  # the records of the loads it did not follow
    with LagSampler(hub, view) as sampler:
        loads.add(hub, lambda: hub_load.drive(hub, cases, concurrency))
    loads.samplers.append(sampler)
    loads.catch_ups.append(projection_lag.catch_up(hub, view))


@dataclass
class _Loads:
    """The loads of one kind: how many events each appended, in what time, each command's
    latency; and, for those the audit log followed, its lag."""

    batches: list[Batch] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    samplers: list[LagSampler] = field(default_factory=list)
    catch_ups: list[float] = field(default_factory=list)

    def add(self, hub: Hub, load: Callable[[], Outcome]) -> None:
        head = hub.recorder.max_notification_id() or 0
        outcome = load()
        events = (hub.recorder.max_notification_id() or 0) - head
        self.batches.append(Batch(events, outcome.seconds))
        self.latencies += outcome.latencies

    def result(self, store: str, figure: str, baseline: float | None = None) -> Result:
        return Result(
            store, figure, tuple(self.batches), baseline=baseline, latencies=tuple(self.latencies)
        )

    def lag(self, store: str, failure: str | None) -> Lag:
        return lag_of(store, LOAD, self.samplers, self.catch_ups, failure)
