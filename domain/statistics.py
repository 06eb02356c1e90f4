"""The facts of a case that statistics count, computed from its events alone.

Statistics for the secretariat, the municipalities, the federal commission and UNODC are
anonymized (DESIGN.md, "Need to know"): ``CaseFacts`` carries no id, folio or personal data,
only the codes and times that the tables of ``domain/statistics_tables.py`` count.

The facts are computed on request from the event store: every case's events are read for every
answer, a cost that grows with the whole log (one query for the case ids, one per case). A
projection that keeps each case's facts up to date as events arrive is the next step once
volumes make that cost felt; ``case_facts`` is the pure function it would apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain import case_events
from domain.access import may_observe
from domain.actor import Actor, Role
from domain.agencies import Agency, Participation
from domain.errors import CaseNotFound
from domain.event_folds import Fold, follows
from domain.indigenous_languages import indigenous_language_groups
from domain.stored_names import topics_of

PAGE = 500


@dataclass(frozen=True)
class ReferralFacts:
    addressee: str
    issued_at: datetime
    answered_after: timedelta | None  # accepted or declined; None while unanswered


@dataclass(frozen=True)
class HandoffFacts:
    receiving_agency: str
    initiated_at: datetime
    acknowledged_after: timedelta | None  # None while open, or when refused


@dataclass(frozen=True)
class CaseFacts:
    """What statistics know of one case: codes and durations, never who the person is."""

    detecting_agency: str
    detected_at: datetime
    municipality: str
    exploitation_forms: tuple[str, ...]  # a case may have several, or none recorded
    age_group: str  # as last assessed
    sex: str
    nationality: str
    first_referral_after: timedelta | None  # from the detection; None until a referral
    # Whether the person (for a child, PPNNA) agreed to be counted, as last answered in a
    # consent: a case without a yes is left out of the statistics (domain/statistics_tables.py).
    counted: bool
    referrals: tuple[ReferralFacts, ...] = ()
    handoffs: tuple[HandoffFacts, ...] = ()
    estimated_age: int | None = None  # as last assessed
    indigenous_languages: tuple[str, ...] = ()  # the groups (domain/indigenous_languages.py)
    economic_sector: str = "unknown"
    trafficking_scope: str = "unknown"


def case_facts(case_id: UUID, events: Iterable[Any]) -> CaseFacts:
    """The facts after ``events`` (the case's, in order; events of other streams are ignored)."""
    facts = _Facts()
    for event in events:
        if event.originator_id != case_id:
            continue
        handler = facts.handler(event)
        if handler is not None:
            handler(event)
    if facts.detection is None:
        raise CaseNotFound(case_id=str(case_id))
    return facts.result()


def opened_case_ids(app: Application[UUID]) -> Iterator[UUID]:
    """Every case's id, in the order the cases were opened (the log's ``CaseOpened``)."""
    topics = topics_of(case_events.CaseOpened)  # its name and the names of earlier releases
    after = 0
    while True:
        page = app.recorder.select_notifications(
            start=after, limit=PAGE, topics=topics, inclusive_of_start=False
        )
        for notification in page:
            yield UUID(str(notification.originator_id))
        if len(page) < PAGE:
            return
        after = page[-1].id


def recorded_facts(app: Application[UUID]) -> list[CaseFacts]:
    """The facts of every case in the store, read from its events now."""
    return [case_facts(case_id, app.events.get(case_id)) for case_id in opened_case_ids(app)]


def may_read_statistics(who: Actor, agency: Agency) -> bool:
    """The statistics-only agencies (any account), the commission, auditors, and the
    supervisors of the agencies that take part in cases."""
    if agency.participation == Participation.STATISTICS:
        return True
    if may_observe(who, agency) or who.has(Role.AUDITOR):
        return True
    return who.has(Role.SUPERVISOR) and agency.participation == Participation.CASE_PARTY


@dataclass
class _Referral:
    addressee: str
    issued_at: datetime
    answered_at: datetime | None = None


@dataclass
class _Handoff:
    receiving_agency: str
    initiated_at: datetime
    acknowledged_at: datetime | None = None


@dataclass
class _Facts(Fold):
    """The facts being gathered; each handler follows the event class it names."""

    detection: Any = None
    age_group: str = ""
    estimated_age: int | None = None
    counted: bool = False  # until a consent says yes
    first_referral_at: datetime | None = None
    referrals: dict[UUID, _Referral] = field(default_factory=dict)
    handoffs: dict[UUID, _Handoff] = field(default_factory=dict)

    @follows(case_events.CaseOpened)
    def on_CaseOpened(self, event: Any) -> None:
        self.detection = event.detection
        self.age_group = str(event.detection.age_group)
        self.estimated_age = event.detection.estimated_age

    @follows(case_events.AgeAssessed)
    def on_AgeAssessed(self, event: Any) -> None:
        self.age_group = str(event.age_group)
        self.estimated_age = event.estimated_age

    @follows(case_events.ConsentRecorded)
    def on_ConsentRecorded(self, event: Any) -> None:
        if event.counted_in_statistics is not None:  # a consent that does not ask changes nothing
            self.counted = event.counted_in_statistics

    @follows(case_events.ReferralIssued)
    def on_ReferralIssued(self, event: Any) -> None:
        self.referrals[event.referral_id] = _Referral(event.to_agency, event.timestamp)
        if self.first_referral_at is None:
            self.first_referral_at = event.timestamp

    @follows(case_events.ReferralAccepted)
    def on_ReferralAccepted(self, event: Any) -> None:
        self._answer(event.referral_id, event.timestamp)

    @follows(case_events.ReferralDeclined)
    def on_ReferralDeclined(self, event: Any) -> None:
        self._answer(event.referral_id, event.timestamp)

    @follows(case_events.CustodyHandoffInitiated)
    def on_CustodyHandoffInitiated(self, event: Any) -> None:
        self.handoffs[event.handoff_id] = _Handoff(event.to_agency, event.timestamp)

    @follows(case_events.CustodyHandoffAcknowledged)
    def on_CustodyHandoffAcknowledged(self, event: Any) -> None:
        handoff = self.handoffs.get(event.handoff_id)
        if handoff is not None and handoff.acknowledged_at is None:
            handoff.acknowledged_at = event.timestamp

    def _answer(self, referral_id: UUID, at: datetime) -> None:
        referral = self.referrals.get(referral_id)
        if referral is not None and referral.answered_at is None:
            referral.answered_at = at

    def result(self) -> CaseFacts:
        detection = self.detection
        first = self.first_referral_at
        return CaseFacts(
            detecting_agency=detection.agency,
            detected_at=detection.detected_at,
            municipality=detection.municipality,
            exploitation_forms=tuple(str(f) for f in detection.exploitation_forms),
            age_group=self.age_group,
            sex=str(detection.sex),
            nationality=str(detection.nationality),
            # A detection may be dated up to the clock skew ahead of the hub: never negative.
            first_referral_after=None if first is None else _since(detection.detected_at, first),
            counted=self.counted,
            estimated_age=self.estimated_age,
            indigenous_languages=indigenous_language_groups(detection.languages),
            economic_sector=str(detection.economic_sector),
            trafficking_scope=str(detection.trafficking_scope),
            referrals=tuple(
                ReferralFacts(r.addressee, r.issued_at, _after(r.issued_at, r.answered_at))
                for r in self.referrals.values()
            ),
            handoffs=tuple(
                HandoffFacts(
                    h.receiving_agency, h.initiated_at, _after(h.initiated_at, h.acknowledged_at)
                )
                for h in self.handoffs.values()
            ),
        )


def _since(start: datetime, end: datetime) -> timedelta:
    return max(end - start, timedelta(0))


def _after(start: datetime, end: datetime | None) -> timedelta | None:
    return None if end is None else _since(start, end)
