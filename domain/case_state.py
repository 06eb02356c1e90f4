"""What a case knows about itself, and the base of the case aggregate.

``CaseState`` holds the questions asked of a case (who is involved and how, its parts by id) and
the guards that several commands share. ``CaseBase`` opens the case and stamps every event with
the acting agency, account and time. The commands live in the ``case_*`` modules, one concern
each, and ``domain/case.py`` puts them together.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.consent import PPNNA, ConsentState
from domain.custody import Custody, Handoff
from domain.detection import Detection
from domain.errors import (
    CaseClosed,
    CaseHasOpenItems,
    HandoffNotFound,
    MeasureNotFound,
    ObservationNotFound,
    ReferralNotFound,
)
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.measures import Measure, Observation
from domain.personal_data import SealedValue
from domain.prosecutor_notice import ProsecutorNotice
from domain.protection_screening import ProtectionScreening
from domain.referral import Referral, ReferralStatus
from domain.stamped import StampedAggregate
from domain.vocabulary import AgeGroup, ClosureReason, ComplaintDecision, RiskLevel

# The default of event-body parameters that receive the event's own time: never used as a time.
NOT_SET = datetime.min.replace(tzinfo=UTC)


class Relation(StrEnum):
    """How an agency is involved in a case: the ground of what it may do and see."""

    DETECTED = "detected"
    SENT_REFERRAL = "sent_referral"
    REFERRAL_PENDING = "referral_pending"
    SERVING = "serving"
    DECLINED = "declined"
    CUSTODIAN = "custodian"
    HELD_CUSTODY = "held_custody"
    RECEIVING_CUSTODY = "receiving_custody"
    PROVIDER = "provider"  # provides a measure; recording one for another is no relation


class CaseState:
    """The state of a case and the questions asked of it."""

    folio: str
    detection: Detection
    personal_data: dict[str, SealedValue]
    reported_personal_data: dict[str, SealedValue]
    personal_data_erased: bool
    age_group: AgeGroup
    estimated_age: int | None
    risk_level: RiskLevel | None
    consent: ConsentState
    complaint: ComplaintDecision | None
    protection: ProtectionScreening | None  # the latest international-protection screening
    referrals: list[Referral]
    custody: Custody
    measures: list[Measure]
    observations: list[Observation]
    prosecutor_notices: list[ProsecutorNotice]
    is_closed: bool
    closure_reason: ClosureReason | None
    # The children's route and the return gate (``domain/case_children.py``), as class
    # defaults: a case opened before those events existed reads them as never recorded.
    restitution_plan_in_force: bool = False
    best_interest: str | None = None  # the latest best-interest determination's outcome
    return_requested: bool = False  # an adult asked to return (their own decision)
    risk_assessed_by: str | None = None  # the agency of the latest risk assessment

    @property
    def is_child(self) -> bool:
        """Presumption of minority: a child until an age assessment says adult."""
        return self.age_group != AgeGroup.ADULT

    @property
    def ppnna_notified(self) -> bool:
        """PPNNA knows of the case: it detected it, or a referral was addressed to it (the
        same notice that cures ``child_not_notified_to_ppnna``)."""
        return self.detection.agency == PPNNA or any(r.to_agency == PPNNA for r in self.referrals)

    def relations(self, agency: str) -> frozenset[Relation]:
        found: set[Relation] = set()
        if agency == self.detection.agency:
            found.add(Relation.DETECTED)
        for referral in self.referrals:
            if referral.from_agency == agency:
                found.add(Relation.SENT_REFERRAL)
            if referral.to_agency == agency:
                found.add(_ADDRESSEE_RELATION[referral.status])
        if agency == self.custody.custodian:
            found.add(Relation.CUSTODIAN)
        elif agency in self.custody.held_by:
            found.add(Relation.HELD_CUSTODY)
        open_handoff = self.custody.open_handoff()
        if open_handoff is not None and open_handoff.to_agency == agency:
            found.add(Relation.RECEIVING_CUSTODY)
        # Recording a measure never involves the recorder: it took part already.
        if any(m.provider == agency for m in self.measures):
            found.add(Relation.PROVIDER)
        return frozenset(found)

    def lead(self) -> str:
        """The agency that leads the case now (``domain/case_roles.py``): the custodian; when
        nobody holds custody, the last agency that held it; the detecting agency when nobody
        ever did."""
        if self.custody.custodian is not None:
            return self.custody.custodian
        if self.custody.held_by:
            return self.custody.held_by[-1]  # ``Custody`` keeps the last holder last
        return self.detection.agency

    def represents_child(self, agency: str) -> bool:
        """PPNNA in a child's case, once it takes part in it (LGDNNA): the child's legal
        representative, who sees everything and may do whatever the lead may. Asked by both the
        read side and the write rules, so that it never writes beyond what it sees."""
        return (
            self.is_child and agency == PPNNA and bool(self.relations(agency) - {Relation.DECLINED})
        )

    def involved_agencies(self) -> frozenset[str]:
        codes = {self.detection.agency, *self.custody.held_by}
        for referral in self.referrals:
            codes.update((referral.from_agency, referral.to_agency))
        for handoff in self.custody.handoffs:
            codes.update((handoff.from_agency, handoff.to_agency))
        codes.update(m.provider for m in self.measures)
        return frozenset(codes)

    def referral(self, referral_id: UUID) -> Referral:
        for referral in self.referrals:
            if referral.id == referral_id:
                return referral
        raise ReferralNotFound(field="referral_id", referral_id=str(referral_id))

    def handoff(self, handoff_id: UUID) -> Handoff:
        for handoff in self.custody.handoffs:
            if handoff.id == handoff_id:
                return handoff
        raise HandoffNotFound(field="handoff_id", handoff_id=str(handoff_id))

    def measure(self, measure_id: UUID) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise MeasureNotFound(field="measure_id", measure_id=str(measure_id))

    def observation(self, observation_id: UUID) -> Observation:
        for observation in self.observations:
            if observation.id == observation_id:
                return observation
        raise ObservationNotFound(field="observation_id", observation_id=str(observation_id))

    def _require_open(self) -> None:
        if self.is_closed:
            raise CaseClosed()

    def _require_nothing_open(self) -> None:
        open_items = {
            "referrals": sum(r.is_open for r in self.referrals),
            "handoffs": sum(h.is_open for h in self.custody.handoffs),
            "measures": sum(m.is_active for m in self.measures),
        }
        for items, count in open_items.items():
            if count:
                raise CaseHasOpenItems(count=count, items=items)


class CaseBase(CaseState, StampedAggregate):
    """The case's opening; every event of a case records the acting agency, account and time."""

    class CaseOpened(StampedAggregate.Event, Aggregate.Created):
        """Version 2 (0.3.0): the detection records the economic sector of the exploitation and
        the scope of the trafficking, both ``unknown`` in a detection stored before."""

        class_version = 2
        folio: str
        detection: Detection
        personal_data: dict[str, SealedValue]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # The detection is decoded before the upcast, with the fields' defaults: say so.
            state["detection"] = replace(
                state["detection"],
                economic_sector=EconomicSector.UNKNOWN,
                trafficking_scope=TraffickingScope.UNKNOWN,
            )

    # Opening

    @classmethod
    def open(
        cls, case_id: UUID, folio: str, detection: Detection, personal_data: dict[str, SealedValue]
    ) -> Self:
        case: Self = cls._create(
            cls.CaseOpened,
            id=case_id,
            folio=folio,
            detection=detection,
            personal_data=personal_data,
        )
        return case

    @event(CaseOpened)
    def __init__(
        self, folio: str, detection: Detection, personal_data: dict[str, SealedValue]
    ) -> None:
        self.folio = folio
        self.detection = detection
        self.personal_data = dict(personal_data)
        # The detecting agency's own report: what it may keep seeing after others amend it.
        self.reported_personal_data = dict(personal_data)
        self.personal_data_erased = False
        self.age_group = detection.age_group
        self.estimated_age = detection.estimated_age
        self.risk_level: RiskLevel | None = None
        self.consent = ConsentState()
        self.complaint: ComplaintDecision | None = None
        self.protection: ProtectionScreening | None = None
        self.referrals: list[Referral] = []
        holder = detection.agency if detection.in_custody else None
        self.custody = Custody(custodian=holder, held_by=[holder] if holder else [], handoffs=[])
        self.measures: list[Measure] = []
        self.observations: list[Observation] = []
        self.prosecutor_notices: list[ProsecutorNotice] = []
        self.is_closed = False
        self.closure_reason: ClosureReason | None = None


_ADDRESSEE_RELATION = {
    ReferralStatus.PENDING: Relation.REFERRAL_PENDING,
    ReferralStatus.ACCEPTED: Relation.SERVING,
    ReferralStatus.COMPLETED: Relation.SERVING,
    ReferralStatus.DECLINED: Relation.DECLINED,
    ReferralStatus.WITHDRAWN: Relation.DECLINED,
}
