"""Who may make each write on a case: its lead, a child's legal representative, the agencies
serving the person.

``domain/access.py`` decides what an agency may see of a case; this module decides what it may
change, so that no agency writes beyond its part in the case (after handing custody
on, the detecting agency could still change consent, age, personal data and whereabouts).

- The **lead** coordinates the case: the current custodian; when nobody holds custody, the
  last agency that held it; the detecting agency when nobody ever did (labour inspectors who
  never take custody still refer the people they found).
- The **legal representative** is PPNNA in a child's case once it takes part (LGDNNA): it may
  do whatever the lead may, as the read side lets it see everything.
- **Serving** agencies attend the person under an accepted referral: the person tells whoever
  attends them, so they record consent, refer, report whereabouts and their own measures. An
  agency that need not know the case is about trafficking (education, social or economic
  development: the read side shows it only its own referral) records its own measures only.
- A **prosecutor** asked to investigate (a referral for investigation, still pending) records
  the person's complaint and assesses risk before it accepts.
- The **detecting** agency knows the case is trafficking from the start: with the others above it
  may record the notice to the prosecutor (CNPP art. 222).

Handoffs (the custodian), answers to referrals and handoffs (the addressee), withdrawing a
referral (its sender), ending a measure (its provider or recorder) and answering an observation
(the agency concerned) keep their own rules where those parts live.
"""

from __future__ import annotations

from enum import StrEnum

from domain import actor
from domain.access import CaseAccess, Level
from domain.case_state import CaseState, Relation
from domain.errors import (
    CaseClosed,
    Forbidden,
    NotAttendingThePerson,
    NotInvolved,
    NotTheLead,
    OwnMeasuresOnly,
)
from domain.vocabulary import Service


class Part(StrEnum):
    """An agency's part in a case, as the write rules see it."""

    LEAD = "lead"
    LEGAL_REPRESENTATIVE = "legal_representative"
    SERVING = "serving"
    SERVING_UNAWARE = "serving_unaware"  # serving, but need not know it is trafficking
    PROSECUTOR = "prosecutor"
    DETECTING = "detecting"  # it detected the case (and so knows it is trafficking)
    INVOLVED = "involved"  # any relation at all


class Write(StrEnum):
    """The writes whose rule is a part in the case (the others check their own party)."""

    ASSESS_AGE = "assess_age"
    ASSESS_RISK = "assess_risk"
    COMPLAINT_DECISION = "complaint_decision"
    RECORD_CONSENT = "record_consent"
    SCREEN_FOR_PROTECTION = "screen_for_protection"
    WITHDRAW_CONSENT = "withdraw_consent"
    WITHDRAW_OWN_CONSENT = "withdraw_own_consent"
    ISSUE_REFERRAL = "issue_referral"
    ASSUME_CUSTODY = "assume_custody"
    WHEREABOUTS = "whereabouts"
    START_OWN_MEASURE = "start_own_measure"
    START_MEASURE_FOR_ANOTHER = "start_measure_for_another"
    URGENT_MEDICAL_CARE = "urgent_medical_care"
    AMEND_PERSONAL_DATA = "amend_personal_data"
    CLOSE = "close"
    REOPEN = "reopen"
    NOTIFY_PROSECUTOR = "notify_prosecutor"
    HEAR_CHILD = "hear_child"  # the child's right to be heard (LGDNNA arts. 71-72)
    RETURN_REQUEST = "return_request"  # an adult's own request to return


_LEADING = frozenset({Part.LEAD, Part.LEGAL_REPRESENTATIVE})
_ATTENDING = _LEADING | {Part.SERVING}

