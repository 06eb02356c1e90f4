"""The hub: every use case of the route, in one place (get, command, save).

Commands run as the actor set by ``acting_as`` and are dated by the hub's clock. Each returns the
log position of its last event, so that a caller can wait for a view to catch up with it. Codes
arrive as text and are checked here, each error naming the field it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import DomainEventProtocol

from domain import actor
from domain.actor import Role
from domain.case import Case
from domain.custody_chain import CustodyChain, custody_chain
from domain.errors import (
    CaseNotFound,
    DataKeyMissing,
    DeclineNeedsReason,
    InvalidValue,
    PersonalDataUnavailable,
)
from domain.folio import Folio
from domain.hub_accounts import HubAccounts
from domain.hub_base import Created, DetectionReport, Opened
from domain.personal_data import (
    PlainValue,
    SealedValue,
    check_field_names,
    check_free_text,
    check_personal_data,
)
from domain.vocabulary import (
    AgeAssessmentMethod,
    AgeGroup,
    ClosureReason,
    ComplaintDecision,
    CustodyEndReason,
    DeclineReason,
    ErasureReason,
    HandoffRefusalReason,
    LegalBasis,
    MeasureEndReason,
    MeasureKind,
    ObservationKind,
    ReopenReason,
    RiskLevel,
    Service,
    Urgency,
    WithdrawalReason,
    parse_code,
    parse_codes,
)


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored events in order.

    The library's default projector checks a runtime protocol on every event, which cost a
    seventh of a command's time; every event of a case can mutate it, so the check is not needed.
    """
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


