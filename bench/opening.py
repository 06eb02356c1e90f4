"""Figure 1: cases opened per second through the hub, personal data sealed with a new case key."""

from __future__ import annotations

from bench.results import timed
from bench.workload import DETECTIONS
from domain.hub import Hub

FIGURE = "cases opened (hub.open_case)"


def batch(hub: Hub, count: int) -> float:
    """Seconds taken by ``count`` calls of ``hub.open_case``, as agencies' requests make them.

    Each call checks the detection, gives the case its data key in the key store, seals the
    personal data, reserves the next folio and saves the case and its folio in one transaction.
    """
    # Built before the clock starts: a report is the caller's work, not the hub's.
    detections = [DETECTIONS[i % len(DETECTIONS)] for i in range(count)]
    reports = [detection.report(hub.clock()) for detection in detections]

    def open_one(i: int) -> None:
        with hub.acting_as(detections[i].by):
            hub.open_case(reports[i])

    return timed(open_one, count)
