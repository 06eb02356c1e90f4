"""Plays the demo scenarios into a hub, interleaved in time order, without duplicating them.

Each scenario is a generator that yields the local time of its next step and then takes that
step; the runner merges all scenarios by time and moves the hub's clock to each step, so the log
reads as the days really went. Case ids are derived from the scenario and person, so a second run
finds the cases and leaves them as they are.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.actor import Actor, Role
from domain.errors import CaseNotFound
from domain.hub import Hub
from domain.hub_base import DetectionReport

DEMO_NAMESPACE = uuid5(NAMESPACE_URL, "https://ruta.mx/demo")
Steps = Iterator[datetime]


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


class ScriptClock:
    """The demo's clock: it reads the time of the step being played."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def account(agency: str, role: Role = Role.CASEWORKER) -> Actor:
    return Actor(agency, f"demo-{agency}-{role}", frozenset({role}))


@dataclass
class Demo:
    """What a scenario needs: the hub, the time it starts at, and deterministic case ids."""

    hub: Hub
    today: datetime
    opened: list[tuple[str, UUID]] = field(default_factory=list)

    def day(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        local = (self.today - timedelta(days=days_ago)).date()
        return datetime.combine(local, time(hour, minute), tzinfo=self.today.tzinfo)

    def case_id(self, scenario: str, person: int = 1) -> UUID:
        return uuid5(DEMO_NAMESPACE, f"{scenario}/{person}")

    def by(self, agency: str, role: Role = Role.CASEWORKER) -> AbstractContextManager[Actor]:
        return self.hub.acting_as(account(agency, role))

    def open(self, scenario: str, agency: str, report: DetectionReport) -> UUID:
        case_id = self.case_id(scenario)
        with self.by(agency):
            self.hub.open_case(report, case_id=case_id)
        self.opened.append((scenario, case_id))
        return case_id

    def open_group(self, scenario: str, agency: str, reports: list[DetectionReport]) -> list[UUID]:
        ids = [self.case_id(scenario, n) for n in range(1, len(reports) + 1)]
        with self.by(agency):
            self.hub.open_group(reports, case_ids=ids)
        self.opened.extend((scenario, i) for i in ids)
        return ids


Scenario = Callable[[Demo], Steps]


def play(hub: Hub, clock: ScriptClock, scenarios: dict[str, Scenario]) -> list[tuple[str, UUID]]:
    """Play the scenarios not loaded yet; return every demo case (scenario, case id)."""
    demo = Demo(hub, today=clock.now)
    queue: list[tuple[datetime, int, Steps]] = []
    loaded: list[tuple[str, UUID]] = []
    for order, (name, scenario) in enumerate(scenarios.items()):
        if _exists(hub, demo.case_id(name)):
            loaded.extend(_cases_of(hub, demo, name))
            continue
        steps = scenario(demo)
        heapq.heappush(queue, (next(steps), order, steps))
    while queue:
        at, order, steps = heapq.heappop(queue)
        clock.now = at
        upcoming = next(steps, None)  # runs the step due at ``at``
        if upcoming is not None:
            if upcoming < at:
                raise ValueError(f"a demo step goes back in time: {upcoming} < {at}")
            heapq.heappush(queue, (upcoming, order, steps))
    return loaded + demo.opened


def _exists(hub: Hub, case_id: UUID) -> bool:
    try:
        hub.get_case(case_id)
    except CaseNotFound:
        return False
    return True


def _cases_of(hub: Hub, demo: Demo, scenario: str) -> list[tuple[str, UUID]]:
    cases = []
    person = 1
    while _exists(hub, demo.case_id(scenario, person)):
        cases.append((scenario, demo.case_id(scenario, person)))
        person += 1
    return cases
