"""Figures 5 to 7 on one store: commands over HTTP and through the hub direct; the view's lag.

The API runs as ``ruta serve`` runs it (the composition root, the caseload projection in the
same process, uvicorn) and the direct figure calls that very hub, so the ratio HTTP / direct is
what the HTTP edge costs. Both loads run the same commands at the same concurrency.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from bench import hub_load, projection_lag
from bench.http_load import LoadClient, Outcome
from bench.http_paths import AGENCIES, case_requests
from bench.http_server import serving
from bench.projection_lag import LagSampler, ViewFailed, lag_of
from bench.results import Batch, Counts, Lag, Result
from bench.stores import provision
from bench.workload import PATHS
from domain.actor import Actor, Role
from domain.hub import Hub

CONCURRENCY = 8
OPERATOR = Actor("ruta", "bench", frozenset({Role.ADMIN}))
VIEW = "caseload"


def figures(concurrency: int) -> tuple[str, str]:
    return (
        f"commands, hub direct ({concurrency} threads)",
        f"commands over HTTP ({concurrency} clients)",
    )


def run(
    store: str, counts: Counts, concurrency: int = CONCURRENCY
) -> tuple[list[Result], list[Lag]]:
    """Measure on a fresh store of kind ``store``, one direct and one HTTP load per round.

    Each load opens ``counts.load_cases`` cases and runs their paths. Before each load the view
    is let catch up, untimed, so that the lag sampled under a load is that load's own. Should
    the view stop (a defect), the lag says so and the loads go on without it.
    """
    direct, http = _Loads(), _Loads()
    with (
        provision(store) as where,
        serving(where.hub_settings) as served,
        LoadClient() as client,
    ):
        hub, runner = served.hub, served.runner
        with hub.acting_as(OPERATOR):
            tokens = {
                agency: hub.open_account(agency, ["caseworker"], label=f"bench {agency}").token
                for agency in AGENCIES
            }

        def direct_load(count: int) -> Outcome:
            return hub_load.drive(hub, count, concurrency)

        def http_load(count: int) -> Outcome:
            cases = case_requests(count, hub.clock())  # the bodies, before the clock starts
            return client.drive(served.port, tokens, cases, concurrency)

        failure: str | None = None

        def measure(loads: _Loads, load: Callable[[int], Outcome]) -> None:
            nonlocal failure
            if failure is None:
                try:
                    projection_lag.catch_up(hub, runner)
                except ViewFailed as e:
                    failure = str(e)
            if failure is not None:  # the loads go on, for their own figures
                loads.add(_checked(hub, load(counts.load_cases)))
                return
            with LagSampler(hub, runner) as sampler:
                outcome = load(counts.load_cases)
            try:
                loads.add_lag(sampler, projection_lag.catch_up(hub, runner))
            except ViewFailed as e:
                failure = str(e)
            loads.add(_checked(hub, outcome))

        direct_load(counts.warmup_load_cases)
        http_load(counts.warmup_load_cases)
        for _ in range(counts.rounds):
            measure(direct, direct_load)
            measure(http, http_load)
    direct_figure, http_figure = figures(concurrency)
    baseline = direct.result(store, direct_figure)
    return (
        [baseline, http.result(store, http_figure, baseline=baseline.rate)],
        [
            http.lag(store, f"{VIEW}, HTTP load", failure),
            direct.lag(store, f"{VIEW}, direct load", failure),
        ],
    )


class _Loads:
    """What the loads of one kind measured, round after round."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.samplers: list[LagSampler] = []
        self.catch_ups: list[float] = []

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def add_lag(self, sampler: LagSampler, catch_up: float) -> None:
        self.samplers.append(sampler)
        self.catch_ups.append(catch_up)

    def result(self, store: str, figure: str, baseline: float | None = None) -> Result:
        return Result(
            store,
            figure,
            tuple(Batch(len(o.latencies), o.seconds) for o in self.outcomes),
            baseline=baseline,
            latencies=tuple(t for o in self.outcomes for t in o.latencies),
        )

    def lag(self, store: str, load: str, failure: str | None) -> Lag:
        return lag_of(store, load, self.samplers, self.catch_ups, failure)


def _checked(hub: Hub, outcome: Outcome) -> Outcome:
    """The outcome, once every case is found with one event per command (after the clock)."""
    for i, case_id in enumerate(outcome.case_ids):
        path = PATHS[i % len(PATHS)]
        version = hub.get_case(UUID(case_id)).version
        if version != 1 + len(path):
            raise RuntimeError(f"case {case_id} is at version {version}, not {len(path) + 1}")
    return outcome
