"""Aggregates whose every event records who acted (agency and account), when, and under which
trace."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from eventsourcing.domain import Aggregate

from domain import actor


class StampedAggregate(Aggregate):
    """Every event carries the acting agency and account, the hub's time and the command's
    trace context (W3C ``traceparent``, so that a relay can continue the trace), from the context.

    Event bodies that need their own agency or time declare them as parameters with a default;
    the stamp overrides those defaults with the real values.
    """

    class Event(Aggregate.Event):
        agency: str
        account: str
        # Keyword-only with a default: events stored before it was recorded read as None, and
        # the fields of each event's own body keep their order.
        traceparent: str | None = field(default=None, kw_only=True)

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:
        return super()._create(event_class, id=id, **kwargs | _stamp())

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        super().trigger_event(event_class, **kwargs | _stamp())


def _stamp() -> dict[str, Any]:
    acting = actor.current()
    return {
        "agency": acting.actor.agency,
        "account": acting.actor.account,
        "timestamp": acting.now(),
        "traceparent": acting.traceparent(),
    }
