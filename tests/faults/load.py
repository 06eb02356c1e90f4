"""Write load for the fault tests: a few clients opening cases over HTTP, each command with an
``Idempotency-Key``, a command that got no 2xx sent again with the same key.

Every answer is kept (``Ledger``), so that a test can check what the API said while a fault
lasted, and that each command acknowledged once is in the log exactly once. The loop is
bounded by the test (``run`` until ``stop``) and ``settle`` retries what is still unanswered.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.conftest import detection
from tests.faults.client import Answer, request

PURPOSE = "case_management"  # the detecting agency reads its own report with it


@dataclass(frozen=True)
class Seen:
    """One attempt at a command: its status (0 when no answer came) and what the answer said."""

    key: str
    status: int
    content_type: str = ""
    retry_after: str | None = None
    code: str | None = None


@dataclass
class Ledger:
    """Every attempt, and the first 2xx answer of each command, by idempotency key (of reads,
    ``commands=False``, only the attempts)."""

    commands: bool = True
    attempts: list[Seen] = field(default_factory=list)
    done: dict[str, dict[str, Any]] = field(default_factory=dict)
    answered_otherwise: list[str] = field(default_factory=list)  # a retry's 2xx said otherwise
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, key: str, answer: Answer | None) -> None:
        with self.lock:
            if answer is None:
                self.attempts.append(Seen(key, 0))
                return
            problem = answer.json() if answer.content_type.endswith("json") else {}
            code = problem.get("code") if isinstance(problem, dict) else None
            seen = Seen(key, answer.status, answer.content_type,
                        answer.headers.get("retry-after"), code)  # fmt: skip
            self.attempts.append(seen)
            if self.commands and 200 <= answer.status < 300:
                first = self.done.setdefault(key, answer.json())
                # A retry of an acknowledged command answers as the first time did.
                if first["case_id"] != answer.json()["case_id"]:
                    self.answered_otherwise.append(key)

    def statuses(self) -> Counter[int]:
        with self.lock:
            return Counter(seen.status for seen in self.attempts)

    def refused(self) -> list[Seen]:
        """The attempts answered with something other than 2xx (0: no answer at all)."""
        with self.lock:
            return [s for s in self.attempts if not 200 <= s.status < 300]

    def troubled(self) -> set[str]:
        """The commands that needed more than one attempt."""
        with self.lock:
            tries = Counter(s.key for s in self.attempts)
        return {key for key, count in tries.items() if count > 1}


class Load:
    """``clients`` threads opening cases on ``127.0.0.1:port``, and ``readers`` threads reading
    the first case opened, until the block ends."""

    def __init__(self, port: int, token: str, clients: int = 2, readers: int = 0) -> None:
        self.port = port
        self.token = token
        self.ledger = Ledger()
        self.reads = Ledger(commands=False)
        self.pending: set[str] = set()  # sent, not acknowledged yet
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]
        self._threads += [
            threading.Thread(target=self._reader, daemon=True) for _ in range(readers)
        ]

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def acknowledged(self) -> int:
        return len(self.ledger.done)

    def wait_for_more(self, count: int, timeout: float = 60.0) -> None:
        """Return once ``count`` more commands have been acknowledged than now."""
        target = self.acknowledged() + count
        deadline = time.monotonic() + timeout
        while self.acknowledged() < target:
            assert time.monotonic() < deadline, f"stuck at {self.acknowledged()} commands"
            time.sleep(0.02)

    def send(self, key: str, timeout: float = 30.0) -> Answer | None:
        try:
            answer = request(
                self.port, "POST", "/cases", token=self.token, body=detection(),
                headers={"Idempotency-Key": key}, timeout=timeout,
            )  # fmt: skip
        except OSError:
            answer = None
        self.ledger.record(key, answer)
        return answer

    def settle(self, attempts: int = 50) -> None:
        """Send every command not yet acknowledged again, with its key, until it is."""
        for key in sorted(self.pending - set(self.ledger.done)):
            for _ in range(attempts):
                answer = self.send(key)
                if answer is not None and 200 <= answer.status < 300:
                    break
                time.sleep(0.2)
            assert key in self.ledger.done, f"command {key} never acknowledged"
        self.pending.clear()

    def read(self, case_id: str, timeout: float = 30.0) -> Answer:
        return request(self.port, "GET", f"/cases/{case_id}", token=self.token,
                       headers={"X-Ruta-Purpose": PURPOSE}, timeout=timeout)  # fmt: skip

    def _reader(self) -> None:
        while not self._stop.is_set():
            with self.ledger.lock:
                first = next(iter(self.ledger.done.values()), None)
            if first is None:
                time.sleep(0.05)
                continue
            try:
                answer: Answer | None = self.read(first["case_id"])
            except OSError:
                answer = None
            self.reads.record("read", answer)
            time.sleep(0.1)

    def _client(self) -> None:
        key: str | None = None
        while not self._stop.is_set():
            if key is None:
                key = str(uuid.uuid4())
                with self.ledger.lock:
                    self.pending.add(key)
            answer = self.send(key)
            if answer is not None and 200 <= answer.status < 300:
                with self.ledger.lock:
                    self.pending.discard(key)
                key = None
            elif answer is None:
                time.sleep(0.1)  # the server is gone: try again soon, with the same key
            else:
                time.sleep(min(float(answer.headers.get("retry-after") or 1), 2.0))