class Hub(HubAccounts):
    """The write side of Ruta: one method per use case."""

    name = "Hub"

    # Detection

    def open_case(self, report: DetectionReport, case_id: UUID | None = None) -> Opened:
        """Record a detection; it opens a case with the next folio of the year."""
        return self._open_cases([report], [case_id] if case_id else None)[0]

    def open_group(
        self, reports: Sequence[DetectionReport], case_ids: Sequence[UUID] | None = None
    ) -> list[Opened]:
        """A group detection: one case per person, linked by one operation reference."""
        return self._open_cases(reports, case_ids)

    # Reading

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        try:
            case: object = self.repository.get(case_id, version=version, projector_func=replay)
        except AggregateNotFoundError:
            raise CaseNotFound(case_id=str(case_id)) from None
        if not isinstance(case, Case):
            raise CaseNotFound(case_id=str(case_id))
        return case

    def find_folio(self, folio: str) -> UUID:
        try:
            index: object = self.repository.get(Folio.create_id(folio))
        except AggregateNotFoundError:
            raise CaseNotFound(case_id=folio) from None
        assert isinstance(index, Folio)
        return index.case_id

    def timeline(
        self, case_id: UUID, until: datetime | None = None
    ) -> list[DomainEventProtocol[UUID]]:
        """The case's events; with ``until``, those recorded by then (``CaseNotFound`` if the
        case did not exist yet)."""
        events = list(self.events.get(case_id))
        if not events or not isinstance(events[0], Case.CaseOpened):
            raise CaseNotFound(case_id=str(case_id))
        if until is not None:
            events = [e for e in events if e.timestamp <= until]  # type: ignore[attr-defined]
            if not events:
                raise CaseNotFound(case_id=str(case_id))
        return events

    def case_as_of(self, case_id: UUID, at: datetime) -> Case:
        """The case as it stood at ``at``: its events recorded by then, nothing after."""
        case = replay(None, self.timeline(case_id, until=at))
        assert isinstance(case, Case)
        return case

    def custody(self, case_id: UUID, at: datetime | None = None) -> CustodyChain:
        """The chain of custody, now or as it stood at ``at``."""
        return custody_chain(case_id, self.timeline(case_id, until=at))

    def personal_data(self, case_id: UUID) -> dict[str, PlainValue]:
        """The case's personal data, unsealed; the edge decides who may ask, and records it."""
        case = self.get_case(case_id)
        if case.personal_data_erased:
            raise PersonalDataUnavailable(case_id=str(case_id))
        return {
            name: self.unseal(case_id, f"personal_data.{name}", sealed)
            for name, sealed in case.personal_data.items()
        }

    def unseal(self, case_id: UUID, label: str, sealed: SealedValue) -> PlainValue:
        """A sealed free text of the case (a note, a place), for a caller entitled to it.

        ``PersonalDataUnavailable`` if the case was erased, ``DataKeyMissing`` if its key is
        gone otherwise. The case's events decide which: the key store's tombstone may have been
        lost with the key store, its events not.
        """
        try:
            return self.sealer.unseal(case_id, label, sealed)
        except DataKeyMissing:
            if self.get_case(case_id).personal_data_erased:
                raise PersonalDataUnavailable(case_id=str(case_id)) from None
            raise

    # Age, risk, consent, complaint

    def assess_age(
        self, case_id: UUID, age_group: str, estimated_age: int | None, method: str
    ) -> int:
        self._party()
        group = parse_code(AgeGroup, age_group, field="age_group")
        if estimated_age is not None and not 0 <= estimated_age <= 120:
            raise InvalidValue(field="estimated_age", reason="an age from 0 to 120")
        case = self.get_case(case_id)
        case.assess_age(
            group, estimated_age, parse_code(AgeAssessmentMethod, method, field="method")
        )
        return self._save(case)

    def assess_risk(self, case_id: UUID, level: str, note: str | None = None) -> int:
        self._party()
        case = self.get_case(case_id)
        case.assess_risk(
            parse_code(RiskLevel, level, field="level"), self._seal_text(case_id, "risk.note", note)
        )
        return self._save(case)

    def record_consent(
        self,
        case_id: UUID,
        agencies: list[str],
        purposes: list[str],
        informed_in: str | None = None,
        interpreter: bool = False,
        legal_basis: str | None = None,
    ) -> int:
        self._party()
        covered = [
            self.catalogue.case_party(a, field=f"agencies[{i}]") for i, a in enumerate(agencies)
        ]
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        case.record_consent(
            covered,
            list(parse_codes(Service, purposes, field="purposes")),
            informed_in,
            interpreter,
            basis,
        )
        return self._save(case)

    def withdraw_consent(self, case_id: UUID, agencies: list[str]) -> int:
        self._party()
        case = self.get_case(case_id)
        case.withdraw_consent(list(agencies))
        return self._save(case)

    def record_complaint_decision(
        self, case_id: UUID, decision: str, with_agency: str | None = None
    ) -> int:
        self._party()
        prosecutor = (
            self.catalogue.case_party(with_agency, field="with_agency") if with_agency else None
        )
        case = self.get_case(case_id)
        case.record_complaint_decision(
            parse_code(ComplaintDecision, decision, field="decision"), prosecutor
        )
        return self._save(case)

    # Referrals

    def issue_referral(
        self,
        case_id: UUID,
        to_agency: str,
        service: str,
        urgency: str = "normal",
        note: str | None = None,
        legal_basis: str | None = None,
    ) -> Created:
        self._party()
        wanted = parse_code(Service, service, field="service")
        to = self.catalogue.offering(to_agency, wanted, field="to_agency")
        level = parse_code(Urgency, urgency, field="urgency")
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        due_at = self.deadlines.referral_due(self.clock(), level, case.risk_level)
        sealed = self._seal_text(case_id, "referral.note", note)
        referral_id = case.issue_referral(to, wanted, level, due_at, sealed, basis)
        return Created(referral_id, self._save(case, referral_id=str(referral_id)))

    def accept_referral(self, case_id: UUID, referral_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.accept_referral(referral_id)
        return self._save(case)

    def decline_referral(
        self, case_id: UUID, referral_id: UUID, reason: str, detail: str | None = None
    ) -> int:
        self._party()
        if not reason or not reason.strip():
            raise DeclineNeedsReason(field="reason")
        why = parse_code(DeclineReason, reason, field="reason")
        case = self.get_case(case_id)
        case.decline_referral(referral_id, why, self._seal_text(case_id, "referral.detail", detail))
        return self._save(case)

    def withdraw_referral(self, case_id: UUID, referral_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.withdraw_referral(referral_id, parse_code(WithdrawalReason, reason, field="reason"))
        return self._save(case)

    def complete_referral(self, case_id: UUID, referral_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.complete_referral(referral_id)
        return self._save(case)

    # Custody

    def initiate_handoff(
        self,
        case_id: UUID,
        to_agency: str,
        place: str | None = None,
        legal_basis: str | None = None,
    ) -> Created:
        self._party()
        to = self.catalogue.case_party(to_agency, field="to_agency")
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        sealed = self._seal_text(case_id, "handoff.place", place)
        handoff_id = case.initiate_handoff(to, sealed, basis)
        return Created(handoff_id, self._save(case, handoff_id=str(handoff_id)))

    def acknowledge_handoff(self, case_id: UUID, handoff_id: UUID) -> int:
        self._party()
        case = self.get_case(case_id)
        case.acknowledge_handoff(handoff_id)
        return self._save(case)

    def refuse_handoff(self, case_id: UUID, handoff_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.refuse_handoff(handoff_id, parse_code(HandoffRefusalReason, reason, field="reason"))
        return self._save(case)

    def assume_custody(self, case_id: UUID) -> int:
        agency = self._party()
        case = self.get_case(case_id)
        case.assume_custody(agency)
        return self._save(case)

    def release_custody(self, case_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.release_custody(parse_code(CustodyEndReason, reason, field="reason"))
        return self._save(case)

    def report_whereabouts_unknown(
        self, case_id: UUID, last_seen_at: datetime, place: str | None = None
    ) -> int:
        self._party()
        case = self.get_case(case_id)
        sealed = self._seal_text(case_id, "whereabouts.place", place)
        case.report_whereabouts_unknown(last_seen_at, sealed)
        return self._save(case)

    def report_located(
        self, case_id: UUID, custody_with: str | None = None, place: str | None = None
    ) -> int:
        self._party()
        holder = (
            self.catalogue.case_party(custody_with, field="custody_with") if custody_with else None
        )
        case = self.get_case(case_id)
        case.report_located(holder, self._seal_text(case_id, "whereabouts.place", place))
        return self._save(case)

    # Protection measures

    def start_measure(
        self,
        case_id: UUID,
        kind: str,
        provider: str,
        location: str | None = None,
        started_at: datetime | None = None,
        legal_basis: str | None = None,
    ) -> Created:
        """A measure provided by another agency needs consent for it or a stated legal basis."""
        self._party()
        measure = parse_code(MeasureKind, kind, field="kind")
        by = self.catalogue.case_party(provider, field="provider")
        basis = parse_code(LegalBasis, legal_basis, field="legal_basis") if legal_basis else None
        case = self.get_case(case_id)
        sealed = self._seal_text(case_id, "measure.location", location)
        measure_id = case.start_measure(measure, by, sealed, started_at or self.clock(), basis)
        return Created(measure_id, self._save(case, measure_id=str(measure_id)))

    def end_measure(
        self,
        case_id: UUID,
        measure_id: UUID,
        reason: str = "completed",
        ended_at: datetime | None = None,
    ) -> int:
        self._party()
        why = parse_code(MeasureEndReason, reason, field="reason")
        case = self.get_case(case_id)
        case.end_measure(measure_id, ended_at or self.clock(), why)
        return self._save(case)

    # Personal data

    def amend_personal_data(
        self, case_id: UUID, personal_data: Mapping[str, object], remove: Sequence[str] = ()
    ) -> int:
        self._party()
        checked = check_personal_data(personal_data)
        removed = [str(f) for f in check_field_names(remove, field="remove")]
        case = self.get_case(case_id)
        case.require_amendable()
        sealed = self._seal_personal_data(case_id, checked)
        case.amend_personal_data(sealed, removed)
        return self._save(case)

    def erase_personal_data(self, case_id: UUID, reason: str) -> int:
        """ARCO cancellation or end of retention: the key is destroyed, the history stays.

        The event is recorded first and the key destroyed after; if destroying fails, calling
        again on the erased case finishes the job.
        """
        self._require_role(Role.ADMIN)
        why = parse_code(ErasureReason, reason, field="reason")
        case = self.get_case(case_id)
        if case.personal_data_erased and self.sealer.has_key(case_id):
            self.sealer.destroy_key(case_id)
            return self._current_position()
        case.erase_personal_data(why)
        position = self._save(case)
        self.sealer.destroy_key(case_id)
        return position

    # The commission's review

    def issue_observation(
        self,
        case_id: UUID,
        concerning: str,
        text: str,
        kind: str = "finding",
        subject_id: UUID | None = None,
    ) -> Created:
        self._require_role(Role.COMMISSION)
        commission = self.catalogue.get(actor.current().actor.agency)
        self.catalogue.get(concerning, field="concerning")
        what = parse_code(ObservationKind, kind, field="kind")
        body = check_free_text(text, field="text")
        if body is None:
            raise InvalidValue(field="text", reason="an observation says what it observes")
        case = self.get_case(case_id)
        sealed = self.sealer.seal(case_id, "observation.text", body)
        observation_id = case.issue_observation(commission, concerning, what, sealed, subject_id)
        return Created(observation_id, self._save(case, observation_id=str(observation_id)))

    def answer_observation(self, case_id: UUID, observation_id: UUID, text: str) -> int:
        self._party()
        body = check_free_text(text, field="text")
        if body is None:
            raise InvalidValue(field="text", reason="an answer says something")
        case = self.get_case(case_id)
        case.answer_observation(
            observation_id, self.sealer.seal(case_id, "observation.answer", body)
        )
        return self._save(case)

    # Closing

    def close_case(self, case_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.close(parse_code(ClosureReason, reason, field="reason"))
        return self._save(case)

    def reopen_case(self, case_id: UUID, reason: str) -> int:
        self._party()
        case = self.get_case(case_id)
        case.reopen(parse_code(ReopenReason, reason, field="reason"))
        return self._save(case)
