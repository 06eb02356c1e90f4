"""Page render times with 5,000 cases: the findings board, a case review page, the statistics.

The store is loaded through the hub (the benchmarks' adult and child paths, one case every eight
minutes over the past month, one case in five stopped part-way so that the review rules find
late referrals, unacknowledged handoffs and children not notified), the views catch up, and then
a commission person's browser asks for each page in turn. The baseline is the API's JSON answer
for the same data in the same run (the findings, the case's timeline and custody, the
statistics), so the ratio says what rendering a page costs over reading what it shows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx2 as httpx

from adapters.bootstrap import build_runtime, store_env
from adapters.bootstrap.parts import api_parts
from adapters.bootstrap.views import start_views
from adapters.deployment_keys import page_cookie_key
from bench.stores import provision
from bench.workload import DETECTIONS, PATHS, CaseInProgress
from domain.actor import Actor, Role
from domain.hub import Hub
from tests.served import serving
from web.sessions import SESSION, SessionCookies
from web.site import create_site

CASES = 5_000
QUICK_CASES = 300
REQUESTS = 100
WARMUP = 10
OPERATOR = Actor("ruta", "bench", frozenset({Role.ADMIN}))


@dataclass(frozen=True)
class Timing:
    """One page and its baseline: each request timed alone, in milliseconds."""

    page: str
    baseline: str
    page_ms: list[float]
    baseline_ms: list[float]

    def row(self) -> str:
        p50, p99 = _percentiles(self.page_ms)
        b50, b99 = _percentiles(self.baseline_ms)
        return (
            f"{self.page:<28} {p50:>8.1f} {p99:>8.1f}   {self.baseline:<28} {b50:>8.1f} "
            f"{b99:>8.1f}   {p50 / b50:>6.2f}"
        )


class StepClock:
    """The loading clock: the time of the step being recorded."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def load(hub: Hub, clock: StepClock, count: int) -> list[str]:
    """``count`` cases over the past month; their folios."""
    start = datetime.now(UTC) - timedelta(minutes=8 * count + 60)
    folios = []
    for i in range(count):
        clock.now = start + timedelta(minutes=8 * i)
        detector = DETECTIONS[i % len(DETECTIONS)]
        with hub.acting_as(detector.by):
            opened = hub.open_case(detector.report(clock.now))
        folios.append(opened.folio)
        path = PATHS[i % len(PATHS)]
        stop = len(path) - 1 - (i // 2) % len(path) if i % 5 == 0 else len(path)
        case = CaseInProgress(opened.case_id, path[:stop])
        for step in case.path:
            clock.now += timedelta(minutes=2)
            with hub.acting_as(step.by):
                step.run(hub, case)
    return folios


def run(quick: bool = False) -> list[Timing]:
    count = QUICK_CASES if quick else CASES
    with provision("sqlite") as store, ExitStack() as stack:
        settings = store.hub_settings
        clock = StepClock(datetime.now(UTC))
        loading = build_runtime(settings, clock=clock)
        print(f"  loading {count} cases through the hub...", flush=True)
        folios = load(loading.hub, clock, count)
        loading.close()
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        hub = runtime.hub
        began = time.perf_counter()
        views = start_views(store_env(settings), settings.data_dir, catalogue=hub.catalogue)
        stack.callback(views.close)
        head = int(hub.recorder.max_notification_id() or 0)
        for view in (views.caseload, views.custody, views.review):
            while int(view.max_tracking_id(hub.name) or 0) < head:
                time.sleep(0.2)
        print(f"  views caught up with {head} events in {time.perf_counter() - began:.0f} s")
        parts = api_parts(hub, caseload=views.caseload, custody=views.custody, review=views.review)
        stack.callback(parts.watch.close)
        key = page_cookie_key(settings)
        port = stack.enter_context(serving(create_site(parts, cookie_key=key)))
        with hub.acting_as(OPERATOR):
            person = hub.open_person_account("cdheqroo", [Role.COMMISSION], login="bench")
            system = hub.open_account("cdheqroo", [Role.COMMISSION], label="bench api")
        session = hub.start_session(person.account_id)
        cookie = SessionCookies(key).issue(session, hub.clock(), hub.clock())
        folio = folios[len(folios) // 2 + 1]  # a child's case stopped part-way, or near one
        base = f"http://127.0.0.1:{port}"
        bearer = {"Authorization": f"Bearer {system.token}"}
        with (
            httpx.Client(base_url=base, cookies={SESSION: cookie}) as browser,
            httpx.Client(base_url=base, headers=bearer) as api,
        ):
            timings = [
                _measure(browser, api, name, pages, baseline, baselines)
                for name, pages, baseline, baselines in _pairs(folio)
            ]
    return timings


def report(timings: list[Timing], count: int) -> str:
    lines = [
        f"Pages with {count} cases (SQLite), ms per request, each request timed alone:",
        f"{'page':<28} {'p50':>8} {'p99':>8}   {'baseline (API, JSON)':<28} {'p50':>8} "
        f"{'p99':>8}   {'ratio':>6}",
        *(t.row() for t in timings),
        "ratio = page p50 / baseline p50: what rendering the page adds to reading its data.",
    ]
    return "\n".join(lines)


def _pairs(folio: str) -> list[tuple[str, list[str], str, list[str]]]:
    """Each page, and the API reads that fetch what it shows."""
    case = f"/cases/{folio}"
    return [
        ("findings board", ["/comision/hallazgos"], "GET /review/findings", ["/review/findings"]),
        (
            "case review page",
            [f"/comision/casos/{folio}"],
            "GET case, timeline, custody",
            [case, f"{case}/timeline", f"{case}/custody"],
        ),
        (
            "statistics page",
            ["/comision/estadisticas"],
            "GET /review/statistics",
            ["/review/statistics"],
        ),
    ]


def _measure(
    browser: httpx.Client,
    api: httpx.Client,
    name: str,
    pages: list[str],
    baseline: str,
    baselines: list[str],
) -> Timing:
    print(f"  timing the {name}...", flush=True)
    page_ms = _time(lambda: _get_all(browser, pages))
    baseline_ms = _time(lambda: _get_all(api, baselines))
    return Timing(name, baseline, page_ms, baseline_ms)


def _get_all(client: httpx.Client, paths: list[str]) -> None:
    for path in paths:
        _get(client, path)


def _get(client: httpx.Client, path: str) -> None:
    answer = client.get(path)
    if answer.status_code != 200:
        raise RuntimeError(f"GET {path} answered {answer.status_code}")


def _time(request: Callable[[], object]) -> list[float]:
    for _ in range(WARMUP):
        request()
    found = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        request()
        found.append((time.perf_counter() - start) * 1000)
    return found


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
