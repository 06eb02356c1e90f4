"""Reading a case as one caller may see it: every field passed through the access decision.

Sealed values are shown only to a caller entitled to them who named a purpose, and only after
the disclosure has been recorded (``queries.disclosures``); a caller without a purpose gets the
rest of the case with the sealed fields left out.
"""

from __future__ import annotations

from datetime import datetime

from domain.access import CaseAccess, Level
from domain.case import Case
from domain.errors import CaseNotFound, PurposeNotAllowed
from domain.hub import Hub
from domain.measures import Observation
from domain.personal_data import PlainValue
from domain.referral import Referral, ReferralStatus
from domain.vocabulary import Purpose, parse_code
from queries.case_reading import (
    CaseDetails,
    CaseOutline,
    CaseReading,
    ConsentShown,
    CustodyShown,
    HandoffShown,
    MeasureShown,
    ObservationShown,
    ProsecutorNoticeShown,
    Receipt,
    ReferralShown,
)
from queries.disclosures import Disclosures, as_text
from queries.need_to_know import access_then, case_of


def read_case(
    hub: Hub, present: CaseAccess, purpose: str | None, as_of: datetime | None = None
) -> CaseReading:
    """The case as ``present``'s caller may see it, now or as it stood at ``as_of`` (what it was
    entitled to then and still is now); ``CaseNotFound`` if it may not know the case exists."""
    access = access_then(hub, present, as_of)
    with hub.acting_as(present.actor):  # a disclosure is recorded as the caller's
        return _reading(hub, access, purpose, as_of)


def _reading(
    hub: Hub, access: CaseAccess, purpose: str | None, as_of: datetime | None
) -> CaseReading:
    case = case_of(access)
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
    # Asked for in this order, recorded in this order: notes, places, locations, observations'
    # texts, personal data.
    referrals = [r for r in case.referrals if access.sees_referral(r)]
    for referral in referrals:
        if access.sees_note(referral):
            shown.want(f"referral.note:{referral.id}", "referral.note", referral.note)
    if level >= Level.METADATA:
        _want_route(case, access, shown)
    personal = _want_personal_data(case, access, shown)
    revealed = shown.reveal()
    values = {name: revealed[key] for key, name in personal if key in revealed}
    return CaseReading(
        case_id=case.id,
        folio=case.folio,
        level=level,
        relations=tuple(sorted(access.relations)),
        version=case.version,
        referrals=tuple(_referral(r, revealed) for r in referrals),
        outline=_outline(case) if level >= Level.RECEIPT else None,
        details=_details(case, access, revealed) if level >= Level.METADATA else None,
        personal_data=values or None,  # revealed: otherwise left out, never shown empty
        as_of=as_of,
    )


def _want_route(case: Case, access: CaseAccess, shown: Disclosures) -> None:
    if case.custody.whereabouts_unknown and access.sees_whereabouts():
        shown.want("whereabouts.place", "whereabouts.place", case.custody.last_seen_place)
    for handoff in case.custody.handoffs:
        if access.sees_place(handoff):
            shown.want(f"handoff.place:{handoff.id}", "handoff.place", handoff.place)
    for measure in case.measures:
        if access.sees_location(measure):
            shown.want(f"measure.location:{measure.id}", "measure.location", measure.location)
    for notice in case.prosecutor_notices:
        if access.sees_notice_reference(notice):
            shown.want(
                f"prosecutor_notice.reference:{notice.prosecutor}",
                "prosecutor_notice.reference",
                notice.reference,
            )
    for observation in _observations(case, access):
        if access.sees_observation_text(observation):
            # Not personal data of the person, but free text: sealed, read under a purpose too.
            key = observation.id
            shown.want(f"observation.text:{key}", "observation.text", observation.text)
            shown.want(f"observation.answer:{key}", "observation.answer", observation.answer)


