"""The HTTP load's commands through the hub called directly, by as many threads as clients."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from uuid import UUID

from bench.http_load import Outcome
from bench.workload import DETECTIONS, PATHS, CaseInProgress
from domain.hub import Hub
from domain.hub_base import DetectionReport


def drive(hub: Hub, count: int, concurrency: int) -> Outcome:
    """Open ``count`` cases and run their paths; thread ``k`` takes cases ``k``, ``k + n``...

    The same plan as ``http_load.drive``: each thread runs its cases one after the other, each
    command timed alone, inside ``hub.acting_as`` of the account an HTTP request would carry.
    The reports are built before the clock starts, as the HTTP bodies are.
    """
    reports = [DETECTIONS[i % len(DETECTIONS)].report(hub.clock()) for i in range(count)]
    workers = [
        _Worker(hub, list(range(k, count, concurrency)), reports)
        for k in range(min(concurrency, count))
    ]
    start_line = threading.Barrier(len(workers) + 1)
    threads = [
        threading.Thread(target=worker.run, args=(start_line,), name=f"hub-{k}")
        for k, worker in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    start_line.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    case_ids = [""] * count
    for worker in workers:
        if worker.error is not None:
            raise worker.error
        for i, case_id in worker.case_ids.items():
            case_ids[i] = str(case_id)
    return Outcome(seconds, tuple(t for w in workers for t in w.latencies), tuple(case_ids))


class _Worker:
    """One thread's cases, each command timed."""

    def __init__(self, hub: Hub, cases: Sequence[int], reports: Sequence[DetectionReport]) -> None:
        self.hub = hub
        self.cases = cases
        self.reports = reports
        self.latencies: list[float] = []
        self.case_ids: dict[int, UUID] = {}
        self.error: BaseException | None = None

    def run(self, start_line: threading.Barrier) -> None:
        try:
            start_line.wait()
            for i in self.cases:
                self._run_case(i)
        except BaseException as e:
            self.error = e

    def _run_case(self, i: int) -> None:
        hub = self.hub
        start = time.perf_counter()
        with hub.acting_as(DETECTIONS[i % len(DETECTIONS)].by):
            opened = hub.open_case(self.reports[i])
        self.latencies.append(time.perf_counter() - start)
        self.case_ids[i] = opened.case_id
        case = CaseInProgress(opened.case_id, PATHS[i % len(PATHS)])
        for step in case.path:
            start = time.perf_counter()
            with hub.acting_as(step.by):
                step.run(hub, case)
            self.latencies.append(time.perf_counter() - start)
