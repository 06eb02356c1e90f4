"""A bench's clients in a process of their own, driven one JSON job a line at a time.

A process of its own rather than threads of the bench: the server's threads hold the
interpreter lock the clients would need, and the clients' work would count as the server's.
The process reads a job from each line of its standard input and answers each with one line,
``{"error": ...}`` when the job failed; it exits when its input ends. Standard library only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import Any, Self


class JobProcess:
    """``python -m <module>``, started now; ``failure`` is raised for a job that failed."""

    failure: type[Exception] = RuntimeError
    exit_wait = 30.0  # seconds the process may take to leave once its input ends

    def __init__(self, module: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=Path(__file__).resolve().parents[1],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def job(self, **job: Any) -> dict[str, Any]:
        """Send one job and return its answer."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise self.failure(f"the clients' process ended with {self._process.wait()}")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise self.failure(answer["error"])
        return answer

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()  # the process reads its input's end and leaves
        self._process.wait(timeout=self.exit_wait)
