"""A case as one caller may see it: every field passed through the access decision.

Sealed values are shown only to a caller entitled to them who named a purpose, and only after
the disclosure has been recorded; a caller without a purpose gets the rest of the case with the
sealed fields left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from api.schemas.responses import (
    CaseOut,
    ConsentOut,
    CustodyOut,
    DetectionOut,
    HandoffOut,
    MeasureOut,
    ObservationOut,
    ReceiptOut,
    ReferralOut,
)
from domain.access import CaseAccess, Level
from domain.case import Case
from domain.errors import CaseNotFound, PersonalDataUnavailable, PurposeNotAllowed
from domain.hub import Hub
from domain.measures import Observation
from domain.personal_data import PlainValue, SealedValue
from domain.referral import Referral, ReferralStatus
from domain.vocabulary import Purpose, parse_code


@dataclass
class Disclosures:
    """The sealed values a response will show, recorded once before any is unsealed."""

    hub: Hub
    case_id: UUID
    purpose: str | None
    wanted: list[tuple[str, str, SealedValue, Callable[[PlainValue], None]]] = field(
        default_factory=list
    )

    def want(
        self, name: str, label: str, sealed: SealedValue | None, put: Callable[[PlainValue], None]
    ) -> None:
        if sealed is not None and self.purpose is not None:
            self.wanted.append((name, label, sealed, put))

    def reveal(self) -> None:
        if not self.wanted or self.purpose is None:
            return
        self.hub.record_disclosure(self.case_id, self.purpose, [name for name, *_ in self.wanted])
        for _, label, sealed, put in self.wanted:
            try:
                put(self.hub.unseal(self.case_id, label, sealed))
            except PersonalDataUnavailable:
                return  # erased: nothing more to show


def case_out(hub: Hub, case: Case, access: CaseAccess, purpose: str | None) -> CaseOut:
    """The case for this caller; ``CaseNotFound`` if it may not know the case exists."""
    level = access.level
    if level == Level.NONE:
        raise CaseNotFound(case_id=str(case.id))
    if purpose is not None:
        named = parse_code(Purpose, purpose, field="X-Ruta-Purpose")
        if access.sees_sealed_data and not access.allows_purpose(named):
            raise PurposeNotAllowed(field="X-Ruta-Purpose", purpose=str(named))
        purpose = str(named)
    # An erased case's key is gone: nothing sealed can be shown, so nothing is recorded either.
    shown = Disclosures(hub, case.id, None if case.personal_data_erased else purpose)
    out = CaseOut(
        case_id=case.id,
        folio=case.folio,
        level=level.name.lower(),
        relations=sorted(access.relations),
        version=case.version,
        referrals=[_referral(r, access, shown) for r in case.referrals if access.sees_referral(r)],
    )
    if level >= Level.RECEIPT:
        out.status = "closed" if case.is_closed else "open"
        out.opened_at = case.created_on
        out.receipt = _receipt(case)
        out.detection = DetectionOut(**{**vars(case.detection)})
        out.personal_data_erased = case.personal_data_erased
    if level >= Level.METADATA:
        _metadata(out, case, access, shown)
    values = _personal_data(out, case, access, shown)
    shown.reveal()
    if values:  # revealed: otherwise the field is left out, never shown empty
        out.personal_data = values
    return out


def _metadata(out: CaseOut, case: Case, access: CaseAccess, shown: Disclosures) -> None:
    out.is_child = case.is_child
    out.age_group = str(case.age_group)
    out.risk_level = str(case.risk_level) if case.risk_level else None
    out.complaint = str(case.complaint) if case.complaint else None
    out.closure_reason = str(case.closure_reason) if case.closure_reason else None
    out.consent = ConsentOut(
        agencies={a: list(p) for a, p in case.consent.granted.items()},
        overrides={a: list(p) for a, p in case.consent.overrides.items()},
        child_protection_basis=case.consent.child_protection_basis,
    )
    handoffs, measures, observations = [], [], []
    for handoff in case.custody.handoffs:
        item = HandoffOut(
            handoff_id=handoff.id,
            from_agency=handoff.from_agency,
            to_agency=handoff.to_agency,
            status=str(handoff.status),
            initiated_at=handoff.initiated_at,
            resolved_at=handoff.resolved_at,
            refusal_reason=str(handoff.refusal_reason) if handoff.refusal_reason else None,
            legal_basis=str(handoff.legal_basis) if handoff.legal_basis else None,
        )
        if access.sees_place(handoff):
            shown.want(
                f"handoff.place:{handoff.id}", "handoff.place", handoff.place, _set(item, "place")
            )
        handoffs.append(item)
    for measure in case.measures:
        shown_measure = MeasureOut(
            measure_id=measure.id,
            kind=str(measure.kind),
            provider=measure.provider,
            started_at=measure.started_at,
            ended_at=measure.ended_at,
            end_reason=str(measure.end_reason) if measure.end_reason else None,
        )
        if access.sees_location(measure):
            shown.want(
                f"measure.location:{measure.id}",
                "measure.location",
                measure.location,
                _set(shown_measure, "location"),
            )
        measures.append(shown_measure)
    for observation in case.observations:
        if access.level >= Level.FULL or observation.concerning == access.agency.code:
            observations.append(_observation(observation, access, shown))
    # Assigned, not appended: the response leaves out what was never set.
    out.custody = CustodyOut(
        custodian=case.custody.custodian,
        whereabouts_unknown=case.custody.whereabouts_unknown,
        handoffs=handoffs,
    )
    out.measures = measures
    out.observations = observations


def _observation(
    observation: Observation, access: CaseAccess, shown: Disclosures
) -> ObservationOut:
    item = ObservationOut(
        observation_id=observation.id,
        kind=str(observation.kind),
        concerning=observation.concerning,
        issued_at=observation.issued_at,
        answered_at=observation.answered_at,
    )
    if access.sees_observation_text(observation):
        # Not personal data of the person, but free text: sealed, and read under a purpose too.
        shown.want(
            f"observation.text:{observation.id}",
            "observation.text",
            observation.text,
            _set(item, "text"),
        )
        shown.want(
            f"observation.answer:{observation.id}",
            "observation.answer",
            observation.answer,
            _set(item, "answer"),
        )
    return item


def _referral(referral: Referral, access: CaseAccess, shown: Disclosures) -> ReferralOut:
    item = ReferralOut(
        referral_id=referral.id,
        from_agency=referral.from_agency,
        to_agency=referral.to_agency,
        service=str(referral.service),
        urgency=str(referral.urgency),
        status=str(referral.status),
        issued_at=referral.issued_at,
        due_at=referral.due_at,
        answered_at=referral.answered_at,
        decline_reason=str(referral.decline_reason) if referral.decline_reason else None,
        legal_basis=str(referral.legal_basis) if referral.legal_basis else None,
    )
    if access.sees_note(referral):
        shown.want(
            f"referral.note:{referral.id}", "referral.note", referral.note, _set(item, "note")
        )
    return item


def _personal_data(
    out: CaseOut, case: Case, access: CaseAccess, shown: Disclosures
) -> dict[str, PlainValue]:
    if access.level >= Level.RECEIPT:
        out.sealed_fields = sorted(case.personal_data)
    allowed = access.personal_fields()
    reported = access.reported_fields()
    values: dict[str, PlainValue] = {}
    for name, sealed in case.personal_data.items():
        if name in allowed:
            shown.want(f"personal_data.{name}", f"personal_data.{name}", sealed, _put(values, name))
    for name, sealed in case.reported_personal_data.items():
        if name in reported and name not in values and name not in allowed:
            shown.want(f"reported.{name}", f"personal_data.{name}", sealed, _put(values, name))
    return values  # filled in when revealed


def _receipt(case: Case) -> ReceiptOut:
    return ReceiptOut(
        referred=bool(case.referrals),
        accepted=any(
            r.status in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED) for r in case.referrals
        ),
        in_care=any(m.is_active for m in case.measures),
    )


def _set(target: object, attribute: str) -> Callable[[PlainValue], None]:
    def put(value: PlainValue) -> None:
        setattr(target, attribute, value if isinstance(value, str) else ", ".join(value))

    return put


def _put(values: dict[str, PlainValue], name: str) -> Callable[[PlainValue], None]:
    def put(value: PlainValue) -> None:
        values[name] = value

    return put
