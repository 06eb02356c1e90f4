"""Waiting's figure: ``/healthz`` and an ordinary read, alone and beside 504
pending waits of 63 accounts, in the same run.

The API runs as ``ruta serve`` runs it (the composition root, the caseload view in the process,
uvicorn with its default threadpool of 40 threads). Each of 63 caseworkers' accounts holds its
eight places: six long polls on ``/feed``, an event stream, and a ``GET /cases?min_position=``
the view will not reach (``wait_timeout`` is raised so that it stays pending). Beside them a
client times ``GET /healthz`` and ``GET /cases/{id}`` (a case read, authenticated and redacted)
one after another; each round times them with no wait pending, then with the 504 pending, and
checks before and after that the server holds them all. The clients run in a process of their
own (``bench.wait_client``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from api.wait_limits import WAITS_PER_ACCOUNT
from bench.http_server import Served, serving
from bench.results import Batch, Result, format_table
from bench.stores import provision
from bench.wait_client import WaitClient, WaitFailed
from bench.workload import SEDETUR, adult_report
from domain.actor import Actor, Role
from domain.agencies import Participation

ACCOUNTS = 63
COUNT = 300  # timed requests of each kind per round and condition
ROUNDS = 3
WARMUP = 50  # untimed requests of each kind first: caches, connections, the first imports
QUICK_COUNT, QUICK_ROUNDS = 50, 1
HOLD = 300.0  # seconds a min_position wait may last here (5 in ruta serve), longer than a round
SETTLE = 60.0  # seconds the server may take to take in the waits before the figure is abandoned
QUIET = 1.0  # seconds let pass before timing: the connections just opened or closed settle
OPERATOR = Actor("ruta", "bench", frozenset({Role.ADMIN}))


def run(store: str, quick: bool = False) -> list[Result]:
    """Time ``/healthz`` and a case read with no wait pending and with 504, on ``store``."""
    count, rounds = (QUICK_COUNT, QUICK_ROUNDS) if quick else (COUNT, ROUNDS)
    latencies: dict[tuple[str, bool], list[list[float]]] = {}
    with (
        provision(store) as where,
        serving(where.hub_settings, wait_timeout=HOLD) as served,
        WaitClient() as client,
    ):
        reader, case_path, waits = _setup(served)
        timed = {"/healthz": ("/healthz", None), "case read": (case_path, reader)}
        for path, token in timed.values():
            client.job(op="time", port=served.port, path=path, token=token, count=WARMUP)
        for _ in range(rounds):
            for loaded in (False, True):
                if loaded:
                    _hold(served, client, waits)
                time.sleep(QUIET)
                for figure, (path, token) in timed.items():
                    answer = client.job(op="time", port=served.port, path=path, token=token,
                                        count=count)  # fmt: skip
                    latencies.setdefault((figure, loaded), []).append(answer["latencies"])
                if loaded:
                    _release(served, client, len(waits))
    results: list[Result] = []
    for figure in timed:
        alone = _result(store, f"{figure}, no wait pending", latencies[(figure, False)])
        beside = _result(
            store,
            f"{figure}, {len(waits)} waits pending",
            latencies[(figure, True)],
            baseline=alone.rate,
        )
        results += [alone, beside]
    return results


def report(results: Sequence[Result]) -> str:
    return "\n".join(
        [
            format_table(results),
            "",
            f"each figure: requests one after another on one keep-alive connection; ratio = "
            f"ops/s beside\nthe waits / ops/s with none, in the same run. The waits: "
            f"{ACCOUNTS} accounts x {WAITS_PER_ACCOUNT} (six\nlong polls, an event stream, "
            "a min_position read), all pending while the figure is timed.",
        ]
    )


def _setup(served: Served) -> tuple[str, str, list[tuple[str, str, str | None]]]:
    """The reader's token, the case it reads, and the waits: (token, path, Accept)."""
    hub = served.hub
    agencies = [a.code for a in hub.catalogue if a.participation == Participation.CASE_PARTY]
    with hub.acting_as(OPERATOR):
        reader = hub.open_account("sedetur", ["caseworker"], label="bench reader").token
        tokens = [
            hub.open_account(agencies[i % len(agencies)], ["caseworker"], label=f"w{i}").token
            for i in range(ACCOUNTS)
        ]
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(adult_report(hub.clock()))
    head = int(hub.recorder.max_notification_id() or 0)
    poll = f"/feed?after={head}&wait=60"
    behind = f"/cases?min_position={head + 1_000_000}"
    per_account: list[tuple[str, str | None]] = [(poll, None)] * 6
    per_account += [("/feed", "text/event-stream"), (behind, None)]
    assert len(per_account) == WAITS_PER_ACCOUNT
    waits = [(token, path, accept) for token in tokens for path, accept in per_account]
    return reader, f"/cases/{opened.case_id}", waits


def _hold(served: Served, client: WaitClient, waits: list[tuple[str, str, str | None]]) -> None:
    """Open the waits and return once the server holds every one."""
    client.job(op="hold", port=served.port, waits=waits)
    deadline = time.monotonic() + SETTLE
    while _held(served) < len(waits):
        if time.monotonic() > deadline:
            raise WaitFailed(f"the server holds {_held(served)} of {len(waits)} waits")
        time.sleep(0.05)


def _release(served: Served, client: WaitClient, expected: int) -> None:
    """Check that every wait was still pending, on both sides; then close them."""
    pending = client.job(op="pending")["pending"]
    if pending != expected or _held(served) != expected:
        raise WaitFailed(f"{pending} waits pending, {_held(served)} held: not {expected}")
    client.job(op="release")
    deadline = time.monotonic() + SETTLE
    while _held(served):
        if time.monotonic() > deadline:
            raise WaitFailed(f"the server still holds {_held(served)} waits")
        time.sleep(0.05)


def _held(served: Served) -> int:
    return int(served.app.state.waits.limits.held())


def _result(
    store: str, figure: str, rounds: list[list[float]], baseline: float | None = None
) -> Result:
    return Result(
        store,
        figure,
        tuple(Batch(len(r), sum(r)) for r in rounds),
        baseline=baseline,
        latencies=tuple(t for r in rounds for t in r),
    )
