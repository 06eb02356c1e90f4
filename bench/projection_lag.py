"""How far the caseload view trails the hub's log under load, and how soon it catches up."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from types import TracebackType

from adapters.view_runner import CaseloadRunner
from bench.results import Lag
from domain.hub import Hub

INTERVAL = 0.05  # seconds between samples
POLL = 0.005  # seconds between looks at the view while it catches up
CATCH_UP_TIMEOUT = 120.0


class LagSampler:
    """While open, samples every ``INTERVAL`` the events of the log the view has not processed.

    A sample is the log's last position minus the last position the view has tracked; the
    caseload tracks every event of the log, so it is zero whenever the view is up to date.
    It also counts the positions the log and the view advanced by while it was open.
    """

    def __init__(self, hub: Hub, runner: CaseloadRunner) -> None:
        self.hub = hub
        self.runner = runner
        self.samples: list[int] = []
        self.appended = 0
        self.processed = 0
        self.seconds = 0.0
        self._start = (0.0, 0, 0)  # when it opened, and the log's and the view's positions then
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="lag-sampler", daemon=True)

    def positions(self) -> tuple[int, int]:
        """The log's last position, then the view's."""
        head = self.hub.recorder.max_notification_id() or 0
        return head, self.runner.view.max_tracking_id(self.runner.app_name) or 0

    def _sample(self) -> None:
        while not self._stop.wait(INTERVAL):
            head, seen = self.positions()
            self.samples.append(max(0, head - seen))  # the view may pass a head read before it

    def __enter__(self) -> LagSampler:
        self._start = (time.perf_counter(), *self.positions())
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        started, head, seen = self._start
        now, head_now, seen_now = time.perf_counter(), *self.positions()
        self.seconds = now - started
        self.appended = head_now - head
        self.processed = seen_now - seen


class ViewFailed(RuntimeError):
    """The view stopped, or did not catch up in time: a defect to fix, not a figure."""


def catch_up(hub: Hub, runner: CaseloadRunner) -> float:
    """Seconds until the view has processed the log as it is now (the load just ended).

    Polled every ``POLL`` rather than by ``runner.wait``, whose backoff (100, 200, 400, 800 ms)
    would round the figure up to its next step.
    """
    head = hub.recorder.max_notification_id() or 0
    start = time.perf_counter()
    try:
        while (runner.view.max_tracking_id(runner.app_name) or 0) < head:
            if time.perf_counter() - start > CATCH_UP_TIMEOUT:
                raise TimeoutError(f"still behind after {CATCH_UP_TIMEOUT:.0f} s")
            runner.run_forever(timeout=POLL)  # re-raises the error the view stopped on, if any
    except Exception as e:
        raise ViewFailed(
            f"the caseload view did not reach position {head}: {type(e).__name__}: {e}"
        ) from e
    return time.perf_counter() - start


def lag_of(
    store: str,
    load: str,
    samplers: Sequence[LagSampler],
    catch_ups: Sequence[float],
    failure: str | None,
) -> Lag:
    """The lag of a view over the loads ``samplers`` watched, each followed by its catch-up."""
    return Lag(
        store,
        load,
        samples=tuple(n for s in samplers for n in s.samples),
        catch_up=tuple(catch_ups),
        appended=sum(s.appended for s in samplers),
        processed=sum(s.processed for s in samplers),
        seconds=sum(s.seconds for s in samplers),
        failure=failure,
    )
