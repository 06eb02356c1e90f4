"""The HTTP load: concurrent keep-alive clients that run cases' requests, each one timed.

The clients run in a process of their own (``LoadClient``, ``python -m bench.http_load``), so
that their Python does not hold the server's interpreter lock: the figure is the server's, not
the load generator's. This module imports only the standard library.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from http.client import HTTPConnection

from bench.job_process import JobProcess


@dataclass(frozen=True)
class Request:
    """One command over HTTP: the agency whose account sends it, where, and with what body."""

    name: str
    agency: str
    path: str  # formatted with the ids the case has so far: "/cases/{case_id}/handoffs"
    body: Mapping[str, object] | None = None
    keep: tuple[str, str] | None = None  # (an id's name in later paths, the answer's field)


@dataclass(frozen=True)
class Outcome:
    """A load's wall-clock seconds, each request's latency, and the cases' ids in plan order."""

    seconds: float
    latencies: tuple[float, ...]
    case_ids: tuple[str, ...]


class LoadFailed(RuntimeError):
    """A request was not answered with success: the figure would not mean what it says."""


def drive(
    port: int,
    tokens: Mapping[str, str],
    cases: Sequence[Sequence[Request]],
    concurrency: int,
) -> Outcome:
    """Run every case's requests in order on 127.0.0.1:``port``; ``concurrency`` clients.

    Client ``k`` takes cases ``k``, ``k + concurrency``, ... one after the other, on one
    keep-alive connection opened before the clock starts; the clock stops when the last
    client is done. The first case's request must keep its id as ``case_id``.
    """
    clients = [
        _Client(port, tokens, cases[k::concurrency]) for k in range(min(concurrency, len(cases)))
    ]
    start_line = threading.Barrier(len(clients) + 1)
    threads = [
        threading.Thread(target=client.run, args=(start_line,), name=f"client-{k}")
        for k, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        start_line.wait()  # broken when a client could not connect: its error is raised below
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    for client in clients:
        if client.error is not None:
            raise client.error
    case_ids = [""] * len(cases)
    for k, client in enumerate(clients):
        case_ids[k :: len(clients)] = client.case_ids
    return Outcome(seconds, tuple(t for c in clients for t in c.latencies), tuple(case_ids))


class _Client:
    """One caller's system: one connection, its requests one at a time."""

    def __init__(
        self, port: int, tokens: Mapping[str, str], cases: Sequence[Sequence[Request]]
    ) -> None:
        self.connection = HTTPConnection("127.0.0.1", port, timeout=60)
        self.tokens = tokens
        self.cases = cases
        self.latencies: list[float] = []
        self.case_ids: list[str] = []
        self.error: BaseException | None = None

    def run(self, start_line: threading.Barrier) -> None:
        try:
            self.connection.connect()
            # http.client sends the headers and the body in two writes: with Nagle's algorithm
            # the body waits for the server's delayed ACK, 40 ms on Linux. Clients in use
            # (urllib3, httpx) turn it off, as this one does.
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except BaseException as e:
            self.error = e
            start_line.abort()  # the others would wait for this client forever
            return
        try:
            start_line.wait()
            for case in self.cases:
                ids: dict[str, str] = {}
                for request in case:
                    self._send(request, ids)
                self.case_ids.append(ids["case_id"])
        except BaseException as e:
            self.error = e
        finally:
            self.connection.close()

    def _send(self, request: Request, ids: dict[str, str]) -> None:
        body = b"" if request.body is None else json.dumps(request.body).encode()
        headers = {
            "Authorization": f"Bearer {self.tokens[request.agency]}",
            "Content-Type": "application/json",
        }
        path = request.path.format(**ids)
        start = time.perf_counter()
        self.connection.request("POST", path, body=body, headers=headers)
        response = self.connection.getresponse()
        answer = response.read()
        self.latencies.append(time.perf_counter() - start)
        if not 200 <= response.status < 300:
            raise LoadFailed(f"{request.name}: POST {path} answered {response.status}: {answer!r}")
        if request.keep is not None:
            name, field = request.keep
            ids[name] = str(json.loads(answer)[field])


class LoadClient(JobProcess):
    """The process the clients run in (``python -m bench.http_load``), reused by every load."""

    failure = LoadFailed

    def __init__(self) -> None:
        super().__init__("bench.http_load")

    def drive(
        self,
        port: int,
        tokens: Mapping[str, str],
        cases: Sequence[Sequence[Request]],
        concurrency: int,
    ) -> Outcome:
        """``drive(...)`` in the clients' process."""
        answer = self.job(
            port=port,
            tokens=dict(tokens),
            cases=[[asdict(request) for request in case] for case in cases],
            concurrency=concurrency,
        )
        return Outcome(answer["seconds"], tuple(answer["latencies"]), tuple(answer["case_ids"]))


def main() -> None:
    """Run the loads read from stdin, one JSON line each; answer each with one JSON line."""
    for line in sys.stdin:
        job = json.loads(line)
        cases = [
            [Request(**{**r, "keep": tuple(r["keep"]) if r["keep"] else None}) for r in case]
            for case in job["cases"]
        ]
        try:
            outcome = drive(job["port"], job["tokens"], cases, job["concurrency"])
        except Exception as e:
            print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
            continue
        print(json.dumps(asdict(outcome)), flush=True)


if __name__ == "__main__":
    main()
