"""Figure 3: raw events appended per second by a bare ``eventsourcing`` aggregate, the baseline."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.results import timed
from bench.stores import Store

FIGURE = "raw appends (bare aggregate)"


class Tally(Aggregate):
    """The smallest aggregate that records something."""

    def __init__(self) -> None:
        self.count = 0

    @event("Counted")
    def add_one(self) -> None:
        self.count += 1


class Bare(Application[UUID]):
    """An application without rules, on the hub's kind of store but in tables of its own."""


class RawAppends:
    """One new event per ``save()``, one transaction each, on an aggregate kept in memory.

    Nothing is loaded and nothing is checked: what is left is the cost of appending an event.
    """

    def __init__(self, store: Store) -> None:
        self.app = Bare(store.bare_env)
        self.tally = Tally()
        self.app.save(self.tally)

    def batch(self, count: int) -> float:
        """Seconds taken by ``count`` appends."""
        return timed(self._append, count)

    def _append(self, _: int) -> None:
        self.tally.add_one()
        self.app.save(self.tally)

    def close(self) -> None:
        self.app.close()