# Each write: the parts that may make it, and the error for an involved agency that may not.
RULES: dict[Write, tuple[frozenset[Part], type[Forbidden]]] = {
    Write.ASSESS_AGE: (_LEADING, NotTheLead),
    Write.ASSESS_RISK: (_ATTENDING | {Part.PROSECUTOR}, NotAttendingThePerson),
    Write.COMPLAINT_DECISION: (_ATTENDING | {Part.PROSECUTOR}, NotAttendingThePerson),
    # In a child's case the commands also require the legal representative (LGDNNA).
    Write.RECORD_CONSENT: (_ATTENDING, NotAttendingThePerson),
    Write.SCREEN_FOR_PROTECTION: (_ATTENDING, NotAttendingThePerson),
    Write.WITHDRAW_CONSENT: (_ATTENDING, NotAttendingThePerson),
    Write.WITHDRAW_OWN_CONSENT: (frozenset({Part.INVOLVED}), NotInvolved),
    Write.ISSUE_REFERRAL: (_ATTENDING, NotAttendingThePerson),
    Write.ASSUME_CUSTODY: (_ATTENDING, NotAttendingThePerson),
    Write.WHEREABOUTS: (_ATTENDING, NotAttendingThePerson),
    Write.START_OWN_MEASURE: (_ATTENDING | {Part.SERVING_UNAWARE}, NotAttendingThePerson),
    Write.START_MEASURE_FOR_ANOTHER: (_LEADING, OwnMeasuresOnly),
    # Whoever attends the person may offer urgent care after sexual violence, or record that it
    # was offered (NOM-046-SSA2-2005, 6.4.2): the lead, PPNNA for a child, a serving agency.
    Write.URGENT_MEDICAL_CARE: (_ATTENDING, NotAttendingThePerson),
    Write.AMEND_PERSONAL_DATA: (_LEADING, NotTheLead),
    Write.CLOSE: (_LEADING, NotTheLead),
    Write.REOPEN: (_LEADING, NotTheLead),  # on a closed case: the lead at closing
    # CNPP art. 222: every public servant who learns of the crime reports it, so every agency
    # that knows the case's route may (the detecting agency too); an agency that need not know
    # it is trafficking (SERVING_UNAWARE) or that only declined a referral may not.
    Write.NOTIFY_PROSECUTOR: (
        _ATTENDING | {Part.PROSECUTOR, Part.DETECTING},
        NotAttendingThePerson,
    ),
    Write.HEAR_CHILD: (_ATTENDING, NotAttendingThePerson),
    Write.RETURN_REQUEST: (_ATTENDING, NotAttendingThePerson),
}


def lead(case: CaseState) -> str:
    """The agency that leads the case now."""
    return case.lead()


def is_legal_representative(case: CaseState, agency: str) -> bool:
    return case.represents_child(agency)


def parts(case: CaseState, agency: str, *, aware: bool = True) -> frozenset[Part]:
    """The agency's parts in the case; empty when it is not involved at all.

    ``aware``: whether the agency may know the case's route (what the read side shows at the
    metadata level); serving without it is ``SERVING_UNAWARE``."""
    relations = case.relations(agency)
    if not relations:
        return frozenset()
    found = {Part.INVOLVED}
    if agency == lead(case):
        found.add(Part.LEAD)
    if is_legal_representative(case, agency):
        found.add(Part.LEGAL_REPRESENTATIVE)
    if Relation.DETECTED in relations:
        found.add(Part.DETECTING)
    if Relation.SERVING in relations:
        found.add(Part.SERVING if aware else Part.SERVING_UNAWARE)
    if any(
        r.to_agency == agency and r.service == Service.INVESTIGATION and r.is_open
        for r in case.referrals
    ):
        found.add(Part.PROSECUTOR)
    return frozenset(found)


def require_involved(case: CaseState) -> str:
    """The acting agency, refused unless the case is open and the agency is involved in it."""
    if case.is_closed:
        raise CaseClosed()
    agency = actor.current().actor.agency
    if not case.relations(agency):
        raise NotInvolved(agency=agency)
    return agency


def require_writer(
    case: CaseState, write: Write, *, field: str | None = None, about: str | None = None
) -> str:
    """The acting agency, refused unless its part in the case allows ``write``.

    Only reopening is made on a closed case. An agency not involved at all is told only that
    (``NotInvolved``, which the API answers as the case not found). The refusal names ``about``
    (another agency the write concerns) or else the acting agency."""
    if case.is_closed and write != Write.REOPEN:
        raise CaseClosed()
    acting = actor.current()
    agency = acting.actor.agency
    found = parts(case, agency, aware=_aware(case, acting))
    if not found:
        raise NotInvolved(agency=agency)
    allowed, refusal = RULES[write]
    if not found & allowed:
        raise refusal(field=field, agency=about or agency)
    return agency


def _aware(case: CaseState, acting: actor.Acting) -> bool:
    """Whether the acting agency may know the case's route: no agency writes beyond it."""
    if acting.agency is None:
        return False  # unknown to the catalogue: nothing is granted on its word
    return CaseAccess(acting.actor, acting.agency, case).level >= Level.METADATA


def writes_allowed(case: CaseState, agency: str, *, aware: bool = True) -> frozenset[Write]:
    """The writes ``agency``'s part in the case allows now: what a page offers it to do (the
    command still checks, with its own rules for the parts that keep them)."""
    found = parts(case, agency, aware=aware)
    return frozenset(
        write
        for write, (allowed, _) in RULES.items()
        if found & allowed and (write == Write.REOPEN) == case.is_closed
    )
