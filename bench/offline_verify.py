"""Offline verification of an export in events per second, beside SHA-256 over the same leaves.

``verify_export`` hashes every leaf once, so plain ``hashlib.sha256`` over the very bytes is the
floor of its cost, and the ratio says how much the rest adds. Its parts are timed on their own
beside it, to show where the rest goes: decoding each stored state with the hub's transcoder
and the verifier's way (msgspec, then the same transcodings), and checking each line alone
(``check_line``: JSON, base64, the leaf's framing and hash, the decoding). It is timed in one
process, and with as many worker processes as the machine has cores checking the lines while
the verifier folds them into the tree.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable

from bench.audit_export import Export
from bench.results import Batch, Result, timed
from merkle.export_lines import check_line
from merkle.states import decoded, event_transcoder
from merkle.verifier import verify_export

STORE = "in memory"
BASELINE = "SHA-256 of each leaf (hashlib)"


def run(export: Export, rounds: int) -> list[Result]:
    """Time each figure over the whole export once per round, the figures in turns."""
    leaves, lines, states = export.leaves, export.lines, export.states
    transcoder = event_transcoder()

    jobs = os.cpu_count() or 1

    def verify(jobs: int) -> float:
        start = time.perf_counter()
        report = verify_export(lines, export.key, jobs=jobs)
        seconds = time.perf_counter() - start
        if not report.ok or report.size_verified != export.records:
            # Not a figure: an export written by the production code must verify in full.
            raise RuntimeError(f"the export did not verify: {report}")
        return seconds

    figures: dict[str, Callable[[], float]] = {
        BASELINE: lambda: timed(lambda i: hashlib.sha256(leaves[i]).digest(), len(leaves)),
        "states decoded (the hub's transcoder)": lambda: timed(
            lambda i: transcoder.decode(states[i]), len(states)
        ),
        "states decoded the verifier's way (decoded)": lambda: timed(
            lambda i: decoded(states[i]), len(states)
        ),
        "lines checked alone (check_line)": lambda: timed(
            lambda i: check_line(lines[i]), len(lines)
        ),
        "verify_export, 1 process": lambda: verify(1),
        f"verify_export, {jobs} worker processes": lambda: verify(jobs),
    }
    batches: dict[str, list[Batch]] = {figure: [] for figure in figures}
    for _ in range(rounds):
        for figure, seconds in figures.items():
            batches[figure].append(Batch(export.records, seconds()))
    baseline = Result(STORE, BASELINE, tuple(batches.pop(BASELINE)))
    return [baseline] + [
        Result(STORE, figure, tuple(timings), baseline=baseline.rate)
        for figure, timings in batches.items()
    ]