def _want_personal_data(
    case: Case, access: CaseAccess, shown: Disclosures
) -> list[tuple[str, str]]:
    """Ask for the personal data the caller may see; (disclosure name, field) in order."""
    allowed = access.personal_fields()
    reported = access.reported_fields()
    wanted: list[tuple[str, str]] = []
    for name, sealed in case.personal_data.items():
        if name in allowed:
            shown.want(f"personal_data.{name}", f"personal_data.{name}", sealed)
            wanted.append((f"personal_data.{name}", name))
    for name, sealed in case.reported_personal_data.items():
        if name in reported and name not in allowed:
            shown.want(f"reported.{name}", f"personal_data.{name}", sealed)
            wanted.append((f"reported.{name}", name))
    return wanted


def _outline(case: Case) -> CaseOutline:
    accepted = (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED)
    return CaseOutline(
        status="closed" if case.is_closed else "open",
        opened_at=case.created_on,
        receipt=Receipt(
            referred=bool(case.referrals),
            accepted=any(r.status in accepted for r in case.referrals),
            in_care=any(m.is_active for m in case.measures),
        ),
        detection=case.detection,
        personal_data_erased=case.personal_data_erased,
        sealed_fields=tuple(sorted(case.personal_data)),
    )


def _details(case: Case, access: CaseAccess, revealed: dict[str, PlainValue]) -> CaseDetails:
    def text(name: str) -> str | None:
        return as_text(revealed.get(name))

    return CaseDetails(
        is_child=case.is_child,
        age_group=str(case.age_group),
        risk_level=_code(case.risk_level),
        complaint=_code(case.complaint),
        closure_reason=_code(case.closure_reason),
        consent=ConsentShown(
            agencies={a: list(p) for a, p in case.consent.granted.items()},
            overrides={a: list(p) for a, p in case.consent.overrides.items()},
            child_protection_basis=case.consent.child_protection_basis,
        ),
        custody=CustodyShown(
            custodian=case.custody.custodian,
            whereabouts_unknown=case.custody.whereabouts_unknown,
            last_seen_at=case.custody.last_seen_at,
            last_seen_place=text("whereabouts.place"),
            handoffs=tuple(
                HandoffShown(
                    handoff_id=h.id,
                    from_agency=h.from_agency,
                    to_agency=h.to_agency,
                    status=str(h.status),
                    initiated_at=h.initiated_at,
                    resolved_at=h.resolved_at,
                    refusal_reason=_code(h.refusal_reason),
                    legal_basis=_code(h.legal_basis),
                    place=text(f"handoff.place:{h.id}"),
                )
                for h in case.custody.handoffs
            ),
        ),
        measures=tuple(
            MeasureShown(
                measure_id=m.id,
                kind=str(m.kind),
                provider=m.provider,
                started_at=m.started_at,
                ended_at=m.ended_at,
                end_reason=_code(m.end_reason),
                location=text(f"measure.location:{m.id}"),
            )
            for m in case.measures
        ),
        observations=tuple(
            ObservationShown(
                observation_id=o.id,
                kind=str(o.kind),
                concerning=o.concerning,
                issued_at=o.issued_at,
                answered_at=o.answered_at,
                text=text(f"observation.text:{o.id}"),
                answer=text(f"observation.answer:{o.id}"),
            )
            for o in _observations(case, access)
        ),
        prosecutor_notices=tuple(
            ProsecutorNoticeShown(
                prosecutor=n.prosecutor,
                by=n.by,
                notified_at=n.notified_at,
                reference=text(f"prosecutor_notice.reference:{n.prosecutor}"),
            )
            for n in case.prosecutor_notices
        ),
    )


def _referral(r: Referral, revealed: dict[str, PlainValue]) -> ReferralShown:
    return ReferralShown(
        referral_id=r.id,
        from_agency=r.from_agency,
        to_agency=r.to_agency,
        service=str(r.service),
        urgency=str(r.urgency),
        status=str(r.status),
        issued_at=r.issued_at,
        due_at=r.due_at,
        answered_at=r.answered_at,
        decline_reason=_code(r.decline_reason),
        legal_basis=_code(r.legal_basis),
        note=as_text(revealed.get(f"referral.note:{r.id}")),
    )


def _observations(case: Case, access: CaseAccess) -> list[Observation]:
    """The commission sees every observation; an agency those concerning it."""
    code = access.agency.code
    return [o for o in case.observations if access.level >= Level.FULL or o.concerning == code]


def _code(value: object | None) -> str | None:
    return str(value) if value else None
