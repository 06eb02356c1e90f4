"""The pages' benchmarks' store: 5,000 cases loaded through the hub, the views caught up, the
site served on 127.0.0.1, and clients signed in as a person (cookie) or a system (bearer token).

The cases are the benchmarks' adult and child paths, one case every eight minutes over the past
month, one case in five stopped part-way so that the review rules find late referrals,
unacknowledged handoffs and children not notified.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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

OPERATOR = Actor("ruta", "bench", frozenset({Role.ADMIN}))


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


@dataclass(frozen=True)
class LoadedSite:
    """The served site over the loaded store, and the folios of its cases in loading order."""

    hub: Hub
    base: str
    cookie_key: bytes
    folios: list[str]

    def person(self, agency: str, role: Role, login: str) -> httpx.Client:
        """A browser signed in as a new person of ``agency`` with ``role``."""
        with self.hub.acting_as(OPERATOR):
            person = self.hub.open_person_account(agency, [role], login=login)
        session = self.hub.start_session(person.account_id)
        cookie = SessionCookies(self.cookie_key).issue(session, self.hub.clock(), self.hub.clock())
        return httpx.Client(base_url=self.base, cookies={SESSION: cookie})

    def system(self, agency: str, role: Role, label: str) -> httpx.Client:
        """An API client of a new system account of ``agency`` with ``role``."""
        with self.hub.acting_as(OPERATOR):
            token = self.hub.open_account(agency, [role], label=label).token
        return httpx.Client(base_url=self.base, headers={"Authorization": f"Bearer {token}"})


@contextmanager
def loaded(count: int) -> Iterator[LoadedSite]:
    """``count`` cases in a fresh SQLite store, served as ``ruta serve`` does."""
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
        yield LoadedSite(hub, f"http://127.0.0.1:{port}", key, folios)
