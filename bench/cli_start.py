"""How long ``ruta --help`` takes to start, against ``python -c pass`` in the same run.

Each is a fresh process, timed from its start to its end, run one after the other so that the
machine's load falls on both alike; the figure is the difference, what Ruta's own imports and
its arguments cost (aim: the whole under 0.3 s). A figure, never an assertion.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 20
QUICK_RUNS = 5
AIM = 0.3  # seconds, the whole of ``ruta --help``


def _once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run(quick: bool) -> dict[str, list[float]]:
    """Seconds of each run of ``ruta --help`` and of ``python -c pass``, interleaved."""
    ruta = Path(sys.executable).with_name("ruta")
    commands = {
        "ruta --help": [str(ruta), "--help"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(QUICK_RUNS if quick else RUNS):
        for name, command in commands.items():
            times[name].append(_once(command))
    return times


def report(times: dict[str, list[float]]) -> str:
    rows = [f"{'start-up':<16}{'runs':>6}{'p50 ms':>10}{'min ms':>10}{'max ms':>10}"]
    for name, seconds in times.items():
        rows.append(
            f"{name:<16}{len(seconds):>6}{statistics.median(seconds) * 1000:>10.0f}"
            f"{min(seconds) * 1000:>10.0f}{max(seconds) * 1000:>10.0f}"
        )
    help_p50 = statistics.median(times["ruta --help"])
    over = help_p50 - statistics.median(times["python -c pass"])
    rows.append(
        f"\nruta --help p50 {help_p50 * 1000:.0f} ms (aim: under {AIM * 1000:.0f} ms), "
        f"{over * 1000:.0f} ms over a bare interpreter: Ruta's imports and its arguments."
    )
    return "\n".join(rows)
