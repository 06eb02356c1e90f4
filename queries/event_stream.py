"""Each case event as each audience may see it: the one policy of the relay's topics and the feed.

An agency's systems see an event as its caseworkers see it in the case's timeline
(``queries.timeline``), decided by ``domain.access`` on the case as it stood right after the
event: an agency learns of a case once it is involved, and within it only what its relation
needs; sealed values are always left out. An oversight agency (the commission) sees every case's
events as its accounts do: everything but personal data. The audit stream carries every case
event whole, sealed values still sealed (ciphertext an auditor cannot open).

The relay asks for each stored record in log order; the feed asks for one account. The case as
it stood is kept per case and advanced event by event, so following the log reads each case from
the store once, not once per event.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any
from uuid import UUID, uuid5

from cachetools import LRUCache
from eventsourcing.persistence import Notification
from eventsourcing.utils import TopicError, resolve_topic

from domain.access import CaseAccess
from domain.actor import Actor, Role
from domain.agencies import Agency, Participation
from domain.case import Case
from domain.case_state import CaseBase
from domain.hub import Hub, replay
from domain.past_access import PastAccess
from queries.timeline import Entry, entry_for, plain, public_type, timeline_entries

AUDIT = "audit"  # the audience of the audit stream, in event ids
# A stable namespace for event ids: uuid5(namespace, "case/version/audience").
EVENT_IDS = UUID("7d1f3c52-5b8e-4d2a-9a53-2f0c6b1e9a41")
CACHED_CASES = 1024
# An event's attributes that the stream event carries apart from its data.
_IN_BODY = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "agency", "account"}
    | {"traceparent"}
)


@dataclass(frozen=True)
class StreamEvent:
    """One case event as one audience may see it: plain values, which the relay
    (``adapters.kafka_message``) and the feed give their own format."""

    position: int  # log position (notification id) of the stored event
    case_id: UUID
    type_version: int  # the event class's version
    shown: Entry  # as the audience's timeline shows it; the audit stream's: every field
    # With the event that first involves an agency: the case's earlier entries as it sees them.
    history: tuple[Entry, ...] | None = None
    traceparent: str | None = field(default=None)  # W3C trace context stored with the event
    whole: bool = False  # the audit stream's: every field, sealed values still sealed
    folio: str | None = None  # the case's folio (``QR-2026-000019``)

    @property
    def case_version(self) -> int:
        return self.shown.version

    @property
    def type(self) -> str:
        """Public type, snake_case: "referral_issued" (a receipt: "referral_accepted")."""
        return self.shown.type

    @property
    def time(self) -> datetime:
        return self.shown.at

    def event_id(self, audience: str) -> str:
        """Stable per event and audience: a redelivered event keeps it, so it can be dropped."""
        return str(uuid5(EVENT_IDS, f"{self.case_id}/{self.case_version}/{audience}"))

    @property
    def cloud_type(self) -> str:
        return f"mx.ruta.{self.type}.v{self.type_version}"

    def attributes(self, audience: str, source: str) -> dict[str, str]:
        """The CloudEvents context attributes: ``ce_*`` headers in Kafka's binary mode, the
        envelope's members in the feed's JSON (``source``: the log's origin)."""
        found = {
            "specversion": "1.0",
            "id": self.event_id(audience),
            "source": source,
            "type": self.cloud_type,
            "subject": str(self.case_id),
            "time": self.time.isoformat(),
        }
        if self.traceparent:
            found["traceparent"] = self.traceparent
        return found


class EventStream:
    """What each audience may see of the hub's stored case events."""

    def __init__(self, hub: Hub, cached_cases: int = CACHED_CASES) -> None:
        self.hub = hub
        self._cases: LRUCache[UUID, _CaseSoFar] = LRUCache(maxsize=cached_cases)
        self._lock = threading.Lock()

    def for_agencies(self, notification: Notification) -> dict[str, StreamEvent]:
        """Agency code -> what its topic carries of this record; {} for other records."""
        with self._lock:
            so_far = self._case_at(notification)
            if so_far is None:
                return {}
            found: dict[str, StreamEvent] = {}
            for agency in self._audience(so_far.case):
                actor = Actor(agency.code, "", _roles(agency))
                if (seen := _seen(notification, so_far, actor, agency)) is not None:
                    found[agency.code] = seen
            return found

    def for_actor(
        self, notification: Notification, actor: Actor, present: Present
    ) -> StreamEvent | None:
        """What one account may see of this record (its feed), bounded by what it may see of
        the case now (``present``); None if nothing."""
        with self._lock:
            so_far = self._case_at(notification)
            if so_far is None:
                return None
            now = present.case(so_far)
            agency = self.hub.catalogue.get(actor.agency)
            return _seen(notification, so_far, actor, agency, now)

    def for_audit(self, notification: Notification) -> StreamEvent | None:
        """The event whole, its sealed values still sealed; None for records of no case."""
        with self._lock:
            so_far = self._case_at(notification)
        if so_far is None:
            return None
        event = so_far.events[-1]  # the audit stream reads no state of the case
        fields = {
            name: plain(value, keep_sealed=True)
            for name, value in vars(event).items()
            if name not in _IN_BODY
        }
        whole = Entry(
            version=event.originator_version,
            type=public_type(event),
            at=event.timestamp,
            agency=event.agency,
            account=event.account,
            data=fields,
        )
        return _stream_event(notification, so_far, whole, whole=True)

    def _audience(self, case: Case) -> list[Agency]:
        catalogue = self.hub.catalogue
        involved = [catalogue.get(code) for code in sorted(case.involved_agencies())]
        oversight = [a for a in catalogue if a.participation == Participation.OVERSIGHT]
        return involved + [a for a in oversight if a not in involved]

    def _case_at(self, notification: Notification) -> _CaseSoFar | None:
        """The case as it stood right after the record's event; None for another record.
        Called under the lock: a case kept is advanced in place."""
        if not _is_case_event(notification.topic):
            return None
        case_id = _uuid(notification.originator_id)
        version = notification.originator_version
        so_far = self._cases.pop(case_id, None)
        if so_far is None or so_far.version > version:
            so_far = _advanced(None, list(self.hub.events.get(case_id, lte=version)))
        elif so_far.version < version:
            new = list(self.hub.events.get(case_id, gt=so_far.version, lte=version))
            so_far = _advanced(so_far, new)
        self._cases[case_id] = so_far
        return so_far


class Present:
    """The cases as they stand now, each read once, for the events of one read of the feed.

    An event is shown as the caller saw it then *and* may still see it now
    (``domain.past_access``): the feed is a view of the past like any ``?as_of=``.
    """

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self._cases: dict[UUID, Case] = {}

    def case(self, so_far: _CaseSoFar) -> Case:
        case_id = so_far.case.id
        if case_id not in self._cases:
            later = self.hub.recorder.select_events(case_id, gt=so_far.version, limit=1)
            self._cases[case_id] = self.hub.get_case(case_id) if later else so_far.case
        return self._cases[case_id]


@dataclass(frozen=True)
class _CaseSoFar:
    """A case after its events so far, those events (its own parts depend on them all), and
    the agencies involved before the last of them (an agency that joins gets the history)."""

    case: Case
    events: list[Any]
    involved_before: frozenset[str]

    @property
    def version(self) -> int:
        return int(self.events[-1].originator_version)


def _advanced(so_far: _CaseSoFar | None, new: list[Any]) -> _CaseSoFar:
    """The case after ``new`` events too (a case kept is advanced in place)."""
    case = None if so_far is None else so_far.case
    events = [] if so_far is None else so_far.events
    case = replay(case, new[:-1])
    before = frozenset() if case is None else case.involved_agencies()
    return _CaseSoFar(replay(case, new[-1:]), events + new, before)


def _seen(
    notification: Notification,
    so_far: _CaseSoFar,
    actor: Actor,
    agency: Agency,
    now: Case | None = None,
) -> StreamEvent | None:
    """The event as the actor may see it (and, given the case ``now``, still may); for an
    agency the event involves for the first time, with ``history``: the case's earlier events
    as it may see them then (its timeline so far)."""
    event, events = so_far.events[-1], so_far.events
    access = CaseAccess(actor, agency, so_far.case)
    if now is not None and now is not so_far.case:
        access = PastAccess.of(CaseAccess(actor, agency, now), so_far.case)
    joins = agency.code in so_far.case.involved_agencies() - so_far.involved_before
    if not joins:
        entry = entry_for(event, events, access)
        if entry is None:
            return None
        return _stream_event(notification, so_far, entry)
    # The event that involves an agency concerns it, so it is shown; the entries before it are
    # the history.
    entries = timeline_entries(events, access)
    if not entries or entries[-1].version != event.originator_version:
        return None
    *history, entry = entries
    return _stream_event(notification, so_far, entry, tuple(history))


def _stream_event(
    notification: Notification,
    so_far: _CaseSoFar,
    shown: Entry,
    history: tuple[Entry, ...] | None = None,
    *,
    whole: bool = False,
) -> StreamEvent:
    event = so_far.events[-1]
    return StreamEvent(
        position=notification.id,
        case_id=event.originator_id,
        type_version=int(getattr(type(event), "class_version", 1)),
        shown=shown,
        history=history,
        traceparent=getattr(event, "traceparent", None),
        whole=whole,
        folio=so_far.case.folio,
    )


def _roles(agency: Agency) -> frozenset[Role]:
    """An agency's systems see what its caseworkers see; the commission's, what it observes."""
    if agency.participation == Participation.OVERSIGHT:
        return frozenset({Role.COMMISSION})
    return frozenset({Role.CASEWORKER})


@cache
def _is_case_event(topic: str) -> bool:
    """Whether the stored record's topic names an event of a case (not a folio, an account...)."""
    try:
        return issubclass(resolve_topic(topic), CaseBase.Event)
    except TopicError:
        return False


def _uuid(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
