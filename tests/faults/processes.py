"""``ruta`` processes as an operator runs them: started with a deployment's environment, killed
with SIGKILL, started again, stopped with SIGTERM.

Each long-running process writes its output to files of its own (a pipe nobody reads would
fill and block it); ``output()`` reads them back for a failing test's message.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.faults.client import request
from tests.faults.deployment import Deployment

START_TIMEOUT = 60.0  # seconds for a process to say it runs (not a speed figure)
RUTA = [sys.executable, "-m", "cli.main"]


class RutaProcess:
    """One long-running ``ruta`` command (``serve``, ``project run``, ``relay``)."""

    def __init__(self, deployment: Deployment, args: list[str], logs: Path) -> None:
        self.deployment = deployment
        self.args = args
        self.logs = logs
        self.starts = 0
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, ready: Callable[[], bool]) -> None:
        """Start it, and return once ``ready()`` holds (or fail with its output)."""
        self.launch()
        self.wait(ready)

    def launch(self) -> None:
        self.starts += 1
        self.logs.mkdir(parents=True, exist_ok=True)
        name = self.logs / f"{self.args[0]}-{self.starts}"
        with name.with_suffix(".out").open("wb") as out, name.with_suffix(".err").open("wb") as err:
            self._process = subprocess.Popen(
                [*RUTA, *self.args], env=self.deployment.process_env(), stdout=out, stderr=err
            )

    def wait(self, ready: Callable[[], bool]) -> None:
        """Return once ``ready()`` holds; kill it and fail with its output if it never does."""
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            if not self.alive or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"ruta {' '.join(self.args)} did not start:\n{self.output()}")
            time.sleep(0.05)

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind, as when the machine or the container dies."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=30)

    def stop(self) -> int | None:
        """SIGTERM, as a supervisor stops it; its exit code."""
        if self._process is None:
            return None
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        return self._process.returncode

    def output(self) -> str:
        """What every run of it wrote, for a failing test's message."""
        texts = [f"--- {p.name}\n{p.read_text(errors='replace')}" for p in sorted(self.logs.glob(
            f"{self.args[0]}-*"))]  # fmt: skip
        return "\n".join(texts)[-6000:]


def serving(port: int) -> Callable[[], bool]:
    """Whether ``ruta serve`` answers on ``port``."""

    def answers() -> bool:
        try:
            return request(port, "GET", "/healthz", timeout=2).status == 200
        except OSError:
            return False

    return answers


def printed(process: RutaProcess, text: str) -> Callable[[], bool]:
    """Whether the latest run of ``process`` printed ``text`` (``project run`` and ``relay``
    say so once they follow the log)."""

    def said() -> bool:
        out = process.logs / f"{process.args[0]}-{process.starts}.out"
        return out.exists() and text in out.read_text(errors="replace")

    return said


@contextlib.contextmanager
def running(*processes: tuple[RutaProcess, Callable[[], bool]]) -> Iterator[None]:
    """The processes started together, each ready; stopped when the block ends, whatever
    happens."""
    try:
        for process, _ in processes:
            process.launch()
        for process, ready in processes:
            process.wait(ready)
        yield
    finally:
        for process, _ in reversed(processes):
            process.stop()


def ruta(
    deployment: Deployment, *args: str, timeout: float = 180.0
) -> subprocess.CompletedProcess[str]:
    """A one-shot ``ruta`` command of the deployment (``audit export``, ``project rebuild``...)."""
    return subprocess.run(
        [*RUTA, *args],
        env=deployment.process_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
