"""Figure 2: lifecycle commands per second through the hub, rotating over many open cases."""

from __future__ import annotations

from bench.results import timed
from bench.workload import DETECTIONS, PATHS, CaseInProgress, Step
from domain.hub import Hub

FIGURE = "lifecycle commands (hub)"


def batch(hub: Hub, case_count: int) -> tuple[float, int]:
    """Seconds taken by every command of the paths of ``case_count`` new cases, and how many.

    Each command loads its case, checks it, appends one event and saves it. The cases are opened
    before the clock starts. The commands go step by step: the first step of every case, then
    the second, and so on, so that consecutive commands never touch the same case and the
    streams grow as they do in use.
    """
    cases = open_cases(hub, case_count)
    steps = max((len(case.path) for case in cases), default=0)
    plan: list[tuple[Step, CaseInProgress]] = [
        (case.path[index], case)
        for index in range(steps)
        for case in cases
        if index < len(case.path)
    ]

    def command(i: int) -> None:
        step, case = plan[i]
        with hub.acting_as(step.by):
            step.run(hub, case)

    seconds = timed(command, len(plan))
    for case in cases:  # after the clock: the figure must mean one event per command
        version = hub.get_case(case.case_id).version
        if version != 1 + len(case.path):
            raise RuntimeError(
                f"case {case.case_id} is at version {version}, not {len(case.path) + 1}"
            )
    return seconds, len(plan)


def open_cases(hub: Hub, count: int) -> list[CaseInProgress]:
    cases = []
    for i in range(count):
        detection = DETECTIONS[i % len(DETECTIONS)]
        with hub.acting_as(detection.by):
            opened = hub.open_case(detection.report(hub.clock()))
        cases.append(CaseInProgress(opened.case_id, PATHS[i % len(PATHS)]))
    return cases
